//! HTML: one self-contained page (no script, no outside resources) with the
//! customers in a `<table>`; the head is written at once, each row as it
//! comes, the closing tags at `finish`.

use super::columns::{COLUMNS, cells};
use super::{ExportError, Header, RowSink};
use crate::customers::CustomerRow;
use std::io::{BufWriter, Write};

/// Streams table rows to `out` through a buffer.
pub(super) struct HtmlSink {
    out: BufWriter<Box<dyn Write + Send>>,
    rows: u64,
}

/// Newlines inside a value show as line breaks; the rest is plain.
const STYLE: &str = "body{font-family:sans-serif;margin:1em}\
table{border-collapse:collapse}\
th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top;white-space:pre-wrap}\
th{background:#eee}";

impl HtmlSink {
    pub(super) fn new(out: Box<dyn Write + Send>, header: &Header) -> Result<Self, ExportError> {
        let mut out = BufWriter::new(out);
        let system = header.system.as_str();
        let exported = header.exported_rfc3339();
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Customers of {system}, exported {exported}</title>\n\
             <style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>Customers of {system}</h1>\n<p>Exported {exported}.</p>\n\
             <table>\n<thead>\n<tr>"
        )?;
        for c in &COLUMNS {
            write!(out, "<th>{}</th>", escape(c.heading))?;
        }
        out.write_all(b"</tr>\n</thead>\n<tbody>\n")?;
        Ok(Self { out, rows: 0 })
    }
}

impl RowSink for HtmlSink {
    fn row(&mut self, row: &CustomerRow) -> Result<(), ExportError> {
        self.out.write_all(b"<tr>")?;
        for cell in cells(row) {
            write!(self.out, "<td>{}</td>", escape(cell.text()))?;
        }
        self.out.write_all(b"</tr>\n")?;
        self.rows += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<u64, ExportError> {
        let HtmlSink { mut out, rows } = *self;
        out.write_all(b"</tbody>\n</table>\n</body>\n</html>\n")?;
        out.flush()?;
        Ok(rows)
    }
}

/// Escapes text for an element's content or a quoted attribute. CR becomes
/// `&#13;` because the HTML parser turns a raw CR (or CRLF) into LF; NUL,
/// which the parser drops, becomes U+FFFD.
pub(super) fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for ch in raw.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
