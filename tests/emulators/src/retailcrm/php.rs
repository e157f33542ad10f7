//! Answers in PHP's JSON shapes, as the real service sends them.
//!
//! RetailCRM is written in PHP: `json_encode` writes an empty associative
//! array as `[]`. So a record's `customFields` with no values, an order's
//! `payments` with none, an empty `deliveryTypes` reference or `errors` map
//! arrive as `[]`, and records always carry their `customFields` (orders
//! their `payments`), empty or not. The emulator keeps its state as JSON
//! objects and encodes every answer here, so clients meet both shapes.

use serde_json::{Value, json};

/// Map-typed fields: `{}` when they have entries, `[]` when empty.
const MAP_FIELDS: &[&str] = &["customFields", "payments", "deliveryTypes", "errors"];

/// Rewrites `answer` into the shapes the real service sends.
pub(crate) fn encode(answer: &mut Value) {
    complete_records(answer);
    empty_maps_as_arrays(answer);
}

/// Adds the map fields every record of an answer carries.
fn complete_records(answer: &mut Value) {
    let Some(top) = answer.as_object_mut() else {
        return;
    };
    for (key, value) in top.iter_mut() {
        let (records, is_order): (Vec<&mut Value>, bool) = match key.as_str() {
            "customer" | "customerCorporate" => (vec![value], false),
            "order" => (vec![value], true),
            "customers" | "customersCorporate" => {
                (value.as_array_mut().into_iter().flatten().collect(), false)
            }
            "orders" => (value.as_array_mut().into_iter().flatten().collect(), true),
            _ => continue,
        };
        for record in records.into_iter().filter_map(Value::as_object_mut) {
            record.entry("customFields").or_insert_with(|| json!({}));
            if is_order {
                record.entry("payments").or_insert_with(|| json!({}));
            }
        }
    }
}

fn empty_maps_as_arrays(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                let empty_map = inner.as_object().is_some_and(|m| m.is_empty());
                if empty_map && MAP_FIELDS.contains(&key.as_str()) {
                    *inner = json!([]);
                } else {
                    empty_maps_as_arrays(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(empty_maps_as_arrays),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_maps_become_arrays_and_records_carry_them() {
        let mut answer = json!({"success": true, "customerCorporate": {"id": 1},
            "orders": [{"id": 2, "customFields": {"a": "b"}, "payments": {}}]});
        encode(&mut answer);
        assert_eq!(answer["customerCorporate"]["customFields"], json!([]));
        assert_eq!(answer["orders"][0]["customFields"], json!({"a": "b"}));
        assert_eq!(answer["orders"][0]["payments"], json!([]));
    }
}
