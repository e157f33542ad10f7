//! What happens in the shop itself rather than through the API: records a
//! test starts with, and edits made in the admin, which (unlike API writes)
//! fire the extension's events.

use super::state::{Row, State};
use serde_json::{Map, Value, json};

/// An order row with every column `getOrder()` has, before `fields`.
fn default_order(order_id: i64, stamp: &str) -> Row {
    let mut row = Map::new();
    let text = [
        ("invoice_no", "0"),
        ("invoice_prefix", "INV-2026-00"),
        ("store_id", "0"),
        ("store_name", "Demo shop"),
        ("customer_id", "0"),
        ("customer_group_id", "1"),
        ("comment", ""),
        ("total", "150.0000"),
        ("order_status_id", "1"),
        ("order_status", "Pending"),
        ("affiliate_id", "0"),
        ("language_id", "1"),
        ("currency_id", "1"),
        ("currency_code", "RUB"),
        ("currency_value", "1.00000000"),
        ("ip", "203.0.113.9"),
        ("payment_method", "Cash On Delivery"),
        ("payment_code", "cod"),
        ("shipping_method", "Flat Shipping Rate"),
        ("shipping_code", "flat.flat"),
    ];
    for (key, value) in text {
        row.insert(key.into(), json!(value));
    }
    for key in ["firstname", "lastname", "email", "telephone"] {
        row.insert(key.into(), json!(""));
    }
    for prefix in ["payment_", "shipping_"] {
        for key in [
            "firstname",
            "lastname",
            "company",
            "address_1",
            "address_2",
            "city",
            "postcode",
            "zone",
            "country",
            "address_format",
        ] {
            row.insert(format!("{prefix}{key}"), json!(""));
        }
        row.insert(format!("{prefix}zone_id"), json!("0"));
        row.insert(format!("{prefix}country_id"), json!("0"));
        row.insert(format!("{prefix}custom_field"), json!([]));
    }
    row.insert("custom_field".into(), json!([]));
    row.insert("order_id".into(), json!(order_id.to_string()));
    row.insert("date_added".into(), json!(stamp));
    row.insert("date_modified".into(), json!(stamp));
    row
}

/// Writes `fields` into an order row as the admin's order editor would:
/// values as strings; `{payment,shipping}_iso_code_2` and `_zone` resolve
/// to the ids and names the row keeps.
pub(crate) fn write_order_fields(st: &State, row: &mut Row, fields: &Value) {
    for (key, value) in fields.as_object().into_iter().flatten() {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let (prefix, column) = key
            .split_once('_')
            .filter(|(p, _)| *p == "payment" || *p == "shipping")
            .map(|(p, c)| (format!("{p}_"), c))
            .unwrap_or_default();
        if column == "iso_code_2" {
            let country = st
                .countries
                .iter()
                .find(|c| c.2.eq_ignore_ascii_case(&text));
            let (id, name) = country.map_or((0, ""), |c| (c.0, c.1));
            row.insert(format!("{prefix}country_id"), json!(id.to_string()));
            row.insert(format!("{prefix}country"), json!(name));
        } else if column == "zone" {
            let zone = st.zones.iter().find(|z| z.2.eq_ignore_ascii_case(&text));
            row.insert(
                format!("{prefix}zone_id"),
                json!(zone.map_or(0, |z| z.0).to_string()),
            );
            row.insert(key.clone(), json!(text));
        } else {
            row.insert(key.clone(), json!(text));
        }
    }
}

pub(crate) fn seed_order(st: &mut State, order_id: i64, fields: &Value, products: &Value) {
    let mut row = default_order(order_id, &st.stamp());
    write_order_fields(st, &mut row, fields);
    st.orders.insert(order_id, row);
    let lines: Vec<Value> = products
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(n, p)| {
            let mut line = json!({"order_product_id": (n + 1).to_string(), "order_id": order_id.to_string(),
                "product_id": "40", "name": "iPhone", "model": "product 11", "quantity": "1",
                "price": "100.0000", "total": "100.0000", "tax": "0.0000", "reward": "0"});
            for (k, v) in p.as_object().into_iter().flatten() {
                line[k] = json!(v.as_str().map_or_else(|| v.to_string(), str::to_owned));
            }
            line
        })
        .collect();
    st.products.insert(order_id, lines);
}

/// A registered customer; `fields` overrides the defaults. Returns its id.
pub(crate) fn seed_customer(st: &mut State, fields: &Value) -> i64 {
    let id = st.next_id();
    let mut row = Map::new();
    for (key, value) in [
        ("customer_id", id.to_string()),
        ("customer_group_id", "1".into()),
        ("store_id", "0".into()),
        ("language_id", "1".into()),
        ("firstname", String::new()),
        ("lastname", String::new()),
        ("email", String::new()),
        ("telephone", String::new()),
        ("custom_field", String::new()),
        ("newsletter", "0".into()),
        ("ip", "203.0.113.7".into()),
        ("status", "1".into()),
        ("safe", "0".into()),
        ("date_added", st.stamp()),
    ] {
        row.insert(key.into(), json!(value));
    }
    if st.flavour == super::Flavour::Oc3 {
        row.insert("address_id".into(), json!("0"));
    }
    for (key, value) in fields.as_object().into_iter().flatten() {
        let text = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        row.insert(key.clone(), json!(text));
    }
    st.customers.insert(id, row);
    id
}
