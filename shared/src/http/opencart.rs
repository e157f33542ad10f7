//! `POST /hooks/{tenant}/opencart`: an order event from our OpenCart extension.

use super::{ApiError, AppState, read_body, signature};
use crate::clock::now_ms;
use crate::model::{EntityKind, Envelope, EventKind, System, TenantId};
use crate::queue::Outgoing;
use crate::sources::opencart::parse_hook_body;
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
    let tenant = TenantId::parse(&tenant).ok_or(ApiError::UnknownTenant)?;
    let settings = app
        .store
        .get_tenant(&tenant)
        .await?
        .ok_or(ApiError::UnknownTenant)?;
    signature::verify(&settings.webhook_secret, &headers, &raw)?;
    let parsed = parse_hook_body(&raw).map_err(ApiError::BadRequest)?;

    // Identical deliveries of one event carry identical bodies.
    let dedupe_key = hex::encode(
        Sha256::new()
            .chain_update(tenant.as_str())
            .chain_update(&raw)
            .finalize(),
    );
    let kind = if parsed.route.to_ascii_lowercase().ends_with("addorder") {
        EventKind::Created
    } else {
        EventKind::Updated
    };
    let envelope = Envelope {
        tenant,
        source: System::OpenCart,
        kind,
        entity: EntityKind::Order,
        external_id: parsed.order_id.to_string(),
        dedupe_key: dedupe_key.clone(),
        received_at: now_ms(),
        payload: serde_json::from_slice(&raw).map_err(|e| ApiError::BadRequest(e.to_string()))?,
    };
    let body = serde_json::to_string(&envelope).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    app.queue
        .send(Outgoing {
            group: envelope.group_key(),
            dedupe_id: dedupe_key.clone(),
            body,
        })
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "status": "accepted", "dedupe_key": dedupe_key })),
    ))
}
