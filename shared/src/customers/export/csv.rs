//! CSV (RFC 4180) through the `csv` crate: a header row, then one record
//! per customer, CRLF line ends, quoting only where needed. The Excel
//! flavour's BOM and formula guard are explained in the module doc.

use super::columns::{COLUMNS, cells};
use super::{CsvFlavour, ExportError, RowSink};
use crate::customers::CustomerRow;
use std::borrow::Cow;
use std::io::Write;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Streams CSV records to `out` through the `csv` writer's own buffer.
pub(super) struct CsvSink {
    w: ::csv::Writer<Box<dyn Write + Send>>,
    flavour: CsvFlavour,
    rows: u64,
}

impl CsvSink {
    pub(super) fn new(
        mut out: Box<dyn Write + Send>,
        flavour: CsvFlavour,
    ) -> Result<Self, ExportError> {
        if flavour == CsvFlavour::Excel {
            out.write_all(BOM)?;
        }
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(out);
        w.write_record(COLUMNS.iter().map(|c| c.heading))?;
        Ok(Self {
            w,
            flavour,
            rows: 0,
        })
    }
}

/// OWASP's CSV-injection guard: a leading `'` keeps Excel from reading the
/// cell as a formula.
fn guard(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

impl RowSink for CsvSink {
    fn row(&mut self, row: &CustomerRow) -> Result<(), ExportError> {
        let cells = cells(row);
        let texts = cells.iter().map(|c| c.text());
        match self.flavour {
            CsvFlavour::Plain => self.w.write_record(texts)?,
            CsvFlavour::Excel => self.w.write_record(
                texts
                    .map(guard)
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|c| c.as_bytes()),
            )?,
        }
        self.rows += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<u64, ExportError> {
        let CsvSink { w, rows, .. } = *self;
        // `into_inner` flushes the csv buffer; then `out`'s own.
        let mut out = w
            .into_inner()
            .map_err(|e| ExportError::Io(e.into_error()))?;
        out.flush()?;
        Ok(rows)
    }
}
