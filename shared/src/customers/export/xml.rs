//! XML with quick-xml's writer, in the element structure documented in the
//! module doc. Values are escaped here (quick-xml's own escaping leaves CR,
//! LF and TAB raw, which a conforming parser would normalise away).

use super::columns::COLUMNS;
use super::{ExportError, Header, RowSink};
use crate::customers::CustomerRow;
use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io::{BufWriter, Write};

/// Streams `<customer>` elements to `out` through a buffer.
pub(super) struct XmlSink {
    w: Writer<BufWriter<Box<dyn Write + Send>>>,
    rows: u64,
}

impl XmlSink {
    pub(super) fn new(out: Box<dyn Write + Send>, header: &Header) -> Result<Self, ExportError> {
        let mut w = Writer::new_with_indent(BufWriter::new(out), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let exported = header.exported_rfc3339();
        w.write_event(Event::Start(BytesStart::new("customers").with_attributes(
            [
                attr("system", header.system.as_str()),
                attr("exported", &exported),
            ],
        )))?;
        Ok(Self { w, rows: 0 })
    }
}

/// An attribute, its value escaped by [`escape`] for an attribute.
fn attr<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    Attribute {
        key: quick_xml::name::QName(key.as_bytes()),
        value: Cow::Owned(escape(value, true).into_owned().into_bytes()),
    }
}

impl XmlSink {
    /// `<name>value</name>`, or `<name/>` when empty (the indenting writer
    /// would put whitespace between an empty start and end tag).
    fn text(&mut self, name: &str, value: &str) -> Result<(), ExportError> {
        self.text_with(BytesStart::new(name), value)
    }

    fn text_with(&mut self, start: BytesStart<'_>, value: &str) -> Result<(), ExportError> {
        if value.is_empty() {
            self.w.write_event(Event::Empty(start))?;
            return Ok(());
        }
        let end = BytesEnd::new(String::from_utf8_lossy(start.name().as_ref()).into_owned());
        self.w.write_event(Event::Start(start))?;
        self.w
            .write_event(Event::Text(BytesText::from_escaped(escape(value, false))))?;
        self.w.write_event(Event::End(end))?;
        Ok(())
    }
}

impl RowSink for XmlSink {
    fn row(&mut self, row: &CustomerRow) -> Result<(), ExportError> {
        let flag = |b: bool| if b { "true" } else { "false" };
        self.w.write_event(Event::Start(
            BytesStart::new("customer").with_attributes([attr("id", &row.id)]),
        ))?;
        // The element names are the column keys, in the column order.
        let [
            _,
            first,
            last,
            email,
            phone,
            group,
            news,
            active,
            ip,
            added,
            linked,
        ] = COLUMNS.map(|c| c.key);
        self.text(first, &row.first_name)?;
        self.text(last, &row.last_name)?;
        self.text(email, &row.email)?;
        self.text(phone, &row.phone)?;
        let group_start = BytesStart::new(group).with_attributes([attr("id", &row.group_id)]);
        self.text_with(group_start, &row.group)?;
        self.text(news, flag(row.newsletter))?;
        self.text(active, flag(row.active))?;
        self.text(ip, &row.ip)?;
        self.text(added, &row.date_added)?;
        if row.linked.is_empty() {
            self.w.write_event(Event::Empty(BytesStart::new(linked)))?;
        } else {
            self.w.write_event(Event::Start(BytesStart::new(linked)))?;
            for l in &row.linked {
                self.w.write_event(Event::Empty(
                    BytesStart::new("record")
                        .with_attributes([attr("system", l.system.as_str()), attr("id", &l.id)]),
                ))?;
            }
            self.w.write_event(Event::End(BytesEnd::new(linked)))?;
        }
        self.w.write_event(Event::End(BytesEnd::new("customer")))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<u64, ExportError> {
        let XmlSink { mut w, rows } = *self;
        w.write_event(Event::End(BytesEnd::new("customers")))?;
        let mut out = w.into_inner();
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(rows)
    }
}

/// Whether XML 1.0 can carry `c` at all (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes a value for text (`attribute == false`) or a double-quoted
/// attribute; characters XML cannot carry become U+FFFD.
pub(super) fn escape(raw: &str, attribute: bool) -> Cow<'_, str> {
    let plain = |c: char| xml_char(c) && !matches!(c, '&' | '<' | '>' | '"' | '\r' | '\n' | '\t');
    if raw.chars().all(plain) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}
