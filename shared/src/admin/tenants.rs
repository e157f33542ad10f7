//! Handlers of the tenant routes.

use super::redact::{keep_stored, redact};
use super::{AdminState, existing_tenant};
use crate::hooks::ApiError;
use crate::model::TenantId;
use crate::settings::TenantSettings;
use crate::store::JournalEntry;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};

/// Most journal entries one request returns.
const MAX_JOURNAL: usize = 1000;

/// The tenant's settings, secrets replaced by `"***"`.
#[utoipa::path(get, path = "/admin/tenants/{tenant}", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath),
    responses(
        (status = 200, description = "The settings, secrets as `***`"),
        (status = 404, description = "The tenant has no settings yet"),
    ))]
pub(super) async fn get_settings(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Json<TenantSettings>, ApiError> {
    Ok(Json(redact(existing_tenant(&app, &tenant).await?)))
}

/// Replaces the settings; a secret sent as `"***"` keeps the stored one.
#[utoipa::path(put, path = "/admin/tenants/{tenant}", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath),
    request_body(content = Object, description = "The whole settings (`TenantSettings`)"),
    responses(
        (status = 200, description = "Saved; the settings, secrets as `***`"),
        (status = 400, description = "Invalid settings; nothing saved"),
    ))]
pub(super) async fn put_settings(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<TenantSettings>, ApiError> {
    let tenant = TenantId::parse(&tenant)
        .ok_or_else(|| ApiError::BadRequest(format!("{tenant:?} is not a valid tenant id")))?;
    let incoming: TenantSettings = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("settings: {e}")))?;
    if incoming.id != tenant {
        return Err(ApiError::BadRequest(format!(
            "the body's id {} is not the path's {tenant}",
            incoming.id
        )));
    }
    let stored = app.store.tenants.get_tenant(&tenant).await?;
    let settings = keep_stored(incoming, stored).map_err(ApiError::BadRequest)?;
    if settings.webhook_secret.is_empty() {
        return Err(ApiError::BadRequest("webhook_secret is empty".into()));
    }
    settings
        .validate()
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    // SS-4: the mapping is saved only if the live funnels and workflow have it.
    let problems = crate::flows::shopscript_deals::live_check::problems(&app.sync.peers, &settings)
        .await
        .map_err(|e| match e {
            crate::Error::Invalid(m) => ApiError::BadRequest(m),
            other => ApiError::Unavailable(other),
        })?;
    if !problems.is_empty() {
        return Err(ApiError::BadRequest(format!(
            "settings of tenant {tenant} were not saved:\n{}",
            problems.join("\n")
        )));
    }
    app.store.tenants.put_tenant(&settings).await?;
    tracing::info!(message = "Tenant settings written.", %tenant);
    Ok(Json(redact(settings)))
}

#[derive(Debug, Deserialize)]
pub(super) struct JournalQuery {
    limit: Option<usize>,
}

/// The journal answer.
#[derive(Debug, Serialize)]
pub(super) struct Journal {
    entries: Vec<JournalEntry>,
}

/// The journal, newest entries first.
#[utoipa::path(get, path = "/admin/tenants/{tenant}/journal", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath),
    responses((status = 200, description = "`{entries: [...]}`"), (status = 404, description = "Unknown tenant")))]
pub(super) async fn journal(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(query): Query<JournalQuery>,
) -> Result<Json<Journal>, ApiError> {
    let settings = existing_tenant(&app, &tenant).await?;
    let limit = query
        .limit
        .unwrap_or(settings.journal.max_entries as usize)
        .clamp(1, MAX_JOURNAL);
    let entries = app.store.journal.list_journal(&settings.id, limit).await?;
    Ok(Json(Journal { entries }))
}
