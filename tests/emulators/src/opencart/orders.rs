//! `order.get` and `order.update`: an order as the events carry it, and the
//! change of its Customer section and payment / shipping addresses
//! (OC-R2..OC-R5). Every check runs before the first write.

use super::Flavour;
use super::address;
use super::error::ApiError;
use super::input::In;
use super::state::State;
use serde_json::{Map, Value, json};

pub(crate) fn get(st: &mut State, query: &In) -> Result<(u16, Value), ApiError> {
    query.allow_only(&["op", "order_id"])?;
    let order_id = query.id("order_id", 1)?;
    let order = st
        .read_order(order_id)
        .ok_or_else(|| ApiError::not_found("order", order_id))?;
    Ok((200, order))
}

pub(crate) fn update(st: &mut State, query: &In, body: &In) -> Result<(u16, Value), ApiError> {
    query.allow_only(&["op", "order_id"])?;
    let order_id = query.id("order_id", 1)?;
    if !st.orders.contains_key(&order_id) {
        return Err(ApiError::not_found("order", order_id));
    }
    body.allow_only(&["customer", "payment_address", "shipping_address"])?;
    let mut columns = Map::new();
    if let Some(customer) = body.object("customer")? {
        columns.extend(customer_columns(st, &customer)?);
    }
    if let Some(payment) = body.object("payment_address")? {
        // order.payment_company is VARCHAR(60) in 3.0 and 4.0.
        let set = address::columns(st, &payment, false, 60, &[])?;
        columns.extend(prefixed("payment_", set));
    }
    if let Some(shipping) = body.object("shipping_address")? {
        let max = if st.flavour == Flavour::Oc3 { 40 } else { 60 };
        let set = address::columns(st, &shipping, false, max, &[])?;
        columns.extend(prefixed("shipping_", set));
    }
    if !columns.is_empty() {
        columns.insert("date_modified".into(), json!(st.stamp()));
        let row = st.orders.get_mut(&order_id).expect("checked above");
        row.extend(columns);
    }
    Ok((200, st.read_order(order_id).expect("checked above")))
}

fn customer_columns(st: &State, input: &In) -> Result<Map<String, Value>, ApiError> {
    input.allow_only(&[
        "customer_id",
        "customer_group_id",
        "firstname",
        "lastname",
        "email",
        "telephone",
    ])?;
    let mut out = Map::new();
    if input.has("customer_id") {
        // 0 makes it a guest order: no customer is created (OC-R3).
        let id = input.id("customer_id", 0)?;
        if id > 0 && !st.customers.contains_key(&id) {
            return Err(ApiError::not_found("customer", id));
        }
        out.insert("customer_id".into(), json!(id.to_string()));
    }
    if input.has("customer_group_id") {
        let id = input.id("customer_group_id", 1)?;
        if !st.group_exists(id) {
            return Err(ApiError::invalid(
                &input.field("customer_group_id"),
                "no such customer group",
            ));
        }
        out.insert("customer_group_id".into(), json!(id.to_string()));
    }
    for key in ["firstname", "lastname", "telephone"] {
        if input.has(key) {
            out.insert(key.into(), json!(input.text(key, 32, true)?));
        }
    }
    if input.has("email") {
        out.insert("email".into(), json!(input.email("email", true)?));
    }
    Ok(out)
}

fn prefixed(prefix: &str, columns: Map<String, Value>) -> Map<String, Value> {
    columns
        .into_iter()
        .map(|(k, v)| (format!("{prefix}{k}"), v))
        .collect()
}
