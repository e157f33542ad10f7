//! `/orders/payments/*` and `/reference/delivery-types`: what the retail
//! flow needs beyond orders.
//!
//! A payment belongs to one order (`payment.order.id` or `.externalId`) and
//! shows on the order under `payments`, an object keyed by payment id (as
//! `GET /orders/{x}` does). `type` and `amount` are required; `status`
//! defaults to `not-paid`.

use super::history;
use super::request::{Answer, ApiError, Req};
use super::state::{State, resolve};
use serde_json::{Value, json};

pub(crate) fn create(st: &mut State, req: &Req) -> Answer {
    let mut payment = req.entity("payment")?;
    let order_ref = payment.remove("order").unwrap_or(Value::Null);
    let Some(i) = resolve(&st.orders, &order_ref, req.param("site")) else {
        return Err(ApiError::new(400, "Payment is not loaded").with("order", "Order not found."));
    };
    for field in ["type", "amount"] {
        if payment.get(field).is_none_or(Value::is_null) {
            return Err(ApiError::new(400, "Payment is not loaded")
                .with(field, "This value should not be blank."));
        }
    }
    if !payment["amount"].is_number() {
        return Err(ApiError::new(400, "Payment is not loaded")
            .with("amount", "This value should be a number."));
    }
    let id = st.part_id();
    payment.insert("id".into(), json!(id));
    payment.entry("status").or_insert_with(|| json!("not-paid"));
    let before = st.orders[i].clone();
    let order = &mut st.orders[i];
    if !order["payments"].is_object() {
        order["payments"] = json!({});
    }
    order["payments"][id.to_string()] = Value::Object(payment);
    let after = st.orders[i].clone();
    history::record(st, "orders", Some(&before), &after);
    Ok(json!({"success": true, "id": id}))
}

/// `POST /orders/payments/{id}/edit` (`by=id`): the fields sent replace the payment's.
pub(crate) fn edit(st: &mut State, req: &Req, id: &str) -> Answer {
    let changes = req.entity("payment")?;
    if changes.get("amount").is_some_and(|a| !a.is_number()) {
        return Err(ApiError::new(400, "Payment is not loaded")
            .with("amount", "This value should be a number."));
    }
    let i = st
        .orders
        .iter()
        .position(|o| o["payments"].get(id).is_some())
        .ok_or_else(ApiError::not_found)?;
    let before = st.orders[i].clone();
    for (k, v) in changes
        .into_iter()
        .filter(|(k, _)| k != "id" && k != "order")
    {
        st.orders[i]["payments"][id][k] = v;
    }
    let after = st.orders[i].clone();
    history::record(st, "orders", Some(&before), &after);
    Ok(json!({"success": true, "id": id.parse::<i64>().unwrap_or_default()}))
}

/// `POST /orders/payments/{id}/delete`.
pub(crate) fn delete(st: &mut State, id: &str) -> Answer {
    for order in st.orders.iter_mut() {
        if let Some(map) = order["payments"].as_object_mut()
            && map.remove(id).is_some()
        {
            return Ok(json!({"success": true}));
        }
    }
    Err(ApiError::not_found())
}

/// `GET /reference/delivery-types`: `{deliveryTypes: {code: {name, code, active}}}`.
pub(crate) fn delivery_types(st: &State) -> Answer {
    let types: serde_json::Map<String, Value> = st
        .delivery_types
        .iter()
        .map(|code| {
            (
                code.clone(),
                json!({"name": code, "code": code, "active": true}),
            )
        })
        .collect();
    Ok(json!({"success": true, "deliveryTypes": types}))
}
