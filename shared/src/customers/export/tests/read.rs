//! Readers for the tests: each file back into `CustomerRow`s with a parser
//! that knows nothing of our writers. The tabular formats' cells are mapped
//! through [`from_cells`] (group id left empty: they carry the name only).

use crate::customers::CustomerRow;
use crate::customers::export::{COLUMNS, parse_linked};
use crate::model::System;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

fn flag(cell: &str) -> bool {
    match cell {
        "yes" => true,
        "no" => false,
        other => panic!("not a flag: {other:?}"),
    }
}

/// A row from its 11 cells in column order, flags given apart (XLSX has
/// real booleans).
fn from_cells(c: &[String], newsletter: bool, active: bool) -> CustomerRow {
    assert_eq!(c.len(), COLUMNS.len(), "cells: {c:?}");
    CustomerRow {
        id: c[0].clone(),
        first_name: c[1].clone(),
        last_name: c[2].clone(),
        email: c[3].clone(),
        phone: c[4].clone(),
        group_id: String::new(),
        group: c[5].clone(),
        newsletter,
        active,
        ip: c[8].clone(),
        date_added: c[9].clone(),
        linked: parse_linked(&c[10]).expect("linked cell parses"),
    }
}

fn headings() -> Vec<String> {
    COLUMNS.iter().map(|c| c.heading.to_owned()).collect()
}

pub(super) fn csv(bytes: &[u8]) -> Vec<CustomerRow> {
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(head, headings());
    r.records()
        .map(|rec| {
            let c: Vec<String> = rec.unwrap().iter().map(str::to_owned).collect();
            from_cells(&c, flag(&c[6]), flag(&c[7]))
        })
        .collect()
}

pub(super) fn xlsx(bytes: &[u8]) -> Vec<CustomerRow> {
    use calamine::{Data, Reader as _, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), vec!["Customers".to_owned()]);
    let range = book.worksheet_range("Customers").unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    let mut rows = range.rows();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    };
    let head: Vec<String> = rows.next().unwrap().iter().map(text).collect();
    assert_eq!(head, headings());
    rows.map(|cells| {
        let b = |d: &Data| match d {
            Data::Bool(b) => *b,
            other => panic!("not a boolean: {other:?}"),
        };
        let c: Vec<String> = cells
            .iter()
            .map(|d| {
                if matches!(d, Data::Bool(_)) {
                    String::new()
                } else {
                    text(d)
                }
            })
            .collect();
        from_cells(&c, b(&cells[6]), b(&cells[7]))
    })
    .collect()
}

pub(super) fn html(bytes: &[u8]) -> Vec<CustomerRow> {
    use scraper::{Html, Selector};
    let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
    let sel = |s: &str| Selector::parse(s).unwrap();
    let head: Vec<String> = doc
        .select(&sel("table > thead > tr > th"))
        .map(|th| th.text().collect())
        .collect();
    assert_eq!(head, headings());
    doc.select(&sel("table > tbody > tr"))
        .map(|tr| {
            let c: Vec<String> = tr
                .select(&sel("td"))
                .map(|td| td.text().collect())
                .collect();
            from_cells(&c, flag(&c[6]), flag(&c[7]))
        })
        .collect()
}

/// The root's `system` and `exported`, and the customers.
pub(super) struct XmlDoc {
    pub system: String,
    pub exported: String,
    pub rows: Vec<CustomerRow>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> String {
    let a = e
        .try_get_attribute(name)
        .unwrap()
        .unwrap_or_else(|| panic!("no {name} attribute"));
    a.unescape_value().unwrap().into_owned()
}

/// Reads with quick-xml's reader, text through its XML 1.0 end-of-line
/// normalisation, references resolved as a conforming parser would.
pub(super) fn xml(bytes: &[u8]) -> XmlDoc {
    let mut r = Reader::from_reader(bytes);
    let mut doc = XmlDoc {
        system: String::new(),
        exported: String::new(),
        rows: Vec::new(),
    };
    let mut row = CustomerRow::default();
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf).unwrap();
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                text.clear();
                match e.name().as_ref() {
                    b"customers" => {
                        doc.system = attr(e, "system");
                        doc.exported = attr(e, "exported");
                    }
                    b"customer" => {
                        row = CustomerRow {
                            id: attr(e, "id"),
                            ..Default::default()
                        }
                    }
                    b"group" => row.group_id = attr(e, "id"),
                    b"record" => row.linked.push(crate::customers::LinkedRecord {
                        system: System::parse(&attr(e, "system")).unwrap(),
                        id: attr(e, "id"),
                    }),
                    _ => {}
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push_str(
                    quick_xml::escape::resolve_predefined_entity(&g.decode().unwrap()).unwrap(),
                ),
            },
            Event::Eof => break,
            _ => {}
        }
        // A leaf's value is complete at its end (or is empty when `<x/>`).
        let leaf = match &ev {
            Event::End(e) => Some(e.name().as_ref().to_vec()),
            Event::Empty(e) => Some(e.name().as_ref().to_vec()),
            _ => None,
        };
        if let Some(name) = leaf {
            let value = std::mem::take(&mut text);
            match name.as_slice() {
                b"first_name" => row.first_name = value,
                b"last_name" => row.last_name = value,
                b"email" => row.email = value,
                b"phone" => row.phone = value,
                b"group" => row.group = value,
                b"newsletter" => row.newsletter = value == "true",
                b"active" => row.active = value == "true",
                b"ip" => row.ip = value,
                b"date_added" => row.date_added = value,
                b"customer" => doc.rows.push(std::mem::take(&mut row)),
                _ => {}
            }
        }
        buf.clear();
    }
    doc
}
