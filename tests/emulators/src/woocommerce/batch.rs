//! `POST /wc/v3/customers/batch`: `WC_REST_Controller::batch_items`. At most
//! 100 items over create, update and delete (413 otherwise); each item is
//! run on its own, a failure answered in its place as `{id, error}` (id 0
//! for creates) inside a 200; deletes are forced; a delete of id 0 is skipped.

use super::request::{Answer, ApiError, Reply};
use super::state::State;
use super::{create, customers};
use serde_json::{Map, Value, json};

pub(crate) const LIMIT: usize = 100;

pub(crate) fn run(st: &mut State, body: &Map<String, Value>) -> Answer {
    // `array_filter($request->get_params())`: empty lists count as absent.
    let list = |k: &str| {
        body.get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (create, update, delete) = (list("create"), list("update"), list("delete"));
    if create.len() + update.len() + delete.len() > LIMIT {
        return Err(ApiError::new(
            413,
            "woocommerce_rest_request_entity_too_large",
            format!("Unable to accept more than {LIMIT} items for this request."),
        ));
    }
    let mut answer = Map::new();
    let empty = Map::new();
    if !create.is_empty() {
        let items = create
            .iter()
            .map(|item| {
                let item = item.as_object().unwrap_or(&empty);
                create::create(st, item, false)
                    .unwrap_or_else(|e| json!({"id": 0, "error": e.item()}))
            })
            .collect();
        answer.insert("create".into(), Value::Array(items));
    }
    if !update.is_empty() {
        let items = update
            .iter()
            .map(|item| {
                let id = item["id"].as_i64().unwrap_or(0);
                let item = item.as_object().unwrap_or(&empty);
                customers::update(st, id, item, false)
                    .unwrap_or_else(|e| json!({"id": id, "error": e.item()}))
            })
            .collect();
        answer.insert("update".into(), Value::Array(items));
    }
    if !delete.is_empty() {
        let items = delete
            .iter()
            .filter_map(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
            .filter(|id| *id != 0)
            .map(|id| {
                customers::delete(st, id, true, false)
                    .unwrap_or_else(|e| json!({"id": id, "error": e.item()}))
            })
            .collect();
        answer.insert("delete".into(), Value::Array(items));
    }
    Ok(Reply::json(Value::Object(answer)))
}
