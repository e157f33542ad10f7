//! The CSV upload: one row per contact, the third party's columns repeated
//! on each of its rows; a third party without contacts is one row with the
//! contact columns empty. The header row names the columns (any order, every
//! one of [`COLUMNS`] required, no others). Fields follow RFC 4180: quote a
//! field holding the separator, a quote (doubled) or a line break.
//!
//! The separator is `,`, or `;` when the header has `;` and no `,` (the
//! French Excel export). A UTF-8 byte order mark is ignored. `active` and
//! `contact_is_web_contact` take `true/false`, `1/0`, `yes/no` or `oui/non`;
//! `updated_at` is RFC 3339; `web_mode` is `none`, `all` or `web_only`.
//! Rows are numbered as a spreadsheet shows them (the header is row 1).

use super::draft::{self, DraftAddress, DraftContact, DraftParty, clean};
use super::model::{FeedError, ThirdParty};

/// The columns of the upload, in the order a template should use.
pub const COLUMNS: &[&str] = &[
    "tiers_id",
    "updated_at",
    "active",
    "web_mode",
    "company",
    "last_name",
    "first_name",
    "email",
    "phone",
    "mobile",
    "billing_line1",
    "billing_line2",
    "billing_postcode",
    "billing_city",
    "billing_country",
    "contact_id",
    "contact_is_web_contact",
    "contact_last_name",
    "contact_first_name",
    "contact_email",
    "contact_phone",
];

/// The data rows of one third party: (spreadsheet row number, cells in [`COLUMNS`] order).
type Rows = Vec<(usize, Vec<String>)>;

/// The third party's columns: equal on every row of one third party.
const PARTY_COLUMNS: std::ops::Range<usize> = 0..15;
const CONTACT_COLUMNS: std::ops::Range<usize> = 15..21;

/// Parses and validates an uploaded file.
pub fn parse_csv(body: &[u8]) -> Result<Vec<ThirdParty>, FeedError> {
    let refuse = |p: String| FeedError { problems: vec![p] };
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let first_line = body.split(|b| *b == b'\n').next().unwrap_or_default();
    let separator = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .from_reader(body);
    let header = reader
        .headers()
        .map_err(|e| refuse(format!("the header row cannot be read: {e}")))?
        .clone();
    let index = columns(&header)?;
    // Rows in order, grouped by tiers_id in order of first appearance.
    let mut groups: Vec<(String, Rows)> = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("row {row}: {e}"));
                continue;
            }
        };
        let cells: Vec<String> = index.iter().map(|&c| record[c].to_owned()).collect();
        let Some(id) = clean(Some(cells[0].clone())) else {
            problems.push(format!("row {row}: tiers_id is missing"));
            continue;
        };
        match groups.iter_mut().find(|(k, _)| *k == id) {
            Some((_, rows)) => rows.push((row, cells)),
            None => groups.push((id, vec![(row, cells)])),
        }
    }
    let mut parties = Vec::with_capacity(groups.len());
    for (id, rows) in groups {
        if let Some(d) = group(&id, &rows, &mut problems) {
            let at = format!("third party {id:?} (row {})", rows[0].0);
            parties.extend(draft::finish(d, &at, &mut problems));
        }
    }
    if problems.is_empty() {
        Ok(parties)
    } else {
        Err(FeedError { problems })
    }
}

/// For each of [`COLUMNS`], its position in the file.
fn columns(header: &csv::StringRecord) -> Result<Vec<usize>, FeedError> {
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let mut problems = Vec::new();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !names.contains(c))
        .collect();
    if !missing.is_empty() {
        problems.push(format!("missing column(s): {}", missing.join(", ")));
    }
    let unknown: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !COLUMNS.contains(n))
        .collect();
    if !unknown.is_empty() {
        problems.push(format!("unknown column(s): {}", unknown.join(", ")));
    }
    for c in COLUMNS {
        if names.iter().filter(|n| *n == c).count() > 1 {
            problems.push(format!("column {c} appears twice"));
        }
    }
    if !problems.is_empty() {
        return Err(FeedError { problems });
    }
    Ok(COLUMNS
        .iter()
        .map(|c| names.iter().position(|n| n == c).unwrap_or_default())
        .collect())
}

/// One third party from its rows.
fn group(id: &str, rows: &Rows, problems: &mut Vec<String>) -> Option<DraftParty> {
    let before = problems.len();
    let (first_row, first) = &rows[0];
    for (row, cells) in &rows[1..] {
        for c in PARTY_COLUMNS {
            if clean(Some(cells[c].clone())) != clean(Some(first[c].clone())) {
                problems.push(format!(
                    "row {row}: column {} differs from row {first_row} for third party {id:?}",
                    COLUMNS[c]
                ));
            }
        }
    }
    let cell = |c: usize| clean(Some(first[c].clone()));
    let active = boolean(&first[2], *first_row, "active", problems);
    let mut contacts = Vec::new();
    for (row, cells) in rows {
        let get = |c: usize| clean(Some(cells[c].clone()));
        if get(15).is_none() {
            if CONTACT_COLUMNS.clone().any(|c| get(c).is_some()) {
                problems.push(format!(
                    "row {row}: contact columns are filled but contact_id is empty"
                ));
            }
            continue;
        }
        contacts.push(DraftContact {
            contact_id: get(15),
            is_web_contact: boolean(&cells[16], *row, "contact_is_web_contact", problems),
            last_name: get(17),
            first_name: get(18),
            email: get(19),
            phone: get(20),
        });
    }
    if problems.len() > before {
        return None;
    }
    let address = DraftAddress {
        line1: cell(10),
        line2: cell(11),
        postcode: cell(12),
        city: cell(13),
        country: cell(14),
    };
    Some(DraftParty {
        tiers_id: cell(0),
        updated_at: cell(1),
        active,
        web_mode: cell(3),
        company: cell(4),
        last_name: cell(5),
        first_name: cell(6),
        email: cell(7),
        phone: cell(8),
        mobile: cell(9),
        billing_address: Some(address),
        contacts,
    })
}

/// `true/false`, `1/0`, `yes/no`, `oui/non`; empty is `None`.
fn boolean(raw: &str, row: usize, column: &str, problems: &mut Vec<String>) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" => None,
        "true" | "1" | "yes" | "oui" => Some(true),
        "false" | "0" | "no" | "non" => Some(false),
        other => {
            problems.push(format!(
                "row {row}: column {column} {other:?} is not true/false, 1/0, yes/no or oui/non"
            ));
            None
        }
    }
}

#[cfg(test)]
#[path = "csv_upload_tests.rs"]
mod tests;
