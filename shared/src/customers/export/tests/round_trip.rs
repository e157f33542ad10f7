//! CM-4: each format written from the awkward rows and read back equal,
//! field by field; plus what each file must look like around the rows.

use super::fixtures::{awkward_rows, export, header, without_group_ids};
use super::read;
use crate::customers::CustomerRow;
use crate::customers::export::{CsvFlavour, ExportError, Format, Options, writer};

/// Field-by-field, so a failure names the row and the field.
fn assert_rows_eq(got: &[CustomerRow], want: &[CustomerRow]) {
    assert_eq!(got.len(), want.len(), "row count");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g.id, w.id, "row {i} id");
        assert_eq!(g.first_name, w.first_name, "row {i} first_name");
        assert_eq!(g.last_name, w.last_name, "row {i} last_name");
        assert_eq!(g.email, w.email, "row {i} email");
        assert_eq!(g.phone, w.phone, "row {i} phone");
        assert_eq!(g.group_id, w.group_id, "row {i} group_id");
        assert_eq!(g.group, w.group, "row {i} group");
        assert_eq!(g.newsletter, w.newsletter, "row {i} newsletter");
        assert_eq!(g.active, w.active, "row {i} active");
        assert_eq!(g.ip, w.ip, "row {i} ip");
        assert_eq!(g.date_added, w.date_added, "row {i} date_added");
        assert_eq!(g.linked, w.linked, "row {i} linked");
    }
}

#[test]
fn cm_4_csv_round_trip() {
    let rows = awkward_rows();
    let (bytes, n) = export(Format::Csv, &Options::default(), &rows);
    assert_eq!(n, rows.len() as u64);
    assert!(bytes.starts_with(b"ID,First name,"), "plain CSV has no BOM");
    assert!(bytes.ends_with(b"\r\n"), "RFC 4180 line ends");
    // RFC 4180 quoting, as written: doubled quotes, CRLF kept inside quotes.
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains(r#""O'Brien, ""Junior""""#), "{text}");
    assert!(text.contains("\"Müller\r\nZweite Zeile\""), "{text}");
    assert_rows_eq(&read::csv(&bytes), &without_group_ids(&rows));
}

#[test]
fn cm_4_csv_excel_flavour_adds_bom_and_guards_formulas() {
    let rows = awkward_rows();
    let options = Options {
        csv: CsvFlavour::Excel,
        ..Options::default()
    };
    let (bytes, _) = export(Format::Csv, &options, &rows);
    assert!(bytes.starts_with(b"\xEF\xBB\xBFID,"));
    let got = read::csv(&bytes[3..]);
    // Formula triggers get a leading apostrophe; everything else is as stored.
    let mut want = without_group_ids(&rows);
    want[0].phone = "'+7 (999) 123-45-67".into();
    want[2].last_name = "'=HYPERLINK(\"http://x\",\"Ёж\")".into();
    want[2].phone = "'-1".into();
    assert_rows_eq(&got, &want);
}

#[test]
fn cm_4_xlsx_round_trip() {
    let rows = awkward_rows();
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        tempdir: Some(dir.path().to_owned()),
        ..Options::default()
    };
    let (bytes, n) = export(Format::Xlsx, &options, &rows);
    assert_eq!(n, rows.len() as u64);
    assert!(bytes.starts_with(b"PK"), "a zip");
    assert_rows_eq(&read::xlsx(&bytes), &without_group_ids(&rows));
}

#[test]
fn cm_4_html_round_trip() {
    let rows = awkward_rows();
    let (bytes, n) = export(Format::Html, &Options::default(), &rows);
    assert_eq!(n, rows.len() as u64);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>\n"));
    assert!(text.contains("<meta charset=\"utf-8\">"));
    assert!(text.contains("<title>Customers of opencart, exported 2026-12-01T21:00:00Z</title>"));
    assert!(!text.contains("<script"), "no script");
    assert!(!text.contains("</td></table>\""), "values are escaped");
    assert!(text.trim_end().ends_with("</html>"));
    assert_rows_eq(&read::html(&bytes), &without_group_ids(&rows));
}

#[test]
fn cm_4_xml_round_trip() {
    let rows = awkward_rows();
    let (bytes, n) = export(Format::Xml, &Options::default(), &rows);
    assert_eq!(n, rows.len() as u64);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(
        text.contains("<record system=\"retailcrm\" id=\"42\"/>"),
        "{text}"
    );
    let doc = read::xml(&bytes);
    assert_eq!(doc.system, "opencart");
    assert_eq!(doc.exported, "2026-12-01T21:00:00Z");
    // XML carries the group's id too: the whole row comes back.
    assert_rows_eq(&doc.rows, &rows);
}

#[test]
fn cm_4_xml_writes_chars_xml_cannot_carry_as_replacement() {
    let row = CustomerRow {
        id: "1\u{1}".into(),
        first_name: "a\u{0}b\u{1F}c\u{FFFE}".into(),
        ..CustomerRow::default()
    };
    let (bytes, _) = export(Format::Xml, &Options::default(), &[row]);
    let doc = read::xml(&bytes);
    assert_eq!(doc.rows[0].id, "1\u{FFFD}");
    assert_eq!(doc.rows[0].first_name, "a\u{FFFD}b\u{FFFD}c\u{FFFD}");
}

#[test]
fn cm_4_empty_list_exports_header_only() {
    for format in Format::ALL {
        let (bytes, n) = export(format, &Options::default(), &[]);
        assert_eq!(n, 0, "{format:?}");
        let rows = match format {
            Format::Csv => read::csv(&bytes),
            Format::Xlsx => read::xlsx(&bytes),
            Format::Html => read::html(&bytes),
            Format::Xml => read::xml(&bytes).rows,
        };
        assert!(rows.is_empty(), "{format:?}");
    }
}

#[test]
fn cm_4_format_parse_and_download_headers() {
    let got: Vec<_> = ["csv", "xlsx", "html", "xml"]
        .into_iter()
        .map(|s| Format::parse(s).unwrap())
        .collect();
    assert_eq!(got, Format::ALL);
    assert!(matches!(Format::parse("xls"), Err(ExportError::UnknownFormat(s)) if s == "xls"));
    assert!(matches!(
        Format::parse("CSV"),
        Err(ExportError::UnknownFormat(_))
    ));
    assert_eq!(Format::Xlsx.extension(), "xlsx");
    assert_eq!(
        Format::Xlsx.content_type(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(Format::Csv.content_type(), "text/csv; charset=utf-8");
    assert_eq!(Format::Html.content_type(), "text/html; charset=utf-8");
    assert_eq!(Format::Xml.content_type(), "application/xml; charset=utf-8");
}

/// An `out` that takes `budget` bytes, then fails like a full disk.
struct Failing(usize);

impl std::io::Write for Failing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0 == 0 {
            return Err(std::io::Error::other("disk full"));
        }
        let n = buf.len().min(self.0);
        self.0 -= n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn cm_4_failing_output_is_a_typed_non_retryable_error() {
    let rows = awkward_rows();
    for format in Format::ALL {
        let out = Box::new(Failing(64));
        let run = || -> Result<u64, ExportError> {
            let mut sink = writer(format, &header(), &Options::default(), out)?;
            for _ in 0..100 {
                for r in &rows {
                    sink.row(r)?;
                }
            }
            sink.finish()
        };
        let err = run().expect_err("the output fails");
        assert!(!err.is_retryable(), "{format:?}");
        assert!(err.to_string().contains("disk full"), "{format:?}: {err}");
    }
}
