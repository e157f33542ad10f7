//! The admin API (the `admin` function): read and write a tenant's settings,
//! read its journal. A thin start; every route needs the admin bearer token.
//!
//! - `GET /admin/tenants/{tenant}`: the settings, secrets replaced by `"***"`;
//! - `PUT /admin/tenants/{tenant}`: replaces them (a secret sent as `"***"`
//!   keeps the stored value, so a read-modify-write round trip is safe);
//! - `GET /admin/tenants/{tenant}/journal?limit=N`: newest entries first;
//! - `POST /admin/tenants/{tenant}/icml`: queues an ICML export of the
//!   tenant's MoySklad catalogue (202 with its status);
//! - `GET /admin/tenants/{tenant}/icml`: the export's status;
//! - `GET /admin/tenants/{tenant}/icml/catalogue.xml`: the current catalogue
//!   (the file, or a 307 to a presigned S3 URL valid for 15 minutes);
//! - `GET|POST /admin/tenants/{tenant}/shopscript/orders/{id}/deal`: SS-1,
//!   the order's client's open deals, and linking the order to one of them
//!   or to a new deal (`shopscript`).
//!
//! Saving settings with a `shopscript` section checks its SS-4 mapping
//! against the live funnels and workflow first (`tenants::put_settings`).

mod auth;
mod console;
mod customers;
mod dead_letters;
mod icml;
mod redact;
mod redact_body;
mod shopscript;
mod tenants;
mod usage;

pub use auth::AdminToken;
pub use redact::REDACTED;

use crate::flows::Registry;
use crate::flows::icml::files::CatalogueFiles;
use crate::peers::Peers;
use crate::queue::Queue;
use crate::store::Store;
use axum::Router;
use axum::routing::get;
use std::sync::Arc;

/// What the admin handlers need. Cheap to clone.
#[derive(Clone)]
pub struct AdminState {
    pub store: Store,
    pub token: AdminToken,
    pub exports: Exports,
    pub sync: AdminSync,
}

/// What the admin needs to act on peers itself (SS-1 links, the SS-4
/// check when settings are saved): their clients, and where flows raise
/// their events.
#[derive(Clone)]
pub struct AdminSync {
    pub peers: Peers,
    /// The work queue.
    pub queue: Arc<dyn Queue>,
    pub registry: Arc<Registry>,
}

/// Where ICML export requests go and where their catalogues come from.
#[derive(Clone)]
pub struct Exports {
    /// The queue the exporting worker reads (on AWS: the export queue).
    pub queue: Arc<dyn Queue>,
    pub files: Arc<dyn CatalogueFiles>,
}

/// The settings of the tenant a path names; 404 when there is no such tenant.
async fn existing_tenant(
    app: &AdminState,
    raw: &str,
) -> Result<crate::settings::TenantSettings, crate::hooks::ApiError> {
    use crate::hooks::ApiError;
    let tenant = crate::model::TenantId::parse(raw).ok_or(ApiError::UnknownTenant)?;
    app.store
        .tenants
        .get_tenant(&tenant)
        .await?
        .ok_or(ApiError::UnknownTenant)
}

/// Every admin route, behind the bearer-token check.
pub fn router(state: AdminState) -> Router {
    Router::new()
        .route(
            "/admin/tenants/{tenant}",
            get(tenants::get_settings).put(tenants::put_settings),
        )
        .route("/admin/tenants/{tenant}/journal", get(tenants::journal))
        .route(
            "/admin/tenants/{tenant}/icml",
            get(icml::show).post(icml::request),
        )
        .route(
            "/admin/tenants/{tenant}/icml/catalogue.xml",
            get(icml::download),
        )
        .route(
            "/admin/tenants/{tenant}/shopscript/orders/{order}/deal",
            get(shopscript::show).post(shopscript::link),
        )
        .merge(customers::routes())
        .merge(console::routes())
        .merge(usage::routes())
        .merge(dead_letters::routes())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_token,
        ))
        .merge(console::public_routes())
        .layer(axum::middleware::from_fn(console::session::to_sign_in))
        .layer(axum::middleware::from_fn(
            console::session::cookie_to_bearer,
        ))
        .layer(axum::middleware::map_response(crate::hooks::json_errors))
        .with_state(state)
}
