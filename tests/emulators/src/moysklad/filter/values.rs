//! A row's values for a filter field, and how one value compares with the
//! value of a condition.

use super::fields::Ty;
use serde_json::Value;
use std::cmp::Ordering;

/// The values of `field` in `row` (several for tags, barcodes); none when
/// the field is empty. `attribute` is the custom attribute's id when the
/// field is one.
pub(crate) fn of(row: &Value, field: &str, ty: Ty, attribute: Option<&str>) -> Vec<String> {
    if let Some(id) = attribute {
        return custom(row, id);
    }
    match ty {
        Ty::Ref => href(&row[field]).into_iter().collect(),
        Ty::RefAt(src) => href(&row[src]).into_iter().collect(),
        Ty::RefId(src) => href(&row[src])
            .and_then(|h| h.rsplit('/').next().map(str::to_owned))
            .into_iter()
            .collect(),
        Ty::MetaType => plain(&row["meta"]["type"]),
        Ty::Barcode => row["barcodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .flat_map(|b| b.values().flat_map(plain))
            .collect(),
        Ty::Flag if row[field].is_null() => vec!["false".into()],
        _ => plain(&row[field]),
    }
}

/// A primitive (or an array of primitives) as strings.
fn plain(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) if s.is_empty() => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Array(items) => items.iter().flat_map(plain).collect(),
        Value::Null | Value::Object(_) => Vec::new(),
    }
}

fn href(v: &Value) -> Option<String> {
    v["meta"]["href"].as_str().map(str::to_owned)
}

/// The value of custom attribute `id`: a primitive, or a reference's href.
fn custom(row: &Value, id: &str) -> Vec<String> {
    let Some(attr) = row["attributes"].as_array().and_then(|a| {
        a.iter().find(|a| {
            a["id"] == id
                || a["meta"]["href"]
                    .as_str()
                    .is_some_and(|h| h.ends_with(&format!("/{id}")))
        })
    }) else {
        return Vec::new();
    };
    match &attr["value"] {
        v @ Value::Object(_) => href(v).into_iter().collect(),
        v => plain(v),
    }
}

/// `entity/{type}/{id}` of an href, whichever host and query it carries, so a
/// filter written with the production host matches the emulator's rows.
pub(crate) fn ref_key(href: &str) -> Option<&str> {
    let path = href.split(['?', '#']).next()?;
    let at = path.find("/entity/")?;
    Some(&path[at + 1..])
}

/// A moment padded to `YYYY-MM-DD HH:mm:ss.SSS`, so moments compare as text;
/// `None` when it is not one.
pub(crate) fn moment(v: &str) -> Option<String> {
    let full = match v.len() {
        16 => format!("{v}:00.000"),
        19 => format!("{v}.000"),
        23 => v.to_owned(),
        _ => return None,
    };
    let shape = "dddd-dd-dd dd:dd:dd.ddd";
    let ok = full.chars().zip(shape.chars()).all(|(c, s)| match s {
        'd' => c.is_ascii_digit(),
        s => c == s,
    });
    ok.then_some(full)
}

/// Whether `v` is a UUID (8-4-4-4-12 hex digits).
pub(crate) fn is_uuid(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// How `have` (a row's value) orders against `want` (a condition's).
pub(crate) fn compare(ty: Ty, have: &str, want: &str) -> Option<Ordering> {
    match ty {
        Ty::Number => have.parse::<f64>().ok()?.partial_cmp(&want.parse().ok()?),
        Ty::Moment => Some(moment(have)?.cmp(&moment(want)?)),
        Ty::Ref | Ty::RefAt(_) => (ref_key(have)? == ref_key(want)?).then_some(Ordering::Equal),
        Ty::Id | Ty::RefId(_) => Some(have.to_ascii_lowercase().cmp(&want.to_ascii_lowercase())),
        _ => Some(have.cmp(want)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_compare_by_entity_path_whatever_the_host() {
        let local = "http://127.0.0.1:1/api/remap/1.2/entity/store/abc?expand=x";
        let real = "https://api.moysklad.ru/api/remap/1.2/entity/store/abc";
        assert_eq!(compare(Ty::Ref, local, real), Some(Ordering::Equal));
        assert_eq!(compare(Ty::Ref, local, "abc"), None);
    }

    #[test]
    fn moments_without_seconds_compare_with_full_ones() {
        let have = "2024-01-31 12:00:00.000";
        assert_eq!(
            compare(Ty::Moment, have, "2024-01-31 12:00"),
            Some(Ordering::Equal)
        );
        assert_eq!(moment("2024-01-31"), None);
    }

    #[test]
    fn tags_barcodes_and_custom_attributes_give_their_values() {
        let row = json!({"tags": ["a", "b"], "barcodes": [{"ean13": "1"}, {"code128": "2"}],
            "attributes": [{"id": "at", "value": {"meta": {"href": "h/entity/x/1"}}}]});
        assert_eq!(of(&row, "tags", Ty::Text, None), ["a", "b"]);
        assert_eq!(of(&row, "barcode", Ty::Barcode, None), ["1", "2"]);
        assert_eq!(of(&row, "x", Ty::Text, Some("at")), ["h/entity/x/1"]);
        assert_eq!(of(&row, "archived", Ty::Flag, None), ["false"]);
    }
}
