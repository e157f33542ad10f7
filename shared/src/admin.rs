//! The admin API (the `admin` function): tenant accounts and keys for the
//! operator, a tenant's settings and data for the tenant (`auth`: which
//! credential reaches which route). Described at `/admin/openapi.json`.
//!
//! Operator routes (the operator token):
//! - `POST /admin/accounts` (`{"tenant", "label"?}`): a tenant's account
//!   and its first API key, shown once; `GET /admin/accounts`: every account;
//! - `DELETE /admin/accounts/{tenant}`: disables it (its keys stop working);
//! - `GET|POST /admin/accounts/{tenant}/keys`, `DELETE …/keys/{id}`: list,
//!   issue, revoke keys (`accounts`).
//!
//! Tenant routes (a key of that tenant; every route under
//! `/admin/tenants/{tenant}` gets the check by being in `tenant_routes`):
//!
//! - `GET /admin/tenants/{tenant}`: the settings, secrets replaced by `"***"`;
//! - `PUT /admin/tenants/{tenant}`: replaces them (a secret sent as `"***"`
//!   keeps the stored value, so a read-modify-write round trip is safe);
//! - `GET /admin/tenants/{tenant}/journal?limit=N`: newest entries first,
//!   filtered by level, flow, record, days and text, paged (`journal_filter`);
//! - `GET /admin/tenants/{tenant}/connections`, `POST …/connections/{system}/test`:
//!   the configured peers, and a cheap read-only call to one (`connections`);
//! - `GET /admin/tenants/{tenant}/links?system=S&id=X`: a record and the
//!   records linked to it across systems, with their last sync (`links`);
//! - `POST /admin/tenants/{tenant}/icml`: queues an ICML export of the
//!   tenant's MoySklad catalogue (202 with its status);
//! - `GET /admin/tenants/{tenant}/icml`: the export's status;
//! - `GET /admin/tenants/{tenant}/icml/catalogue.xml`: the current catalogue
//!   (the file, or a 307 to a presigned S3 URL valid for 15 minutes);
//! - `GET|POST /admin/tenants/{tenant}/shopscript/orders/{id}/deal`: SS-1,
//!   the order's client's open deals, and linking the order to one of them
//!   or to a new deal (`shopscript`);
//! - `POST /admin/tenants/{tenant}/dry-run` (`{"system", "entity", "id"}`):
//!   what each flow would do with that record now, nothing written (`dry_run`).
//!
//! Saving settings with a `shopscript` section checks its SS-4 mapping
//! against the live funnels and workflow first (`tenants::put_settings`).

mod accounts;
mod auth;
mod backfill;
mod backfill_conflicts;
mod backfill_launch;
mod backfill_offers;
mod backfill_passes;
mod connections;
mod console;
mod customers;
mod dead_letters;
mod dry_run;
mod icml;
mod journal_filter;
pub mod keys;
mod links;
mod openapi;
mod redact;
mod redact_body;
mod shopscript;
pub mod sign_in_limit;
mod tenants;
mod usage;

pub use accounts::{AccountList, CreatedAccount, KeyList};
pub use auth::AdminToken;
pub use openapi::OPENAPI_PATH;
pub use redact::REDACTED;
pub use sign_in_limit::SignInLimit;

use crate::flows::Registry;
use crate::flows::icml::files::CatalogueFiles;
use crate::peers::Peers;
use crate::queue::Queue;
use crate::store::Store;
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// What the admin handlers need. Cheap to clone.
#[derive(Clone)]
pub struct AdminState {
    pub store: Store,
    /// The operator token.
    pub token: AdminToken,
    pub exports: Exports,
    pub sync: AdminSync,
    /// Failed sign-ins per source.
    pub sign_ins: SignInLimit,
    /// Where backfill runs are queued (`backfill::queued`: the admin
    /// Lambda); `None`: this process runs them itself.
    pub backfill_queue: Option<Arc<dyn Queue>>,
}

impl AdminState {
    /// The state with the default sign-in limit.
    pub fn new(store: Store, token: AdminToken, exports: Exports, sync: AdminSync) -> Self {
        AdminState {
            store,
            token,
            exports,
            sync,
            sign_ins: SignInLimit::default(),
            backfill_queue: None,
        }
    }

    /// Backfill runs go to `queue` for another process to run, instead of
    /// running in this one (which, on Lambda, is frozen once it answers).
    pub fn with_backfills_queued(mut self, queue: Arc<dyn Queue>) -> Self {
        self.backfill_queue = Some(queue);
        self
    }
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

/// Every admin route, each behind its credential check, and the document.
pub fn router(state: AdminState) -> Router {
    let (routes, mut doc) = api(state.clone()).split_for_parts();
    openapi::add_plain(&mut doc, PLAIN_TENANT_ROUTES);
    let documented = openapi::Documented::of(&doc);
    routes
        .merge(plain_tenant_routes(state.clone()))
        .route(OPENAPI_PATH, get(move || async move { Json(doc) }))
        .layer(axum::middleware::from_fn_with_state(
            documented,
            openapi::documented_only,
        ))
        .merge(console::public_routes())
        .layer(axum::middleware::from_fn(console::session::to_sign_in))
        .layer(axum::middleware::from_fn(
            console::session::cookie_to_bearer,
        ))
        .layer(axum::middleware::map_response(crate::hooks::json_errors))
        .with_state(state)
}

/// Tenant routes written as plain axum routes (customers, usage, dead
/// letters), with what the document says of them (`openapi::add_plain`):
/// path, methods, summary. The console's pages get the same key check.
const PLAIN_TENANT_ROUTES: &[(&str, &[&str], &str)] = &[
    (
        "/admin/tenants/{tenant}/customers",
        &["get", "post"],
        "CM-1 list customers; CM-2 create one",
    ),
    (
        "/admin/tenants/{tenant}/customers/groups",
        &["get"],
        "CM-1 customer groups with counts",
    ),
    (
        "/admin/tenants/{tenant}/customers/export",
        &["get"],
        "CM-4 export the filtered list (csv, xlsx, html, xml)",
    ),
    (
        "/admin/tenants/{tenant}/customers/exports",
        &["get", "post"],
        "CM-4 background exports: list them; queue one of the filtered list",
    ),
    (
        "/admin/tenants/{tenant}/customers/exports/{job}",
        &["get"],
        "CM-4 one background export and its progress",
    ),
    (
        "/admin/tenants/{tenant}/customers/exports/{job}/file",
        &["get"],
        "CM-4 download a finished background export",
    ),
    (
        "/admin/tenants/{tenant}/customers/{id}",
        &["get", "put", "delete"],
        "CM-2 read, edit, delete a customer (system=opencart|retailcrm|woocommerce; no CRM delete)",
    ),
    (
        "/admin/tenants/{tenant}/customers/{id}/transactions",
        &["get", "post"],
        "CM-3 list and add transactions",
    ),
    (
        "/admin/tenants/{tenant}/usage",
        &["get"],
        "Usage: applied operations per day and flow (JSON or CSV)",
    ),
    (
        "/admin/tenants/{tenant}/dead-letters",
        &["get"],
        "Dead letters of the tenant",
    ),
    (
        "/admin/tenants/{tenant}/dead-letters/replay-all",
        &["post"],
        "Replay every dead letter",
    ),
    (
        "/admin/tenants/{tenant}/dead-letters/{id}",
        &["get", "delete"],
        "Inspect or discard a dead letter",
    ),
    (
        "/admin/tenants/{tenant}/dead-letters/{id}/replay",
        &["post"],
        "Replay one dead letter",
    ),
    (
        "/admin/tenants/{tenant}/backfill",
        &["get", "post"],
        "Onboarding backfill: start or resume it; its progress and the records left to resolve",
    ),
    (
        "/admin/tenants/{tenant}/backfill/orders",
        &["get", "post"],
        "Order backfill (CRM externalId = OpenCart order id): start or resume it; its progress and the orders left",
    ),
    (
        "/admin/tenants/{tenant}/backfill/moysklad",
        &["get", "post"],
        "MoySklad backfill (counterparties by linked id, tax id, e-mail, phone): start or resume it; its progress and the counterparties left",
    ),
    (
        "/admin/tenants/{tenant}/backfill/offers",
        &["get", "post"],
        "Offer backfill (CRM xmlId = MoySklad external code; a report, nothing linked): start or resume it; its progress and the offers and goods left",
    ),
    (
        "/admin/tenants/{tenant}/backfill/conflicts",
        &["get"],
        "Onboarding backfill: the conflicts of every pass (decision=open|resolved|dismissed|all, pass=customers|orders|moysklad, offset, limit)",
    ),
    (
        "/admin/tenants/{tenant}/backfill/conflicts/{id}/resolve",
        &["post"],
        "Resolve a backfill conflict: link the record to the candidate given (no peer write)",
    ),
    (
        "/admin/tenants/{tenant}/backfill/conflicts/{id}/dismiss",
        &["post"],
        "Dismiss a backfill conflict: leave the record unlinked",
    ),
];

/// The routes of `PLAIN_TENANT_ROUTES` and the console's tenant pages,
/// behind the same tenant-key check as `tenant_routes`.
fn plain_tenant_routes(state: AdminState) -> Router<AdminState> {
    Router::new()
        .merge(customers::routes())
        .merge(usage::routes())
        .merge(dead_letters::routes())
        .merge(backfill::routes())
        .merge(backfill_conflicts::routes())
        .merge(backfill_passes::routes())
        .merge(backfill_offers::routes())
        .merge(console::routes())
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            auth::tenant_key,
        ))
}

/// The admin routes with their OpenAPI description (see `router`).
pub fn api(state: AdminState) -> OpenApiRouter<AdminState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(tenant_routes(state.clone()))
        .merge(operator_routes(state))
}

/// `/admin/tenants/{tenant}` and everything under it: a key of that tenant.
fn tenant_routes(state: AdminState) -> OpenApiRouter<AdminState> {
    OpenApiRouter::new()
        .routes(routes!(tenants::get_settings, tenants::put_settings))
        .routes(routes!(tenants::journal))
        .routes(routes!(icml::show, icml::request))
        .routes(routes!(icml::download))
        .routes(routes!(shopscript::show, shopscript::link))
        .routes(routes!(connections::list))
        .routes(routes!(connections::test))
        .routes(routes!(links::links))
        .routes(routes!(dry_run::post))
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            auth::tenant_key,
        ))
}

/// `/admin/accounts...`: the operator token.
fn operator_routes(state: AdminState) -> OpenApiRouter<AdminState> {
    OpenApiRouter::new()
        .routes(routes!(accounts::create, accounts::list))
        .routes(routes!(accounts::disable))
        .routes(routes!(accounts::list_keys, accounts::issue_key))
        .routes(routes!(accounts::revoke_key))
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            auth::operator_token,
        ))
}
