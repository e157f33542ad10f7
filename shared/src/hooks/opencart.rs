//! `POST /hooks/{tenant}/opencart`: an event from our OpenCart extension
//! (orders, customers and their addresses, or the settings page's ping).
//! Verified, normalised into one source event, fanned out to the flows
//! that consume it, answered 202 once their envelopes are durable.

use super::{ApiError, AppState, read_body, signature};
use crate::clock::now_ms;
use crate::connectors::opencart::{HookEvent, parse_event};
use crate::model::{EntityKind, Envelope, EventKind, System};
use axum::Json;
use axum::extract::{Path, State};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub(super) async fn hook(
    State(app): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let raw = read_body(&headers, body).await?;
    let settings = super::tenant_settings(&app, &tenant, || ApiError::BadSignature).await?;
    let tenant = settings.id.clone();
    signature::verify(&settings.webhook_secret, &headers, &raw)?;
    let (entity, kind, external_id) = match parse_event(&raw).map_err(ApiError::BadRequest)? {
        HookEvent::Ping => {
            return Ok((
                StatusCode::OK,
                Json(json!({ "status": "ok", "tenant": tenant.as_str() })),
            ));
        }
        HookEvent::Order(order) => {
            let kind = if order.route.to_ascii_lowercase().ends_with("addorder") {
                EventKind::Created
            } else {
                EventKind::Updated
            };
            (EntityKind::Order, kind, order.order_id)
        }
        HookEvent::OrderDeleted { order_id } => (EntityKind::Order, EventKind::Deleted, order_id),
        HookEvent::Customer(customer) => {
            let kind = if customer.deleted() {
                EventKind::Deleted
            } else {
                EventKind::Updated
            };
            (EntityKind::Customer, kind, customer.customer_id)
        }
    };
    // Identical deliveries of one event carry identical bodies.
    let dedupe_key = hex::encode(
        Sha256::new()
            .chain_update(tenant.as_str())
            .chain_update(&raw)
            .finalize(),
    );
    let event = Envelope {
        tenant,
        source: System::OpenCart,
        kind,
        entity,
        external_id: external_id.to_string(),
        dedupe_key: dedupe_key.clone(),
        received_at: now_ms(),
        payload: serde_json::from_slice(&raw).map_err(|e| ApiError::BadRequest(e.to_string()))?,
        flow: None,
    };
    let flows = app
        .registry
        .publish(app.queue.as_ref(), &settings, &event, false)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "status": "accepted", "dedupe_key": dedupe_key, "flows": flows })),
    ))
}
