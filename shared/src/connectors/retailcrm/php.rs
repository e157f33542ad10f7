//! PHP's JSON shapes. RetailCRM is written in PHP, whose `json_encode`
//! writes an empty associative array as `[]`, not `{}`: every map-typed
//! field of an answer (`customFields`, order `payments`, `deliveryTypes`,
//! `errors`, ...) arrives as an object when it has entries and as an empty
//! array when it has none. A map whose keys happen to be `0..n` is a list to
//! PHP too. The official Go client (`marshaling.go`) accepts both shapes for
//! each such field, keying list items by their index; so do these helpers.
//!
//! Use them on every map-typed field of an answer:
//! `#[serde(default, deserialize_with = "php::map")]` (or `php::opt_map`).

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A map that PHP may have written as an object, an array or `null`.
pub(super) fn map<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    deserializer.deserialize_any(PhpMap(PhantomData))
}

/// Like `map`, for fields kept as `Option` (absent stays `None`).
pub(super) fn opt_map<'de, D, V>(deserializer: D) -> Result<Option<BTreeMap<String, V>>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    map(deserializer).map(Some)
}

struct PhpMap<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for PhpMap<V> {
    type Value = BTreeMap<String, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, or an array (PHP's encoding of a map)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((key, value)) = access.next_entry::<String, V>()? {
            out.insert(key, value);
        }
        Ok(out)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        let mut index = 0usize;
        while let Some(value) = access.next_element::<V>()? {
            out.insert(index.to_string(), value);
            index += 1;
        }
        Ok(out)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::{Value, json};

    #[derive(Deserialize)]
    struct Record {
        #[serde(default, deserialize_with = "map")]
        custom_fields: BTreeMap<String, Value>,
        #[serde(default, deserialize_with = "opt_map")]
        payments: Option<BTreeMap<String, Value>>,
    }

    fn parse(v: Value) -> Record {
        serde_json::from_value(v).expect("PHP shapes are accepted")
    }

    #[test]
    fn every_php_shape_of_a_map_is_accepted() {
        let r = parse(json!({"custom_fields": [], "payments": []}));
        assert!(r.custom_fields.is_empty());
        assert_eq!(r.payments, Some(BTreeMap::new()));
        let r = parse(json!({"custom_fields": {"a": 1}, "payments": {"7": {"id": 7}}}));
        assert_eq!(r.custom_fields["a"], 1);
        assert_eq!(r.payments.unwrap()["7"]["id"], 7);
        let r = parse(json!({"custom_fields": ["x", "y"]}));
        assert_eq!(r.custom_fields["1"], "y", "a list is keyed by index");
        assert!(r.payments.is_none(), "absent stays absent");
        let r = parse(json!({"custom_fields": null, "payments": null}));
        assert!(r.custom_fields.is_empty());
    }

    #[test]
    fn a_scalar_is_still_refused() {
        let e = serde_json::from_value::<Record>(json!({"custom_fields": 3}));
        assert!(e.is_err());
    }
}
