//! CM-4: a customer list exported as CSV, XLSX, HTML or XML, written row by
//! row as the API layer fetches pages from the peer, so that 100,000
//! customers export in bounded memory (BENCHMARKS.md, "Customer exports").
//!
//! | rule | implemented by |
//! |---|---|
//! | CM-4 | `writer`, `Format`, `csv::CsvSink`, `xlsx::XlsxSink`, `html::HtmlSink`, `xml::XmlSink` |
//!
//! # Use
//!
//! ```ignore
//! let format = Format::parse(query.format)?;            // "csv" | "xlsx" | "html" | "xml"
//! let header = Header::new(System::OpenCart, now);
//! let mut sink = writer(format, &header, &Options::default(), Box::new(out))?;
//! while let Some(page) = pages.next().await? {
//!     for row in &page { sink.row(row)?; }
//! }
//! let rows = sink.finish()?;                             // flushes `out`
//! ```
//!
//! The sink is synchronous (`std::io::Write`): an async caller runs it on a
//! blocking thread (`spawn_blocking`, with `tokio_util::io::SyncIoBridge` to
//! reach an async body) or writes to a temporary file it then uploads. A sink
//! dropped without `finish` leaves `out` truncated: XLSX writes nothing
//! before `finish`, the text formats miss their closing part.
//!
//! # Columns
//!
//! One fixed order for every format ([`COLUMNS`], `columns.rs`): id, first
//! name, last name, e-mail, phone, group (the group's *name*), newsletter,
//! active, IP, date added, linked. Values are written as the systems store
//! them (ids and dates as text, so `"007"` and each system's date style
//! survive). Flags are `yes`/`no` in CSV and HTML and Excel booleans in XLSX.
//! Linked records are one cell, `retailcrm:42; moysklad:abc` (system names
//! never contain `:`, peers' ids never contain `; `).
//!
//! # Formats
//!
//! - **CSV** (`csv.rs`): RFC 4180 through the `csv` crate: a header row,
//!   CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF,
//!   UTF-8. [`CsvFlavour::Plain`] (the default) is byte-exact data
//!   interchange. [`CsvFlavour::Excel`] adds a UTF-8 BOM (without it Excel
//!   reads the file in the machine's ANSI code page and mangles Cyrillic) and
//!   prefixes a `'` to cells starting with `= + - @`, TAB or CR, which Excel
//!   would otherwise evaluate as formulas (OWASP "CSV injection": customer
//!   names are typed by strangers). Merchants who want a spreadsheet should
//!   prefer XLSX, which needs neither trick.
//! - **XLSX** (`xlsx.rs`): `rust_xlsxwriter` in constant-memory mode: each
//!   row goes to a temporary file ([`Options::tempdir`]; `/tmp` by default,
//!   which is disk on Lambda), strings are stored inline (no shared-string
//!   table growing with the list), the zip is written to `out` at `finish`.
//!   One sheet, `Customers`, bold frozen header row, fixed column widths,
//!   every value written as a string or a boolean (never a formula).
//!   Excel's limits apply: 1,048,575 customers, 32,767 characters a cell
//!   (beyond them: [`ExportError::Xlsx`]).
//! - **HTML** (`html.rs`): one self-contained page, no script: `<!DOCTYPE
//!   html>`, `<meta charset="utf-8">`, a title naming the system, a
//!   `<table>` with a `<thead>` of the column headings and a `<tbody>` of
//!   one `<tr>` per customer. Every value is escaped (`& < > " '`, and CR as
//!   `&#13;` so the HTML parser's newline normalisation keeps it).
//! - **XML** (`xml.rs`), written with `quick-xml`, UTF-8:
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <customers system="opencart" exported="2026-12-01T21:00:00Z">
//!   <customer id="7">
//!     <first_name>Анна</first_name>
//!     <last_name>O'Brien &amp; Co</last_name>
//!     <email>anna@example.com</email>
//!     <phone>+7 999 123-45-67</phone>
//!     <group id="2">Wholesale</group>   <!-- id="" and empty: no group -->
//!     <newsletter>true</newsletter>     <!-- true | false -->
//!     <active>true</active>
//!     <ip>10.0.0.1</ip>
//!     <date_added>2024-01-02 09:00:00</date_added>
//!     <linked>
//!       <record system="retailcrm" id="42"/>
//!       <record system="moysklad" id="abc"/>
//!     </linked>
//!   </customer>
//! </customers>
//! ```
//!
//!   Every element is present for every customer (empty when the value is);
//!   `<linked/>` is empty when nothing is linked. `exported` is RFC 3339 UTC.
//!   CR, LF and TAB inside attributes and CR inside text are written as
//!   character references so that a conforming parser's end-of-line and
//!   attribute normalisation gives the value back unchanged. Characters XML
//!   1.0 cannot carry at all (U+0000–U+001F other than TAB/LF/CR, U+FFFE,
//!   U+FFFF) are written as U+FFFD.

mod columns;
mod csv;
mod error;
mod html;
mod xlsx;
mod xml;

#[cfg(test)]
mod tests;

pub use columns::{COLUMNS, Column, format_linked, parse_linked};
pub use error::ExportError;

use super::CustomerRow;
use crate::model::System;
use std::io::Write;
use std::path::PathBuf;
use time::OffsetDateTime;

/// An export file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Xlsx,
    Html,
    Xml,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Csv, Format::Xlsx, Format::Html, Format::Xml];

    /// From the API's `format` parameter: `csv`, `xlsx`, `html` or `xml`.
    pub fn parse(raw: &str) -> Result<Self, ExportError> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == raw)
            .ok_or_else(|| ExportError::UnknownFormat(raw.to_owned()))
    }

    pub fn as_str(self) -> &'static str {
        self.extension()
    }

    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            Format::Xml => "xml",
        }
    }

    /// The `Content-Type` of the download.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Html => "text/html; charset=utf-8",
            Format::Xml => "application/xml; charset=utf-8",
        }
    }
}

/// What the export is of: named in the HTML title and the XML root.
#[derive(Debug, Clone)]
pub struct Header {
    /// The system whose customers are listed.
    pub system: System,
    /// When the export was made (written as RFC 3339 UTC).
    pub exported_at: OffsetDateTime,
}

impl Header {
    pub fn new(system: System, exported_at: OffsetDateTime) -> Self {
        Self {
            system,
            exported_at,
        }
    }

    fn exported_rfc3339(&self) -> String {
        use time::format_description::well_known::Rfc3339;
        self.exported_at
            .to_offset(time::UtcOffset::UTC)
            .replace_nanosecond(0)
            .unwrap_or(self.exported_at)
            .format(&Rfc3339)
            .unwrap_or_default()
    }
}

/// How CSV is written; see the module doc.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvFlavour {
    /// RFC 4180, no BOM, values exactly as stored.
    #[default]
    Plain,
    /// A UTF-8 BOM and formula-looking cells prefixed with `'`, for Excel.
    Excel,
}

/// Per-export settings; `Default` suits the API.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub csv: CsvFlavour,
    /// Where XLSX keeps its rows until `finish` (default: the system's temp dir).
    pub tempdir: Option<PathBuf>,
}

/// Receives the customers of one export, in order, then finishes the file.
pub trait RowSink: Send {
    /// Writes one customer. Text formats write through to `out` (buffered);
    /// XLSX appends to its temporary file.
    fn row(&mut self, row: &CustomerRow) -> Result<(), ExportError>;

    /// Writes what closes the file, flushes `out` and returns the number of
    /// customers written.
    fn finish(self: Box<Self>) -> Result<u64, ExportError>;
}

/// A sink writing `format` to `out`. Writes the file's head (CSV header row,
/// HTML head, XML root) before returning, so a bad `out` fails here.
pub fn writer(
    format: Format,
    header: &Header,
    options: &Options,
    out: Box<dyn Write + Send>,
) -> Result<Box<dyn RowSink>, ExportError> {
    Ok(match format {
        Format::Csv => Box::new(csv::CsvSink::new(out, options.csv)?),
        Format::Xlsx => Box::new(xlsx::XlsxSink::new(out, options.tempdir.as_deref())?),
        Format::Html => Box::new(html::HtmlSink::new(out, header)?),
        Format::Xml => Box::new(xml::XmlSink::new(out, header)?),
    })
}
