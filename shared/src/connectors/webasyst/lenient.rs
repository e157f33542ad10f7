//! Webasyst answers come from PHP arrays: the same field is a number in
//! one answer and a string in the next (`"id": "12"` from a database row,
//! `12` after an `intval`), and an empty value may be `null`, `""` or
//! `false`. These deserializers accept every such form.

use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::Value;

/// An integer sent as a number or a numeric string; anything else is an error.
pub(super) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    opt_int(d)?.ok_or_else(|| de::Error::custom("expected an integer"))
}

/// An integer, or `None` for null, `""`, `false` and `"0"`-less absence.
pub(super) fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(
            s.trim()
                .parse::<i64>()
                .map_err(|_| de::Error::custom(format!("{s:?} is not an integer")))?,
        ),
        Value::Null | Value::Bool(false) => None,
        other => return Err(de::Error::custom(format!("{other} is not an integer"))),
    })
}

/// A decimal sent as a number or a string (`"1500.0000"`); empty is 0.
pub(super) fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64().unwrap_or_default(),
        Value::String(s) if s.trim().is_empty() => 0.0,
        Value::String(s) => s
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| de::Error::custom(format!("{s:?} is not a number")))?,
        Value::Null | Value::Bool(false) => 0.0,
        other => return Err(de::Error::custom(format!("{other} is not a number"))),
    })
}

/// A string, or `None` for null, `""` and `false`; numbers become text.
pub(super) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// A list sent as a JSON array or as an object keyed by id (PHP's
/// `fetchAll('id')`); `null` and `[]`/`{}` are empty.
pub(super) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let items: Vec<Value> = match Value::deserialize(d)? {
        Value::Array(items) => items,
        Value::Object(map) => map.into_iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    };
    items
        .into_iter()
        .map(|v| serde_json::from_value(v).map_err(de::Error::custom))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Row {
        #[serde(deserialize_with = "int")]
        id: i64,
        #[serde(default, deserialize_with = "opt_int")]
        contact_id: Option<i64>,
        #[serde(default, deserialize_with = "decimal")]
        total: f64,
        #[serde(default, deserialize_with = "opt_text")]
        update_datetime: Option<String>,
        #[serde(default, deserialize_with = "list")]
        items: Vec<Item>,
    }

    #[derive(Deserialize)]
    struct Item {
        #[serde(deserialize_with = "int")]
        id: i64,
    }

    #[test]
    fn php_shapes_are_read_alike() {
        let a: Row = serde_json::from_str(
            r#"{"id":"12","contact_id":"","total":"1500.5000","update_datetime":null,
                "items":{"7":{"id":"7"},"8":{"id":8}}}"#,
        )
        .unwrap();
        assert_eq!((a.id, a.contact_id, a.total), (12, None, 1500.5));
        assert_eq!(a.update_datetime, None);
        assert_eq!(a.items.iter().map(|i| i.id).collect::<Vec<_>>(), [7, 8]);
        let b: Row = serde_json::from_str(
            r#"{"id":12,"contact_id":5,"total":3,"update_datetime":"2026-01-02 03:04:05","items":[]}"#,
        )
        .unwrap();
        assert_eq!((b.id, b.contact_id, b.total), (12, Some(5), 3.0));
        assert!(serde_json::from_str::<Row>(r#"{"id":"x"}"#).is_err());
    }
}
