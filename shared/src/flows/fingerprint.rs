//! Fingerprints of what a flow wrote to (or read from) a peer's record, kept
//! on its link: an identical redelivery writes nothing, and a change that is
//! our own echo is recognised by content.
//!
//! A fingerprint is the SHA-256 of a canonical JSON serialisation of the
//! canonical model: object keys sorted at every level, so neither a field's
//! position in a struct nor a serializer's map order changes it. Earlier
//! releases stored two other forms (the OpenCart flow hashed the `Debug`
//! output, the MoySklad flow plain `serde_json`); `matches` still accepts
//! them, so an upgrade does not re-push every record once.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Debug;

/// The fingerprint of `value`.
pub fn of(value: &impl Serialize) -> String {
    let json = serde_json::to_value(value).unwrap_or(Value::Null);
    let mut text = String::new();
    write_canonical(&json, &mut text);
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Whether `stored` is the fingerprint of `value`, in today's form or in a
/// form an earlier release stored.
pub fn matches<T: Serialize + Debug>(stored: Option<&str>, value: &T) -> bool {
    let Some(stored) = stored else {
        return false;
    };
    stored == of(value) || stored == legacy_json(value) || stored == legacy_debug(value)
}

/// The MoySklad flow's form before canonical JSON (fields in struct order).
fn legacy_json(value: &impl Serialize) -> String {
    hex::encode(Sha256::digest(
        serde_json::to_vec(value).unwrap_or_default(),
    ))
}

/// The OpenCart flow's form before canonical JSON (`Debug` output).
fn legacy_debug(value: &impl Debug) -> String {
    hex::encode(Sha256::digest(format!("{value:?}").as_bytes()))
}

/// JSON with object keys sorted at every level, whatever the map type.
fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (n, key) in keys.into_iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::HashMap;

    #[derive(Debug, Serialize)]
    struct Ab {
        a: u32,
        b: &'static str,
    }

    #[derive(Debug, Serialize)]
    struct Ba {
        b: &'static str,
        a: u32,
    }

    #[test]
    fn field_order_and_map_order_do_not_change_it() {
        assert_eq!(of(&Ab { a: 1, b: "x" }), of(&Ba { b: "x", a: 1 }));
        // Two hash maps with the same entries iterate in different orders.
        let one: HashMap<String, u32> = (0..50).map(|n| (format!("k{n}"), n)).collect();
        let mut two: HashMap<String, u32> = HashMap::with_capacity(500);
        two.extend((0..50).rev().map(|n| (format!("k{n}"), n)));
        assert_eq!(of(&one), of(&two));
        assert_ne!(of(&Ab { a: 1, b: "x" }), of(&Ab { a: 2, b: "x" }));
    }

    #[test]
    fn fingerprints_stored_by_earlier_releases_still_match() {
        let value = Ab { a: 7, b: "order" };
        let debug = hex::encode(Sha256::digest(format!("{value:?}").as_bytes()));
        let plain = hex::encode(Sha256::digest(serde_json::to_vec(&value).unwrap()));
        assert!(matches(Some(&debug), &value));
        assert!(matches(Some(&plain), &value));
        assert!(matches(Some(&of(&value)), &value));
        assert!(!matches(Some(&of(&Ab { a: 8, b: "order" })), &value));
        assert!(!matches(None, &value));
    }
}
