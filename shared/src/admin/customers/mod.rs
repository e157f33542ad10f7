//! Customer management through the admin API (CM-1..CM-4; the customer
//! pages of the console sit on the same handlers):
//!
//! - `GET /admin/tenants/{t}/customers?system=opencart&group=&no_group=1&q=&page=&per_page=`:
//!   one page of the list, each row with its linked records (CM-1);
//! - `GET .../customers/groups?system=opencart`: the groups with their counts;
//! - `GET .../customers/export?format=csv|xlsx|html|xml&...`: the filtered
//!   list as a file, streamed page by page (CM-4);
//! - `POST|GET .../customers/exports[/{job}[/file]]`: the same as a
//!   background job with progress and a download (`jobs`);
//! - `POST .../customers`, `GET|PUT|DELETE .../customers/{id}`: create, read,
//!   edit and delete a customer through the shop's own API (CM-2);
//! - `GET|POST .../customers/{id}/transactions`: its transactions (CM-3).
//!
//! `system` is `opencart` (the default), `retailcrm` or `woocommerce` for
//! the list, the groups, the exports and the routes of one customer
//! (`edit` for OpenCart, `peer_routes` with `crm_edit` and `woo_edit` for
//! the others; the CRM has no delete); transactions are OpenCart's. A
//! change made here reaches the flows as the system's own event would
//! (`edit`, `crm_edit`; WooCommerce posts its webhooks itself), so it
//! flows on to linked systems once and does not echo.

pub(crate) mod crm_edit;
pub(crate) mod edit;
mod export;
pub(crate) mod jobs;

pub(crate) mod list;
pub(crate) mod params;
pub(crate) mod peer_body;
mod peer_routes;
pub(crate) mod transactions;
pub(crate) mod woo_edit;

use super::{AdminState, existing_tenant};
use crate::connectors::opencart::OpenCart;
use crate::customers::source::CustomerSource;
use crate::hooks::ApiError;
use crate::model::System;
use crate::settings::TenantSettings;
use axum::Router;
use axum::routing::get;

/// The customer routes (mounted by `admin::router`, behind its auth).
pub(super) fn routes() -> Router<AdminState> {
    Router::new()
        .route(
            "/admin/tenants/{tenant}/customers",
            get(list::list).post(edit::create),
        )
        .route(
            "/admin/tenants/{tenant}/customers/groups",
            get(list::groups),
        )
        .route(
            "/admin/tenants/{tenant}/customers/export",
            get(export::export),
        )
        .route(
            "/admin/tenants/{tenant}/customers/exports",
            get(jobs::list).post(jobs::create),
        )
        .route(
            "/admin/tenants/{tenant}/customers/exports/{job}",
            get(jobs::show),
        )
        .route(
            "/admin/tenants/{tenant}/customers/exports/{job}/file",
            get(jobs::file),
        )
        .route(
            "/admin/tenants/{tenant}/customers/{id}",
            get(list::show).put(edit::update).delete(edit::delete),
        )
        .route(
            "/admin/tenants/{tenant}/customers/{id}/transactions",
            get(transactions::list).post(transactions::add),
        )
}

/// The tenant and its shop's client; 404 `not_configured` without a shop.
pub(crate) async fn shop(
    app: &AdminState,
    tenant: &str,
) -> Result<(TenantSettings, OpenCart), ApiError> {
    let settings = existing_tenant(app, tenant).await?;
    if settings.opencart.is_none() {
        return Err(ApiError::NotConfigured("OpenCart shop"));
    }
    let client = app
        .sync
        .peers
        .opencart_of(&settings)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    Ok((settings, client))
}

/// The tenant and a client of the system its list is read from; 404
/// `not_configured` when the tenant has no such connection.
pub(crate) async fn source(
    app: &AdminState,
    tenant: &str,
    system: System,
) -> Result<(TenantSettings, CustomerSource), ApiError> {
    let settings = existing_tenant(app, tenant).await?;
    if let Some(what) = CustomerSource::missing(&settings, system) {
        return Err(ApiError::NotConfigured(what));
    }
    let client = CustomerSource::of(&app.sync.peers, &settings, system)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    Ok((settings, client))
}

/// What the shop's failure means for the caller: its refusal (a field it
/// rejects, a taken e-mail) is the caller's to fix; the rest is retryable.
pub(crate) fn peer_error(e: crate::Error) -> ApiError {
    match e {
        crate::Error::PeerAuth { .. }
        | crate::Error::PeerRejected { .. }
        | crate::Error::Invalid(_) => ApiError::BadRequest(e.to_string()),
        other => ApiError::Unavailable(other),
    }
}

/// A customer id of the path: a positive OpenCart id.
pub(crate) fn customer_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0 && *id <= i64::from(i32::MAX))
        .ok_or_else(|| {
            ApiError::BadRequest(format!("customer id {raw:?}: expected 1 to 2147483647"))
        })
}
