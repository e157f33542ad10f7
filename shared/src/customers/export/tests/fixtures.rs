//! Rows that break naive writers, and an `out` the test can read after the
//! sink has taken ownership of it.

use crate::customers::export::{Format, Header, Options, writer};
use crate::customers::{CustomerRow, LinkedRecord};
use crate::model::System;
use std::io::Write;
use std::sync::{Arc, Mutex};
use time::macros::datetime;

/// A `Write` whose bytes stay readable through a clone.
#[derive(Clone, Default)]
pub(super) struct Shared(pub Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(super) fn header() -> Header {
    Header::new(System::OpenCart, datetime!(2026-12-01 21:00:00.5 UTC))
}

/// Writes `rows` as `format`; returns the file and the count `finish` gave.
pub(super) fn export(format: Format, options: &Options, rows: &[CustomerRow]) -> (Vec<u8>, u64) {
    let out = Shared::default();
    let mut sink = writer(format, &header(), options, Box::new(out.clone())).unwrap();
    for r in rows {
        sink.row(r).unwrap();
    }
    let n = sink.finish().unwrap();
    let bytes = out.0.lock().unwrap().clone();
    (bytes, n)
}

fn linked(pairs: &[(System, &str)]) -> Vec<LinkedRecord> {
    pairs
        .iter()
        .map(|(system, id)| LinkedRecord {
            system: *system,
            id: (*id).to_owned(),
        })
        .collect()
}

/// Quotes, commas, CR/LF, `<>&`, Cyrillic and accents, formula-looking
/// values, padding, empty fields, several linked records.
pub(super) fn awkward_rows() -> Vec<CustomerRow> {
    vec![
        CustomerRow {
            id: "7".into(),
            first_name: "Анна-Мария".into(),
            last_name: "O'Brien, \"Junior\"".into(),
            email: "anna@example.com".into(),
            phone: "+7 (999) 123-45-67".into(),
            group_id: "2".into(),
            group: "Опт & <VIP>".into(),
            newsletter: true,
            active: true,
            ip: "10.0.0.1".into(),
            date_added: "2024-01-02 09:00:00".into(),
            linked: linked(&[
                (System::RetailCrm, "42"),
                (System::MoySklad, "abc-def-0123"),
                (System::WooCommerce, "9"),
            ]),
        },
        CustomerRow {
            id: "c-1042".into(),
            first_name: "José Ñúñez".into(),
            last_name: "Müller\r\nZweite Zeile".into(),
            newsletter: false,
            active: true,
            linked: linked(&[(System::ShopScript, "5")]),
            ..CustomerRow::default()
        },
        CustomerRow {
            id: "007".into(),
            first_name: "Line\nbreak".into(),
            last_name: "=HYPERLINK(\"http://x\",\"Ёж\")".into(),
            email: "x@y.z".into(),
            phone: "-1".into(),
            group_id: "3".into(),
            group: "a,b;c \"q\" </td></table>".into(),
            newsletter: true,
            active: false,
            ip: "::1".into(),
            date_added: "01.02.2024".into(),
            linked: Vec::new(),
        },
        CustomerRow {
            id: "8".into(),
            first_name: "  padded  ".into(),
            last_name: "Carriage\rreturn\ttab ]]> &amp;".into(),
            ..CustomerRow::default()
        },
        CustomerRow::default(),
    ]
}

/// What the tabular formats give back: they show the group's name only.
pub(super) fn without_group_ids(rows: &[CustomerRow]) -> Vec<CustomerRow> {
    rows.iter()
        .cloned()
        .map(|mut r| {
            r.group_id.clear();
            r
        })
        .collect()
}
