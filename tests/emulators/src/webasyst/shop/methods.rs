//! The shop's API methods (`api/v1/shop.order.*.method.php`,
//! `shop.settings.get`), each checking its verb and parameters as the shop
//! does. `shop.order.action` runs an action only if the order's state
//! offers it now (404 "Available action not found for the specified
//! order."), and notifies like an action taken in the backend. The
//! shortcuts that skip that check (`shop.order.complete`, `ship`, ...) are
//! not emulated: Synclane never calls them.

use super::super::api::{Answer, Call, shop_time};
use super::notify::{self, Outgoing};
use super::state::State;
use super::{search, workflow};
use serde_json::{Value, json};

/// A method's answer and the notifications it makes the shop send.
pub(crate) fn dispatch(st: &mut State, call: &Call) -> Result<(Answer, Vec<Outgoing>), Answer> {
    let quiet = |a: Answer| (a, Vec::new());
    match call.method.as_str() {
        "shop.order.search" => {
            call.expect("GET")?;
            search_orders(st, call).map(quiet)
        }
        "shop.order.getInfo" => {
            call.expect("GET")?;
            let id = id(call, call.param("id"))?;
            let order = st.orders.iter().find(|o| o.id == id).ok_or_else(no_order)?;
            Ok(quiet(Answer::ok(order.json(true))))
        }
        "shop.order.log" => {
            call.expect("GET")?;
            let id = id(call, call.param("id"))?;
            let mut rows: Vec<Value> = st
                .log
                .iter()
                .filter(|r| r.order_id == id)
                .map(|r| json!({ "id": r.id.to_string(), "order_id": r.order_id.to_string(), "action_id": r.action_id,
                                 "before_state_id": r.before, "after_state_id": r.after, "datetime": r.datetime,
                                 "text": null, "params": [] }))
                .collect();
            rows.reverse();
            Ok(quiet(Answer::ok(json!(rows))))
        }
        "shop.order.actions" => {
            call.expect("GET")?;
            let id = id(call, call.param("id"))?;
            let order = st.orders.iter().find(|o| o.id == id).ok_or_else(no_order)?;
            let actions: Vec<Value> = workflow::available(&order.state_id)
                .iter()
                .map(|a| json!({ "id": a, "type": "button", "is_custom": false, "name": workflow::name(a),
                                 "data_required": workflow::with_form(a), "color": "#aaa" }))
                .collect();
            Ok(quiet(Answer::ok(json!(actions))))
        }
        "shop.order.action" => {
            call.expect("POST")?;
            let id = id(call, call.post("id"))?;
            let action = call.required(call.post("action"), "action")?.to_owned();
            if !st.orders.iter().any(|o| o.id == id) {
                return Err(no_order());
            }
            let Some(row) = st.run(id, &action) else {
                return Err(Answer::error(
                    404,
                    "invalid_param",
                    "Available action not found for the specified order.",
                ));
            };
            let order = st
                .orders
                .iter()
                .find(|o| o.id == id)
                .cloned()
                .ok_or_else(no_order)?;
            let out = notify::outgoing(st, &order, &row);
            let body = json!({ "id": row.id, "order_id": id, "action_id": action,
                               "before_state_id": row.before, "after_state_id": row.after });
            Ok((Answer::ok(body), out))
        }
        "shop.settings.get" => {
            call.expect("GET")?;
            let states: Vec<Value> = workflow::STATES
                .iter()
                .map(|(s, actions)| json!({ "id": s, "name": s, "options": {}, "available_actions": actions }))
                .collect();
            Ok(quiet(Answer::ok(json!({
                "version": "12.4.0", "order_states": states, "default_currency": "RUB",
                "server_time": shop_time(time::OffsetDateTime::now_utc()),
                "server_timezone": "UTC", "server_timezone_shift": "0",
            }))))
        }
        other => Err(Answer::error(
            404,
            "invalid_method",
            &format!("Unknown method: {other}"),
        )),
    }
}

fn search_orders(st: &State, call: &Call) -> Result<Answer, Answer> {
    let number = |name: &str, default: i64| {
        call.param(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (offset, limit) = (number("offset", 0), number("limit", 100));
    if offset < 0 {
        return Err(Answer::error(
            400,
            "invalid_param",
            "An “offset” parameter value must be greater than or equal to zero.",
        ));
    }
    if limit < 0 {
        return Err(Answer::error(
            400,
            "invalid_param",
            "A “limit” parameter value must be greater than or equal to zero.",
        ));
    }
    if limit > 1000 {
        return Err(Answer::error(
            400,
            "invalid_param",
            "A “limit” parameter value must not exceed 1000.",
        ));
    }
    let hash = call.param("hash").unwrap_or("");
    let mut found = search::matching(&st.orders, hash)
        .ok_or_else(|| Answer::error(400, "invalid_param", "Unknown collection hash."))?;
    search::sort(&mut found, call.param("sort"));
    let page: Vec<Value> = found
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|o| {
            let mut v = o.json(false);
            if let Some(m) = v.as_object_mut() {
                m.remove("contact");
            }
            v
        })
        .collect();
    Ok(Answer::ok(
        json!({ "offset": offset, "limit": limit, "count": found.len(), "orders": page }),
    ))
}

fn id(call: &Call, raw: Option<&str>) -> Result<i64, Answer> {
    let raw = call.required(raw, "id")?;
    Ok(raw.trim().parse().unwrap_or(0))
}

fn no_order() -> Answer {
    Answer::error(404, "invalid_param", "Order not found.")
}
