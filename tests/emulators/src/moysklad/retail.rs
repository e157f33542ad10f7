//! Retail: what the real API does around `retaildemand` that the generic
//! entity code does not — the sale's `organization` and `retailStore` come
//! from its retail shift, unpaid remainder counts as cash — plus `expand` of
//! references (at most 100 rows a page, as MoySklad ignores it above),
//! user dictionaries (`entity/customentity/{dict}/{element}`) and redelivery
//! of a recorded webhook with its original `requestId`.

use super::MoySkladEmulator;
use super::listing::render;
use super::state::{Db, Delivery, Shared, not_found};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Fills what MoySklad derives on a new sale (docs, "Работа с полями оплаты"):
/// `retailStore` and `organization` from the shift, and the part of `sum` not
/// paid otherwise as `cashSum` (or `noCashSum` when `cashSum` was given).
pub(crate) fn complete_sale(db: &Db, o: &mut Map<String, Value>) {
    let id_of = |v: &Value| {
        v["meta"]["href"]
            .as_str()
            .and_then(|h| h.rsplit('/').next())
            .map(str::to_owned)
    };
    let shift = o.get("retailShift").and_then(id_of);
    let shift = shift.and_then(|id| db.find("retailshift", &id).cloned());
    if let Some(shift) = &shift {
        for field in ["retailStore", "organization"] {
            if o.get(field).is_none_or(Value::is_null) && !shift[field].is_null() {
                o.insert(field.into(), shift[field].clone());
            }
        }
    }
    let money = |o: &Map<String, Value>, f: &str| o.get(f).and_then(Value::as_i64).unwrap_or(0);
    let sum = money(o, "sum");
    let fields = [
        "cashSum",
        "noCashSum",
        "qrSum",
        "prepaymentCashSum",
        "prepaymentNoCashSum",
        "prepaymentQrSum",
    ];
    let paid: i64 = fields.iter().map(|f| money(o, f)).sum();
    let rest = (sum - paid).max(0);
    let target = if o.contains_key("cashSum") {
        "noCashSum"
    } else {
        "cashSum"
    };
    if money(o, "qrSum") == 0 && rest > 0 {
        o.insert(target.into(), json!(money(o, target) + rest));
    }
    for f in fields {
        o.entry(f).or_insert(json!(0));
    }
}

/// The `expand` of a list request: ignored when `limit` is above 100.
pub(crate) fn effective_expand(q: &HashMap<String, String>, limit: usize) -> &str {
    match q.get("expand") {
        Some(e) if limit <= 100 => e,
        _ => "",
    }
}

/// Replaces each top-level reference named in `expand` by the entity it points at.
pub(crate) fn expand_refs(shared: &Shared, db: &Db, out: &mut Value, expand: &str) {
    let prefix = format!("{}/entity/", shared.base());
    for field in expand
        .split(',')
        .map(str::trim)
        .filter(|f| !f.contains('.'))
    {
        let Some(href) = out[field]["meta"]["href"].as_str() else {
            continue;
        };
        let Some(path) = href.strip_prefix(&prefix) else {
            continue;
        };
        let path = path.split('?').next().unwrap_or(path);
        let Some((table, id)) = path.rsplit_once('/') else {
            continue;
        };
        if let Some(row) = db.find(table, id) {
            out[field] = render(shared, db, table, row, "");
        }
    }
}

/// `GET entity/customentity/{dict}/{element}`.
pub(crate) async fn dictionary_element(
    State(s): State<Arc<Shared>>,
    Path((dict, element)): Path<(String, String)>,
) -> Response {
    let db = s.db.lock().unwrap();
    match db.find(&format!("customentity/{dict}"), &element) {
        Some(row) => axum::Json(row.clone()).into_response(),
        None => not_found("customentity", &element),
    }
}

impl MoySkladEmulator {
    /// A point of sale of `organization` selling from `store`, and an open
    /// shift on it: `(retail store id, retail shift id)`.
    pub fn seed_retail_point(&self, organization: &str, store: &str) -> (String, String) {
        let base = self.base_url();
        let r = |kind: &str, id: &str| json!({"meta": {"href": format!("{base}/entity/{kind}/{id}"), "type": kind, "mediaType": "application/json"}});
        let point = self.seed(
            "retailstore",
            json!({"name": "Shop floor", "organization": r("organization", organization), "store": r("store", store)}),
        );
        let shift = self.seed(
            "retailshift",
            json!({"organization": r("organization", organization), "retailStore": r("retailstore", &point)}),
        );
        (point, shift)
    }

    /// A user dictionary ("справочник"); returns its id.
    pub fn seed_dictionary(&self, name: &str) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let row = json!({"meta": self.shared.meta(&format!("customentity/{id}"), "customentity"), "id": id, "name": name});
        self.shared
            .db
            .lock()
            .unwrap()
            .table("customentity")
            .insert(id.clone(), row);
        id
    }

    /// An element of dictionary `dict`; returns it as an attribute value (`{meta, name}`).
    pub fn seed_dictionary_value(&self, dict: &str, name: &str, code: &str) -> Value {
        let id = uuid::Uuid::new_v4().to_string();
        let meta = self
            .shared
            .meta(&format!("customentity/{dict}/{id}"), "customentity");
        let row = json!({"meta": meta, "id": id, "accountId": self.shared.account_id, "name": name, "code": code});
        self.shared
            .db
            .lock()
            .unwrap()
            .table(&format!("customentity/{dict}"))
            .insert(id, row);
        json!({"meta": meta, "name": name})
    }

    /// Posts a recorded delivery again, same body and `requestId` (MoySklad's
    /// retry of a notification whose answer it did not get); returns the status.
    pub async fn redeliver(&self, delivery: &Delivery) -> Option<u16> {
        let sep = if delivery.url.contains('?') { '&' } else { '?' };
        let target = format!("{}{sep}requestId={}", delivery.url, delivery.request_id);
        let sent = self
            .shared
            .http
            .post(&target)
            .json(&delivery.body)
            .timeout(Duration::from_millis(1500))
            .send()
            .await;
        sent.ok().map(|r| r.status().as_u16())
    }
}
