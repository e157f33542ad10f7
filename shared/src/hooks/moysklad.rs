//! `POST /hooks/{tenant}/moysklad/{token}`: MoySklad webhook notifications.
//!
//! MoySklad does not sign: the per-tenant secret token in the path is the
//! authentication, compared in constant time. It waits 1500 ms and counts
//! only 200/204 as delivered (a 202 is a failure), retrying 3 times with the
//! same `requestId`, our dedupe key. So: check, fan each event out to the
//! flows that consume it, answer 200 with no body; the worker reads the
//! entity by its href.

use super::{ApiError, AppState, read_body};
use crate::clock::now_ms;
use crate::connectors::moysklad::WebhookPayload;
use crate::model::{EntityKind, Envelope, EventKind, System};
use axum::extract::{Path, Query, State};
use http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub(super) async fn hook(
    State(app): State<AppState>,
    Path((tenant, token)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<StatusCode, ApiError> {
    let raw = read_body(&headers, body).await?;
    let settings = super::tenant_settings(&app, &tenant, || ApiError::NotFound).await?;
    let tenant = settings.id.clone();
    // An unset token never matches, not even an empty path segment.
    let known = settings.moysklad.as_ref();
    if !known.is_some_and(|m| m.webhook_token.matches(&token)) {
        return Err(ApiError::NotFound);
    }
    let payload: WebhookPayload =
        serde_json::from_slice(&raw).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    // Without requestId (not MoySklad's way) identical bodies still dedupe.
    let request_id = query
        .get("requestId")
        .cloned()
        .unwrap_or_else(|| hex::encode(Sha256::digest(&raw)));
    let base = known
        .map(|m| m.base_url.trim_end_matches('/'))
        .unwrap_or_default();
    let mut events = Vec::new();
    for (n, event) in payload.events.iter().enumerate() {
        let Some((entity, kind)) = classify(event.meta.kind.as_deref(), &event.action) else {
            continue;
        };
        let entity_type = event.meta.kind.as_deref().unwrap_or_default();
        let id = entity_id(&event.meta.href, base, entity_type).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "events[{n}].meta.href is not a {entity_type} of this tenant's MoySklad account"
            ))
        })?;
        events.push(Envelope {
            tenant: tenant.clone(),
            source: System::MoySklad,
            kind,
            entity,
            external_id: id.to_owned(),
            dedupe_key: format!("ms:{tenant}:{request_id}:{n}"),
            received_at: now_ms(),
            payload: serde_json::to_value(event)
                .map_err(|e| ApiError::BadRequest(e.to_string()))?,
            flow: None,
        });
    }
    // One batch: one commit locally, calls of ten on SQS, so even a large
    // body is answered well within MoySklad's 1.5 s.
    app.registry
        .publish_all(app.queue.as_ref(), &settings, &events, false)
        .await?;
    Ok(StatusCode::OK)
}

/// The id of the entity `href` names, when it is an entity of type
/// `entity_type` on the tenant's own MoySklad (`{base}/entity/{type}/{id}`,
/// a query allowed): a worker fetches it with the tenant's token, so a href
/// pointing elsewhere, or at another path, is never followed.
pub(crate) fn entity_id<'a>(href: &'a str, base: &str, entity_type: &str) -> Option<&'a str> {
    let path = href.split(['?', '#']).next()?;
    let rest = strip_base(path, base)?.strip_prefix("/entity/")?;
    let (kind, id) = rest.split_once('/')?;
    let well_formed =
        !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    (kind == entity_type && well_formed).then_some(id)
}

/// `path` without the tenant's MoySklad base. MoySklad's two API hosts
/// serve the same accounts (`online.moysklad.ru` is the older name of
/// `api.moysklad.ru`), so a tenant configured with one takes hrefs of the other.
fn strip_base<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    const HOSTS: [&str; 2] = ["https://api.moysklad.ru/", "https://online.moysklad.ru/"];
    if let Some(rest) = path.strip_prefix(base) {
        return Some(rest);
    }
    let base_path = HOSTS.iter().find_map(|h| base.strip_prefix(h))?;
    HOSTS
        .iter()
        .find_map(|h| path.strip_prefix(h)?.strip_prefix(base_path))
}

/// The events we subscribe to; others are acknowledged and dropped.
fn classify(kind: Option<&str>, action: &str) -> Option<(EntityKind, EventKind)> {
    match (kind?, action) {
        ("customerorder", "UPDATE") => Some((EntityKind::Order, EventKind::Updated)),
        ("counterparty", "UPDATE") => Some((EntityKind::Customer, EventKind::Updated)),
        ("demand", "CREATE") => Some((EntityKind::Shipment, EventKind::Created)),
        ("retaildemand", "CREATE") => Some((EntityKind::RetailSale, EventKind::Created)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::entity_id;

    const BASE: &str = "https://api.moysklad.ru/api/remap/1.2";

    #[test]
    fn only_entities_of_the_tenants_account_are_taken() {
        let good = format!("{BASE}/entity/customerorder/7944ef04-f831-11e5-7a69-971500188b19");
        assert_eq!(
            entity_id(&good, BASE, "customerorder"),
            Some("7944ef04-f831-11e5-7a69-971500188b19")
        );
        let with_query = format!("{good}?expand=agent");
        assert!(entity_id(&with_query, BASE, "customerorder").is_some());
        let old_host = good.replace("api.moysklad.ru", "online.moysklad.ru");
        assert!(entity_id(&old_host, BASE, "customerorder").is_some());
        assert!(
            entity_id(
                &good,
                "https://online.moysklad.ru/api/remap/1.2",
                "customerorder"
            )
            .is_some()
        );
        for refused in [
            String::new(),
            "../../../etc/passwd".to_owned(),
            format!("{BASE}/entity/customerorder/../../etc/passwd"),
            format!("{BASE}/entity/counterparty/7944ef04-f831-11e5-7a69-971500188b19"),
            format!(
                "https://evil.example/entity/customerorder/7944ef04-f831-11e5-7a69-971500188b19"
            ),
            format!("{BASE}/entity/customerorder/"),
        ] {
            assert_eq!(
                entity_id(&refused, BASE, "customerorder"),
                None,
                "{refused}"
            );
        }
    }
}
