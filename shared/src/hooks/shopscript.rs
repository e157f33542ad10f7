//! `POST /hooks/{tenant}/shopscript`: Shop-Script's "HTTP request"
//! notifications on order actions (`connectors::webasyst::notification`
//! for what the shop sends), for the Shop-Script ⇄ CRM flow.
//!
//! - The shop signs nothing: the merchant adds the header
//!   `X-Synclane-Secret=<shopscript.notification_secret>` to each rule's
//!   "HTTP headers"; a delivery without it, or with another value, is 401.
//! - The body (JSON or form) must name the order (`order_id`); it becomes
//!   one source event `(shopscript, order)`, deduplicated by the action's
//!   history entry (`log_id`) when the rule sends it, else by the body.
//! - The shop never retries: the catch-up poll (`shopscript-order-poll`)
//!   brings what a lost notification did not.
//!
//! Accepted deliveries are answered 200 with what was queued.

use super::{ApiError, AppState, read_body};
use crate::clock::now_ms;
use crate::connectors::webasyst::Notification;
use crate::model::{EntityKind, Envelope, EventKind, System};
use axum::Json;
use axum::extract::{Path, State};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

/// The header the merchant's notification rules carry.
pub const SECRET_HEADER: &str = "x-synclane-secret";

pub(super) async fn hook(
    State(app): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let raw = read_body(&headers, body).await?;
    let settings = super::tenant_settings(&app, &tenant, || ApiError::BadSignature).await?;
    // A tenant without a shop answers as a wrong secret: strangers learn nothing.
    let ss = settings.shopscript.as_ref().ok_or(ApiError::BadSignature)?;
    let presented = headers
        .get(SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !ss.notification_secret.matches(presented.trim()) {
        tracing::warn!(message = "Shop-Script notification refused.", tenant = %settings.id);
        return Err(ApiError::BadSignature);
    }
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let notification =
        Notification::parse(&raw, content_type).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let dedupe_key = notification.dedupe_key(settings.id.as_str());
    let kind = match notification.action_id.as_deref() {
        Some("create") => EventKind::Created,
        Some("delete") => EventKind::Deleted,
        _ => EventKind::Updated,
    };
    let event = Envelope {
        tenant: settings.id.clone(),
        source: System::ShopScript,
        kind,
        entity: EntityKind::Order,
        external_id: notification.order_id.to_string(),
        dedupe_key: dedupe_key.clone(),
        received_at: now_ms(),
        payload: notification.body,
        flow: None,
    };
    let flows = app
        .registry
        .publish(app.queue.as_ref(), &settings, &event, false)
        .await?;
    Ok((
        StatusCode::OK,
        Json(json!({ "status": "accepted", "dedupe_key": dedupe_key, "flows": flows })),
    ))
}
