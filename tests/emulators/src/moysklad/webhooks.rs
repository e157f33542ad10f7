//! Webhooks: registration rules (duplicate (entityType, action, url) → 30003;
//! `diffType` only on UPDATE) and delivery as MoySklad does it:
//! `POST {url}?requestId={uuid}`, success only on 200/204 within 1500 ms,
//! then up to 3 more attempts with the same requestId, then dropped.
//! A write carrying `X-Lognex-WebHook-DisableByPrefix: p` fires no webhook
//! whose URL starts with `p`.

use super::state::{Db, Delivery, Shared, error};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// A change that may fire webhooks.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub kind: String,
    pub action: &'static str,
    pub id: String,
    pub fields: Vec<String>,
}

/// Checks a new subscription against the rules of `entity/webhook`.
pub(crate) fn validate(db: &Db, body: &Value) -> Result<(), Response> {
    let action = body["action"].as_str().unwrap_or_default();
    if !matches!(action, "CREATE" | "UPDATE" | "DELETE") {
        let text = format!(
            "Ошибка сохранения webhook: неизвестное действие '{action}'. Допустимые: CREATE, UPDATE, DELETE"
        );
        return Err(error(
            StatusCode::PRECONDITION_FAILED,
            30002,
            &text,
            Some("action"),
        ));
    }
    if body.get("diffType").is_some_and(|d| !d.is_null()) && action != "UPDATE" {
        let text = format!(
            "Ошибка сохранения webhook: указание значения поля 'diffType' не поддерживается для действия '{action}'. Допустимые: UPDATE"
        );
        return Err(error(
            StatusCode::PRECONDITION_FAILED,
            30009,
            &text,
            Some("diffType"),
        ));
    }
    let url = body["url"].as_str().unwrap_or_default();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        let text =
            "Ошибка сохранения webhook: значение поля url не является корректным адресом запроса";
        return Err(error(
            StatusCode::PRECONDITION_FAILED,
            30005,
            text,
            Some("url"),
        ));
    }
    let same = |w: &&Value| {
        w["url"] == body["url"]
            && w["action"] == body["action"]
            && w["entityType"] == body["entityType"]
    };
    if db
        .tables
        .get("webhook")
        .is_some_and(|t| t.rows().any(|w| same(&w)))
    {
        let text = "Ошибка сохранения webhook: webhook с данным набором параметров уже существует";
        return Err(error(StatusCode::PRECONDITION_FAILED, 30003, text, None));
    }
    Ok(())
}

/// Subscriptions that `change` fires, less those a DisableByPrefix header silences.
pub(crate) fn targets(
    shared: &Shared,
    change: &Change,
    disabled: &[String],
) -> Vec<(String, bool)> {
    let db = shared.db.lock().unwrap();
    let Some(hooks) = db.tables.get("webhook") else {
        return Vec::new();
    };
    hooks
        .rows()
        .filter(|w| w["entityType"] == change.kind.as_str() && w["action"] == change.action)
        .filter(|w| w["enabled"].as_bool() != Some(false))
        .filter_map(|w| {
            let url = w["url"].as_str()?.to_owned();
            let fields = w["diffType"] == "FIELDS";
            (!disabled.iter().any(|p| url.starts_with(p.as_str()))).then_some((url, fields))
        })
        .collect()
}

/// The body MoySklad posts for one event.
pub(crate) fn payload(shared: &Shared, change: &Change, with_fields: bool) -> Value {
    let base = shared.base();
    let mut event = json!({
        "meta": {"type": change.kind, "href": format!("{base}/entity/{}/{}", change.kind, change.id)},
        "action": change.action,
        "accountId": shared.account_id,
    });
    if with_fields && change.action == "UPDATE" {
        event["updatedFields"] = json!(change.fields);
    }
    json!({
        "auditContext": {
            "meta": {"type": "audit", "href": format!("{base}/audit/{}", uuid::Uuid::new_v4())},
            "uid": "admin@emulator",
            "moment": super::entities::now_moment(),
        },
        "events": [event],
    })
}

/// Delivers one notification: the first attempt and up to 3 more, same requestId.
pub(crate) async fn deliver(shared: &Shared, url: &str, body: Value) -> Vec<Delivery> {
    let request_id = uuid::Uuid::new_v4().to_string();
    let sep = if url.contains('?') { '&' } else { '?' };
    let target = format!("{url}{sep}requestId={request_id}");
    let mut log = Vec::new();
    for attempt in 1..=4 {
        let sent = shared
            .http
            .post(&target)
            .json(&body)
            .timeout(Duration::from_millis(1500))
            .send()
            .await;
        let status = sent.ok().map(|r| r.status().as_u16());
        let d = Delivery {
            url: url.to_owned(),
            request_id: request_id.clone(),
            attempt,
            status,
            body: body.clone(),
        };
        shared.deliveries.lock().unwrap().push(d.clone());
        log.push(d);
        if matches!(status, Some(200 | 204)) {
            break;
        }
    }
    log
}

/// Fires the webhooks of API writes in the background, as MoySklad does.
pub(crate) fn dispatch(shared: &Arc<Shared>, changes: Vec<Change>, disabled: Vec<String>) {
    for change in changes {
        for (url, fields) in targets(shared, &change, &disabled) {
            let body = payload(shared, &change, fields);
            let shared = shared.clone();
            tokio::spawn(async move { deliver(&shared, &url, body).await });
        }
    }
}
