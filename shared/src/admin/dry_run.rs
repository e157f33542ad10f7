//! `POST /admin/tenants/{tenant}/dry-run` with `{"system": "opencart",
//! "entity": "order", "id": "42"}`: what each flow would do with that
//! record now (`flows::dry_run`), without writing anything. 200 with
//! `{system, entity, id, flows: [{flow, verdict, reason?, commands}]}`;
//! 400 for an unknown system or entity, or a peer the tenant lacks.

use super::{AdminState, existing_tenant};
use crate::flows::dry_run::{DryRun, Reads, Target, dry_run};
use crate::hooks::ApiError;
use crate::model::{EntityKind, System};
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;

/// The body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DryRunRequest {
    /// `opencart`, `retailcrm`, `moysklad`, ...
    pub system: String,
    /// `order`, `customer`, ...
    pub entity: String,
    /// The record's id in that system.
    pub id: String,
}

impl DryRunRequest {
    /// The record, or what is wrong with the request.
    pub(crate) fn target(&self) -> Result<Target<'_>, ApiError> {
        let system = System::parse(self.system.trim()).ok_or_else(|| {
            ApiError::BadRequest(format!("system {:?} is not known", self.system))
        })?;
        let entity: EntityKind = serde_json::from_value(serde_json::json!(self.entity.trim()))
            .map_err(|_| ApiError::BadRequest(format!("entity {:?} is not known", self.entity)))?;
        let id = self.id.trim();
        if id.is_empty() {
            return Err(ApiError::BadRequest("id is empty".into()));
        }
        Ok(Target { system, entity, id })
    }
}

/// Runs the dry run for a tenant's record; reads only.
pub(crate) async fn run(
    app: &AdminState,
    settings: &crate::settings::TenantSettings,
    target: Target<'_>,
) -> Result<DryRun, ApiError> {
    let reads = Reads {
        store: &app.store,
        peers: &app.sync.peers,
        tenant: settings,
    };
    dry_run(&reads, &app.sync.registry, target)
        .await
        .map_err(|e| match e {
            crate::Error::Invalid(m) => ApiError::BadRequest(m),
            other => ApiError::Unavailable(other),
        })
}

/// What each flow would do with one record now; nothing is written.
#[utoipa::path(post, path = "/admin/tenants/{tenant}/dry-run", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath),
    request_body(content = Object, description = "`{\"system\": \"opencart\", \"entity\": \"order\", \"id\": \"42\"}`"),
    responses(
        (status = 200, description = "`{system, entity, id, flows: [{flow, verdict: apply|skip|not_previewed, reason?, commands: [{target, action, rule?, record?, data?}]}]}`"),
        (status = 400, description = "Unknown system or entity, bad id, or a peer the tenant lacks"),
        (status = 503, description = "A peer or the store could not be read"),
    ))]
pub(super) async fn post(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<DryRun>, ApiError> {
    let settings = existing_tenant(&app, &tenant).await?;
    let request: DryRunRequest =
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?;
    let target = request.target()?;
    Ok(Json(run(&app, &settings, target).await?))
}
