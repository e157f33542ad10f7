//! A tenant's connections: each peer its settings configure, and a test
//! that calls it with one cheap read-only request through our connector.
//!
//! - `GET /admin/tenants/{tenant}/connections`: the configured ones, each
//!   with where it points (a URL, never a secret);
//! - `POST /admin/tenants/{tenant}/connections/{system}/test`: calls the
//!   peer (`probe`) and answers 200 with what it said: `{ok: true,
//!   summary}` or `{ok: false, error: {kind, message}}`. A failing peer is
//!   the test's answer, not an API error; 404 when the tenant has no such
//!   connection.
//!
//! `system` is a `model::System` name: `retailcrm`, `moysklad`,
//! `opencart`, `woocommerce`, `shopscript`, `webasyst_crm`, `erp`.

mod probe;

pub use probe::Probe;

use super::{AdminState, existing_tenant};
use crate::hooks::ApiError;
use crate::model::System;
use crate::settings::TenantSettings;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

/// One configured connection.
#[derive(Debug, Clone, Serialize)]
pub struct Connection {
    /// The system's name (`retailcrm`, `opencart`, ...).
    #[serde(serialize_with = "system_name")]
    pub system: System,
    /// What the merchant calls it.
    pub name: &'static str,
    /// Where it points (a base URL), or how it reaches us.
    pub target: String,
}

/// A system as the paths name it (`System`'s serde form is snake case:
/// `open_cart`).
pub(crate) fn system_name<S: serde::Serializer>(
    system: &System,
    out: S,
) -> Result<S::Ok, S::Error> {
    out.serialize_str(system.as_str())
}

/// Every connection `settings` configure, in a fixed order.
pub fn configured(settings: &TenantSettings) -> Vec<Connection> {
    let mut all = Vec::new();
    let mut add = |system, name, target: String| {
        all.push(Connection {
            system,
            name,
            target,
        })
    };
    if let Some(crm) = &settings.retailcrm {
        add(System::RetailCrm, "RetailCRM", crm.base_url.clone());
    }
    if let Some(ms) = &settings.moysklad {
        add(System::MoySklad, "MoySklad", ms.base_url.clone());
    }
    if let Some(url) = settings
        .opencart
        .as_ref()
        .and_then(|oc| oc.base_url.clone())
    {
        add(System::OpenCart, "OpenCart", url);
    }
    if let Some(woo) = &settings.woocommerce {
        add(System::WooCommerce, "WooCommerce", woo.base_url.clone());
    }
    if let Some(ss) = &settings.shopscript {
        add(System::ShopScript, "Shop-Script", ss.shop_url.clone());
        add(System::WebasystCrm, "Webasyst CRM", ss.crm_url.clone());
    }
    if settings.erp.is_some() {
        add(
            System::Erp,
            "ERP feed",
            format!("posts to /hooks/{}/erp", settings.id),
        );
    }
    all
}

/// The answer of the list.
#[derive(Debug, Serialize)]
pub(super) struct Connections {
    connections: Vec<Connection>,
}

/// The tenant's configured connections.
#[utoipa::path(get, path = "/admin/tenants/{tenant}/connections", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath),
    responses((status = 200, description = "`{connections: [{system, name, target}]}`"), (status = 404, description = "Unknown tenant")))]
pub(super) async fn list(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Json<Connections>, ApiError> {
    let settings = existing_tenant(&app, &tenant).await?;
    Ok(Json(Connections {
        connections: configured(&settings),
    }))
}

/// Calls the peer with one cheap read-only request and says what it answered.
#[utoipa::path(post, path = "/admin/tenants/{tenant}/connections/{system}/test", tag = "tenant", security(("tenant_key" = [])),
    params(super::openapi::TenantPath, ("system" = String, Path, description = "retailcrm, moysklad, opencart, woocommerce, shopscript, webasyst_crm or erp")),
    responses((status = 200, description = "`{system, ok, summary}` or `{system, ok: false, error: {kind, message}}`"),
        (status = 404, description = "Unknown tenant, or no such connection configured")))]
pub(super) async fn test(
    State(app): State<AdminState>,
    Path((tenant, system)): Path<(String, String)>,
) -> Result<Json<Probe>, ApiError> {
    let settings = existing_tenant(&app, &tenant).await?;
    Ok(Json(run(&app, &settings, &system).await?))
}

/// The probe of `system` (a path segment), or 404 when not configured.
pub async fn run(
    app: &AdminState,
    settings: &TenantSettings,
    system: &str,
) -> Result<Probe, ApiError> {
    let system = System::parse(system).ok_or(ApiError::NotFound)?;
    if !configured(settings).iter().any(|c| c.system == system) {
        return Err(ApiError::NotConfigured(system.as_str()));
    }
    let probe = probe::probe(&app.sync.peers, settings, system).await;
    tracing::info!(message = "Connection tested.", tenant = %settings.id, %system, ok = probe.ok);
    Ok(probe)
}
