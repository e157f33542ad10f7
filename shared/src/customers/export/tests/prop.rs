//! CM-4 properties: CSV and XML give back arbitrary strings (any Unicode,
//! control characters included) in every field. XML can only give back
//! what XML 1.0 can carry: the rest comes back as U+FFFD, as documented.
//! Cases: proptest's default (256) each, about a second in a debug build.

use super::fixtures::{export, without_group_ids};
use super::read;
use crate::customers::export::Format;
use crate::customers::export::Options;
use crate::customers::{CustomerRow, LinkedRecord};
use crate::model::System;
use proptest::prelude::*;

fn system() -> impl Strategy<Value = System> {
    prop_oneof![
        Just(System::RetailCrm),
        Just(System::MoySklad),
        Just(System::WooCommerce),
        Just(System::ShopScript),
        Just(System::Erp),
    ]
}

/// Printable Unicode, any `char` at all (controls, U+FFFE), or the
/// characters the formats treat specially, densely.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        "[\"',;:\r\n\t <>&=+@a-zА-яёé\u{0}\u{1}-]{0,12}",
    ]
}

fn row() -> impl Strategy<Value = CustomerRow> {
    // Peers' ids never contain `; ` (the linked cell's separator).
    let linked = prop::collection::vec((system(), "[^;]{0,12}"), 0..4);
    (
        (text(), text(), text(), text(), text(), text()),
        (text(), any::<bool>(), any::<bool>(), text(), text(), linked),
    )
        .prop_map(
            |(
                (id, first_name, last_name, email, phone, group_id),
                (group, newsletter, active, ip, date_added, linked),
            )| {
                CustomerRow {
                    id,
                    first_name,
                    last_name,
                    email,
                    phone,
                    group_id,
                    group,
                    newsletter,
                    active,
                    ip,
                    date_added,
                    linked: linked
                        .into_iter()
                        .map(|(system, id)| LinkedRecord { system, id })
                        .collect(),
                }
            },
        )
}

/// What XML gives back of `s`: characters outside XML 1.0's `Char` as U+FFFD.
fn xml_carried(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'.. => c,
            _ => '\u{FFFD}',
        })
        .collect()
}

proptest! {
    #[test]
    fn cm_4_csv_round_trips_arbitrary_strings(rows in prop::collection::vec(row(), 1..4)) {
        let (bytes, _) = export(Format::Csv, &Options::default(), &rows);
        prop_assert_eq!(read::csv(&bytes), without_group_ids(&rows));
    }

    #[test]
    fn cm_4_xml_round_trips_arbitrary_strings(rows in prop::collection::vec(row(), 1..4)) {
        let (bytes, _) = export(Format::Xml, &Options::default(), &rows);
        let want: Vec<CustomerRow> = rows
            .iter()
            .map(|r| CustomerRow {
                id: xml_carried(&r.id),
                first_name: xml_carried(&r.first_name),
                last_name: xml_carried(&r.last_name),
                email: xml_carried(&r.email),
                phone: xml_carried(&r.phone),
                group_id: xml_carried(&r.group_id),
                group: xml_carried(&r.group),
                ip: xml_carried(&r.ip),
                date_added: xml_carried(&r.date_added),
                linked: r
                    .linked
                    .iter()
                    .map(|l| LinkedRecord { system: l.system, id: xml_carried(&l.id) })
                    .collect(),
                ..r.clone()
            })
            .collect();
        prop_assert_eq!(read::xml(&bytes).rows, want);
    }
}
