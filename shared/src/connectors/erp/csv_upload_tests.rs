//! The CSV upload: grouping, quoting, separators, header and row errors.

use super::*;
use crate::connectors::erp::WebMode;

const HEADER: &str = "tiers_id,updated_at,active,web_mode,company,last_name,first_name,email,phone,mobile,billing_line1,billing_line2,billing_postcode,billing_city,billing_country,contact_id,contact_is_web_contact,contact_last_name,contact_first_name,contact_email,contact_phone";

fn file(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.into_bytes()
}

#[test]
fn rows_of_one_third_party_become_its_contacts() {
    let body = file(&[
        r#"T1,2024-05-01T10:00:00Z,oui,web_only,"Dupont, Fils & Cie",Дмитриев,Zoë,info@dupont.fr,0102030405,,"12, rue ""Haute""",,75004,Paris,,C1,1,Müller,Jürgen,j@dupont.fr,0601"#,
        r#"T2,2024-05-01T10:00:00Z,0,,Solo,,,,,,,,,,,,,,,,"#,
        r#"T1,2024-05-01T10:00:00Z,oui,web_only,"Dupont, Fils & Cie",Дмитриев,Zoë,info@dupont.fr,0102030405,,"12, rue ""Haute""",,75004,Paris,,C2,non,Ёлкин,Пётр,,"#,
    ]);
    let parties = parse_csv(&body).unwrap();
    assert_eq!(parties.len(), 2);
    let t1 = &parties[0];
    assert_eq!(t1.company.as_deref(), Some("Dupont, Fils & Cie"));
    assert_eq!(t1.last_name.as_deref(), Some("Дмитриев"));
    assert!(t1.active);
    assert_eq!(t1.web_mode, WebMode::WebOnly);
    let a = t1.billing_address.as_ref().unwrap();
    assert_eq!(a.line1.as_deref(), Some("12, rue \"Haute\""));
    assert_eq!(a.country, None, "empty country: France is applied by EW-3");
    let ids: Vec<_> = t1.contacts.iter().map(|c| c.contact_id.as_str()).collect();
    assert_eq!(ids, ["C1", "C2"]);
    assert_eq!(t1.contacts[1].first_name.as_deref(), Some("Пётр"));
    assert!(t1.contacts[0].is_web_contact && !t1.contacts[1].is_web_contact);
    let t2 = &parties[1];
    assert!(!t2.active && t2.contacts.is_empty() && t2.billing_address.is_none());
    assert_eq!(t2.web_mode, WebMode::None);
}

#[test]
fn semicolons_bom_and_any_column_order() {
    let mut cols: Vec<&str> = COLUMNS.to_vec();
    cols.reverse();
    let mut row: Vec<&str> = vec![""; COLUMNS.len()];
    row[0] = "T9";
    row[1] = "2024-05-01T10:00:00Z";
    row[2] = "true";
    row[4] = "Société Générale; Paris";
    row.reverse();
    let quoted: Vec<String> = row.iter().map(|c| format!("\"{c}\"")).collect();
    let body = format!("\u{feff}{}\r\n{}\r\n", cols.join(";"), quoted.join(";"));
    let parties = parse_csv(body.as_bytes()).unwrap();
    assert_eq!(
        parties[0].company.as_deref(),
        Some("Société Générale; Paris")
    );
}

#[test]
fn a_missing_column_is_named() {
    let header = HEADER
        .replace(",contact_email", "")
        .replace("mobile,", "fax,");
    let err = parse_csv(header.as_bytes()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("missing column(s): mobile, contact_email"),
        "{text}"
    );
    assert!(text.contains("unknown column(s): fax"), "{text}");
}

#[test]
fn row_problems_are_all_reported() {
    let body = file(&[
        ",2024-05-01T10:00:00Z,1,,,,,,,,,,,,,,,,,,",
        "T1,2024-05-01T10:00:00Z,maybe,,,,,,,,,,,,,C1,,,,,",
        "T2,2024-05-01T10:00:00Z,1,,A,,,,,,,,,,,C1,,,,,",
        "T2,2024-05-01T10:00:00Z,1,,B,,,,,,,,,,,C2,,,,,",
        "T3,2024-05-01T10:00:00Z,1,,,,,,,,,,,,,,,Smith,,,",
        "T4,2024-05-01T10:00:00Z,1,,,,,,,,,,,,",
    ]);
    let err = parse_csv(&body).unwrap_err();
    let all = err.problems.join("\n");
    assert!(all.contains("row 2: tiers_id is missing"), "{all}");
    assert!(all.contains("row 3: column active \"maybe\""), "{all}");
    assert!(
        all.contains("row 5: column company differs from row 4"),
        "{all}"
    );
    assert!(
        all.contains("row 6: contact columns are filled but contact_id is empty"),
        "{all}"
    );
    assert!(all.contains("row 7:"), "a short row is reported: {all}");
}
