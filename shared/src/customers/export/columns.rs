//! The export's columns, one fixed order for every format, and the cell
//! values of a customer in that order. The linked records' one-cell form
//! (`retailcrm:42; moysklad:abc`) is defined here, with its parser.

use crate::customers::{CustomerRow, LinkedRecord};
use crate::model::System;

/// One export column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The XML element name (and a stable machine name).
    pub key: &'static str,
    /// The heading in CSV, XLSX and HTML.
    pub heading: &'static str,
    /// The XLSX column width, in characters.
    pub width: f64,
}

const fn col(key: &'static str, heading: &'static str, width: f64) -> Column {
    Column {
        key,
        heading,
        width,
    }
}

/// The columns, in the order every format writes them.
pub const COLUMNS: [Column; 11] = [
    col("id", "ID", 10.0),
    col("first_name", "First name", 18.0),
    col("last_name", "Last name", 18.0),
    col("email", "E-mail", 28.0),
    col("phone", "Phone", 18.0),
    col("group", "Group", 16.0),
    col("newsletter", "Newsletter", 11.0),
    col("active", "Active", 8.0),
    col("ip", "IP", 16.0),
    col("date_added", "Date added", 20.0),
    col("linked", "Linked", 36.0),
];

/// A cell: text, or a flag each format spells its own way.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell<'a> {
    Text(&'a str),
    Owned(String),
    Flag(bool),
}

impl Cell<'_> {
    /// The text form (flags as `yes`/`no`), for CSV and HTML.
    pub(super) fn text(&self) -> &str {
        match self {
            Cell::Text(s) => s,
            Cell::Owned(s) => s,
            Cell::Flag(b) => yes_no(*b),
        }
    }
}

pub(super) fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// `row`'s cells in [`COLUMNS`] order.
pub(super) fn cells(row: &CustomerRow) -> [Cell<'_>; 11] {
    [
        Cell::Text(&row.id),
        Cell::Text(&row.first_name),
        Cell::Text(&row.last_name),
        Cell::Text(&row.email),
        Cell::Text(&row.phone),
        Cell::Text(&row.group),
        Cell::Flag(row.newsletter),
        Cell::Flag(row.active),
        Cell::Text(&row.ip),
        Cell::Text(&row.date_added),
        Cell::Owned(format_linked(&row.linked)),
    ]
}

/// `retailcrm:42; moysklad:abc` (empty when nothing is linked).
pub fn format_linked(linked: &[LinkedRecord]) -> String {
    let mut out = String::new();
    for (i, l) in linked.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(l.system.as_str());
        out.push(':');
        out.push_str(&l.id);
    }
    out
}

/// The inverse of [`format_linked`]; `None` for an unknown system or a part
/// without `system:`.
pub fn parse_linked(cell: &str) -> Option<Vec<LinkedRecord>> {
    if cell.is_empty() {
        return Some(Vec::new());
    }
    cell.split("; ")
        .map(|part| {
            let (system, id) = part.split_once(':')?;
            Some(LinkedRecord {
                system: System::parse(system)?,
                id: id.to_owned(),
            })
        })
        .collect()
}
