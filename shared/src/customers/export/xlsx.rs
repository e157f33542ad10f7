//! XLSX with `rust_xlsxwriter` in constant-memory mode: each row is flushed
//! to a temporary file when the next one starts, strings are stored inline
//! (no shared-string table), so memory stays flat however long the list;
//! the zip is assembled and written to `out` at `finish`.

use super::columns::{COLUMNS, Cell, cells};
use super::{ExportError, RowSink};
use crate::customers::CustomerRow;
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet};
use std::io::Write;
use std::path::Path;

/// The sheet's name.
const SHEET: &str = "Customers";

/// Rows go to the workbook's only sheet; `out` waits for `finish`.
pub(super) struct XlsxSink {
    book: Workbook,
    out: Box<dyn Write + Send>,
    next: RowNum,
}

impl XlsxSink {
    pub(super) fn new(
        out: Box<dyn Write + Send>,
        tempdir: Option<&Path>,
    ) -> Result<Self, ExportError> {
        let mut book = Workbook::new();
        if let Some(dir) = tempdir {
            book.set_tempdir(dir)?;
        }
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(SHEET)?;
        // Widths and panes before any row: constant-memory mode writes rows
        // out as it goes.
        for (i, c) in COLUMNS.iter().enumerate() {
            sheet.set_column_width(i as ColNum, c.width)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let bold = Format::new().set_bold();
        for (i, c) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, i as ColNum, c.heading, &bold)?;
        }
        Ok(Self { book, out, next: 1 })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, ExportError> {
        Ok(self.book.worksheet_from_index(0)?)
    }
}

impl RowSink for XlsxSink {
    fn row(&mut self, row: &CustomerRow) -> Result<(), ExportError> {
        let r = self.next;
        let sheet = self.sheet()?;
        for (i, cell) in cells(row).into_iter().enumerate() {
            let col = i as ColNum;
            // Strings, never `write()`: a name like `=1+1` stays text.
            match cell {
                Cell::Flag(b) => sheet.write_boolean(r, col, b)?,
                Cell::Text(s) => sheet.write_string(r, col, s)?,
                Cell::Owned(s) => sheet.write_string(r, col, s)?,
            };
        }
        self.next += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<u64, ExportError> {
        let XlsxSink {
            mut book,
            mut out,
            next,
        } = *self;
        book.save_to_writer(&mut out)?;
        out.flush()?;
        Ok(u64::from(next - 1))
    }
}
