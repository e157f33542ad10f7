//! `/orders/history`, `/customers/history`, `/customers-corporate/history`.
//!
//! Every write adds entries, as the CRM does: one per changed field, with
//! `created: true` on creation; `source` is `api` for API calls (with
//! `apiKey.current` telling whether the key that asks is the key that wrote)
//! or `user` for changes made "in the CRM's UI" (the emulator's `user_*`
//! helpers). Reading: `filter[sinceId]` returns entries with a larger id,
//! oldest first, `limit` 20/50/100 (default 100); `sinceId` with `page` is
//! refused with 400, as on the real CRM (advance `sinceId` instead).
//! `filter[orderId]` keeps one order's entries. A status entry shows its
//! values as `{code}`; a payment entry names its `payment`; a deletion is one
//! entry with `deleted: true`.

use super::request::{Answer, ApiError, Req, same_id};
use super::state::State;
use serde_json::{Value, json};

/// Who is writing: an API key (by value), or a user in the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Actor {
    Api(String),
    User,
}

/// The three feeds, by their path and the key the entity sits under.
pub(crate) fn entity_key(feed: &str) -> &'static str {
    match feed {
        "orders" => "order",
        _ => "customer",
    }
}

/// One history entry before it is numbered: (created, field, old, new, payment).
type Change = (bool, String, Value, Value, Option<Value>);

/// Records the changes of one write: `before` is `None` on creation.
pub(crate) fn record(st: &mut State, feed: &str, before: Option<&Value>, after: &Value) {
    let summary = summary(after);
    let mut entries: Vec<Change> = Vec::new();
    match before {
        None => entries.push((
            true,
            "id".to_owned(),
            Value::Null,
            after["id"].clone(),
            None,
        )),
        Some(old) => {
            for (field, new) in after.as_object().into_iter().flatten() {
                if old.get(field) == Some(new) || field == "id" {
                    continue;
                }
                let old_value = old.get(field).cloned().unwrap_or(Value::Null);
                match field.as_str() {
                    "payments" => entries.extend(payment_changes(&old_value, new)),
                    // A dictionary field's values are shown as `{code}`.
                    "status" => {
                        entries.push((false, field.clone(), code(&old_value), code(new), None))
                    }
                    _ => entries.push((false, field.clone(), old_value, new.clone(), None)),
                }
            }
        }
    }
    for (created, field, old, new, payment) in entries {
        st.next_history += 1;
        let mut entry = json!({
            "id": st.next_history,
            "createdAt": now(),
            "field": field,
            "oldValue": old,
            "newValue": new,
        });
        entry[entity_key(feed)] = summary.clone();
        if let Some(p) = payment {
            entry["payment"] = p;
        }
        if created {
            entry["created"] = json!(true);
        }
        match &st.actor {
            Actor::Api(key) => {
                entry["source"] = json!("api");
                entry["apiKeyValue"] = json!(key);
            }
            Actor::User => {
                entry["source"] = json!("user");
                entry["user"] = json!({"id": 1});
            }
        }
        st.history.entry(feed.to_owned()).or_default().push(entry);
    }
}

fn code(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        other => json!({ "code": other }),
    }
}

/// One entry per payment added (`payments`, old null), removed (new null) or
/// changed (`payments.{field}`), each naming its `payment`.
fn payment_changes(old: &Value, new: &Value) -> Vec<Change> {
    let empty = serde_json::Map::new();
    let (old, new) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let mut out = Vec::new();
    for (id, p) in new {
        match old.get(id) {
            None => out.push((
                false,
                "payments".into(),
                Value::Null,
                code(&p["type"]),
                Some(p.clone()),
            )),
            Some(before) => {
                for (k, v) in p.as_object().into_iter().flatten() {
                    if before.get(k) != Some(v) {
                        let field = format!("payments.{k}");
                        out.push((false, field, before[k].clone(), v.clone(), Some(p.clone())));
                    }
                }
            }
        }
    }
    for (id, p) in old {
        if !new.contains_key(id) {
            out.push((
                false,
                "payments".into(),
                code(&p["type"]),
                Value::Null,
                Some(p.clone()),
            ));
        }
    }
    out
}

/// Records the deletion of `record`.
pub(crate) fn record_deleted(st: &mut State, feed: &str, record: &Value) {
    st.next_history += 1;
    let mut entry = json!({"id": st.next_history, "createdAt": now(), "field": "id",
        "oldValue": record["id"], "newValue": null, "deleted": true, "source": "user", "user": {"id": 1}});
    entry[entity_key(feed)] = summary(record);
    st.history.entry(feed.to_owned()).or_default().push(entry);
}

/// What a history entry shows of its record: id, externalId, site (and, for orders, number and status).
fn summary(record: &Value) -> Value {
    let mut out = json!({"id": record["id"], "site": record["site"]});
    for key in ["externalId", "number", "status", "nickName"] {
        if let Some(v) = record.get(key).filter(|v| !v.is_null()) {
            out[key] = v.clone();
        }
    }
    out
}

/// `GET /{feed}/history`.
pub(crate) fn list(st: &State, req: &Req, feed: &str, asking_key: &str) -> Answer {
    let since: Option<i64> = match req.param("filter[sinceId]") {
        None => None,
        Some(raw) => Some(raw.parse().map_err(|_| {
            ApiError::input("filter[sinceId]", "This value should be of type integer.")
        })?),
    };
    if since.is_some() && req.param("page").is_some() {
        return Err(ApiError::input(
            "page",
            "The page parameter cannot be used with filter[sinceId].",
        ));
    }
    let limit = match req.param("limit") {
        None => 100,
        Some(raw) => match raw.parse::<usize>() {
            Ok(l @ (20 | 50 | 100)) => l,
            _ => {
                return Err(ApiError::input(
                    "limit",
                    "The value you selected is not a valid choice.",
                ));
            }
        },
    };
    let page: usize = req.param("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let record = req.param("filter[orderId]").filter(|_| feed == "orders");
    let all: Vec<&Value> = st
        .history
        .get(feed)
        .into_iter()
        .flatten()
        .filter(|e| since.is_none_or(|s| e["id"].as_i64().unwrap_or(0) > s))
        .filter(|e| record.is_none_or(|r| same_id(&e["order"]["id"], r)))
        .collect();
    let total = all.len();
    let rows: Vec<Value> = all
        .into_iter()
        .skip((page.max(1) - 1) * limit)
        .take(limit)
        .map(|e| shown(e, asking_key))
        .collect();
    Ok(json!({
        "success": true,
        "generatedAt": now(),
        "history": rows,
        "pagination": {"limit": limit, "totalCount": total, "currentPage": page,
            "totalPageCount": total.div_ceil(limit).max(1)},
    }))
}

/// An entry as the asking key sees it: `apiKey.current` is true for its own writes.
fn shown(entry: &Value, asking_key: &str) -> Value {
    let mut e = entry.clone();
    if let Some(key) = e.as_object_mut().and_then(|o| o.remove("apiKeyValue")) {
        e["apiKey"] = json!({"current": key.as_str() == Some(asking_key)});
    }
    e
}

pub(crate) fn now() -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::now_utc()
        .format(f)
        .unwrap_or_default()
}
