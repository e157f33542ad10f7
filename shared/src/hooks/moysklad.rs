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
use crate::connectors::moysklad::{WebhookPayload, id_from_href};
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
    let settings = super::tenant_settings(&app, &tenant).await?;
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
    for (n, event) in payload.events.iter().enumerate() {
        let Some((entity, kind)) = classify(event.meta.kind.as_deref(), &event.action) else {
            continue;
        };
        let envelope = Envelope {
            tenant: tenant.clone(),
            source: System::MoySklad,
            kind,
            entity,
            external_id: id_from_href(&event.meta.href).to_owned(),
            dedupe_key: format!("ms:{tenant}:{request_id}:{n}"),
            received_at: now_ms(),
            payload: serde_json::to_value(event)
                .map_err(|e| ApiError::BadRequest(e.to_string()))?,
            flow: None,
        };
        app.registry
            .publish(app.queue.as_ref(), &settings, &envelope, false)
            .await?;
    }
    Ok(StatusCode::OK)
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
