//! HTTP entry points shared by the local runtime and the Lambda functions:
//! webhooks verify, normalise and fan out (one envelope per flow that
//! consumes the event, `flows::Registry::publish`); they never call a peer.

pub mod catalogue;
mod erp;
mod error;
mod json_errors;
pub(crate) mod moysklad;
mod opencart;
pub mod shopscript;
pub mod signature;
mod woocommerce;

pub use error::ApiError;
pub use json_errors::json_errors;

use crate::flows::Registry;
use crate::queue::Queue;
use crate::store::Store;
use axum::Router;
use axum::routing::{get, post};
use std::sync::Arc;

/// Largest webhook body we accept (an OpenCart order with many lines is ~50
/// KiB; an ERP feed request carries up to this much, a full export several).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What the handlers need. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub queue: Arc<dyn Queue>,
    /// Which flows consume which events.
    pub registry: Arc<Registry>,
}

/// Every route Synclane serves.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/hooks/{tenant}/opencart", post(opencart::hook))
        .route("/hooks/{tenant}/moysklad/{token}", post(moysklad::hook))
        .route("/hooks/{tenant}/erp", post(erp::hook))
        .route("/hooks/{tenant}/woocommerce", post(woocommerce::hook))
        .route("/hooks/{tenant}/shopscript", post(shopscript::hook))
        .layer(axum::middleware::map_response(json_errors))
        .with_state(state)
}

/// The tenant a hook's path names, or `refusal` for an id that cannot be
/// one and for a tenant that does not exist. Each hook passes the answer it
/// gives to wrong credentials: a stranger cannot tell a tenant that exists
/// from one that does not (they could be enumerated otherwise).
pub(crate) async fn tenant_settings(
    app: &AppState,
    tenant: &str,
    refusal: fn() -> ApiError,
) -> Result<crate::settings::TenantSettings, ApiError> {
    let Some(tenant) = crate::model::TenantId::parse(tenant) else {
        return Err(refusal());
    };
    app.store
        .tenants
        .get_tenant(&tenant)
        .await?
        .ok_or_else(refusal)
}

/// Reads a request body, refusing more than `MAX_BODY_BYTES`.
pub(crate) async fn read_body(
    headers: &http::HeaderMap,
    body: axum::body::Body,
) -> Result<bytes::Bytes, ApiError> {
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(ApiError::TooLarge);
    }
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::TooLarge)
}
