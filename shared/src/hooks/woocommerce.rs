//! `POST /hooks/{tenant}/woocommerce`: WooCommerce webhooks (customer
//! topics), for the ERP → WooCommerce flow to notice accounts changed or
//! deleted in the shop.
//!
//! - The activation ping (an unsigned form body `webhook_id=N`, sent when a
//!   webhook is saved active) gets 200 and queues nothing: WooCommerce keeps
//!   the webhook only if it gets exactly 200.
//! - Every other delivery must carry `X-WC-Webhook-Signature`, the base64
//!   HMAC-SHA256 of the raw body with `woocommerce.webhook_secret`.
//! - `customer.updated` and `customer.deleted` become one source event
//!   `(woocommerce, customer)` deduplicated by `X-WC-Webhook-Delivery-ID`;
//!   `customer.created` and other topics are answered 200 and dropped: a
//!   new account is a shopper's registration or the echo of our own create,
//!   never a change to an account the ERP owns.
//!
//! Accepted deliveries are answered 200 (not 202): WooCommerce does not
//! retry and disables a webhook after more than 5 failures in a row.

use super::{ApiError, AppState, read_body};
use crate::clock::now_ms;
use crate::connectors::woocommerce::{WebhookDelivery, verify_signature};
use crate::model::{EntityKind, Envelope, EventKind, System};
use axum::Json;
use axum::extract::{Path, State};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

const SIGNATURE: &str = "x-wc-webhook-signature";

pub(super) async fn hook(
    State(app): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let raw = read_body(&headers, body).await?;
    let signature = headers.get(SIGNATURE).and_then(|v| v.to_str().ok());
    // The activation ping is unsigned and changes nothing: it gets its 200
    // before the tenant is looked up, so it tells nobody whether one exists.
    if signature.is_none()
        && let Some(webhook_id) = WebhookDelivery::ping_id(&raw)
    {
        return Ok(ok(json!({ "status": "ok", "webhook_id": webhook_id })));
    }
    let settings = super::tenant_settings(&app, &tenant, || ApiError::BadSignature).await?;
    let tenant = settings.id.clone();
    let shop = settings
        .woocommerce
        .as_ref()
        // As for a wrong signature: the tenant's setup is not told to strangers.
        .ok_or(ApiError::BadSignature)?;
    verify_signature(&raw, &shop.webhook_secret, signature).map_err(|e| {
        tracing::warn!(message = "WooCommerce webhook refused.", %tenant, reason = %e);
        ApiError::BadSignature
    })?;
    let delivery = WebhookDelivery::from_headers(&headers)
        .ok_or_else(|| ApiError::BadRequest("missing X-WC-Webhook-* headers".into()))?;
    let kind = match (delivery.resource.as_str(), delivery.event.as_str()) {
        ("customer", "updated") => EventKind::Updated,
        ("customer", "deleted") => EventKind::Deleted,
        _ => {
            return Ok(ok(json!({ "status": "ignored", "topic": delivery.topic })));
        }
    };
    let payload: Value = serde_json::from_slice(&raw)
        .map_err(|e| ApiError::BadRequest(format!("the body is not JSON: {e}")))?;
    let id = payload
        .get("id")
        .and_then(Value::as_i64)
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::BadRequest("the body has no customer id".into()))?;
    let dedupe_key = format!("woocommerce-delivery-{}", delivery.delivery_id);
    let event = Envelope {
        tenant,
        source: System::WooCommerce,
        kind,
        entity: EntityKind::Customer,
        external_id: id.to_string(),
        dedupe_key: dedupe_key.clone(),
        received_at: now_ms(),
        payload,
        flow: None,
    };
    let flows = app
        .registry
        .publish(app.queue.as_ref(), &settings, &event, false)
        .await?;
    Ok(ok(
        json!({ "status": "accepted", "dedupe_key": dedupe_key, "flows": flows }),
    ))
}

fn ok(body: Value) -> (StatusCode, Json<Value>) {
    (StatusCode::OK, Json(body))
}
