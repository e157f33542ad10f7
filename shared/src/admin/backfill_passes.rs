//! The backfill's other passes, each started and shown like the customer
//! backfill (`admin::backfill`): one run at a time per tenant (409), in
//! this process (queued for the export function on Lambda:
//! `backfill_launch`), resumed from its checkpoint after a stop.
//! - `POST|GET /admin/tenants/{tenant}/backfill/orders`: CRM orders ⇄
//!   OpenCart orders by external id (`backfill::orders`);
//! - `POST|GET /admin/tenants/{tenant}/backfill/moysklad`: MoySklad
//!   counterparties ⇄ CRM customers (`backfill::moysklad`).
//!
//! `POST` answers 202; `GET` the progress and the records left for the
//! merchant (`?offset=&limit=`, at most `MAX_LIMIT`).

use super::backfill_launch::launch;
use super::{AdminState, existing_tenant};
use crate::backfill::queued;
use crate::backfill::{self, Issue, Progress};
use crate::error::Result;
use crate::hooks::ApiError;
use crate::model::TenantId;
use crate::settings::TenantSettings;
use crate::store::Store;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

/// The most issues one `GET` lists.
const MAX_LIMIT: usize = 1000;

pub(super) fn routes() -> Router<AdminState> {
    Router::new()
        .route(
            "/admin/tenants/{tenant}/backfill/orders",
            get(|s, t, q| progress(s, t, q, Pass::Orders)).post(|s, t| start(s, t, Pass::Orders)),
        )
        .route(
            "/admin/tenants/{tenant}/backfill/moysklad",
            get(|s, t, q| progress(s, t, q, Pass::MoySklad))
                .post(|s, t| start(s, t, Pass::MoySklad)),
        )
}

#[derive(Debug, Clone, Copy)]
enum Pass {
    Orders,
    MoySklad,
}

impl Pass {
    /// The peers it reads besides the CRM (for `NotConfigured`).
    fn other(self) -> &'static str {
        match self {
            Pass::Orders => "opencart",
            Pass::MoySklad => "moysklad",
        }
    }

    async fn load(self, store: &Store, tenant: &TenantId) -> Result<Option<Progress>> {
        match self {
            Pass::Orders => backfill::load_orders(store, tenant).await,
            Pass::MoySklad => backfill::load_moysklad(store, tenant).await,
        }
    }

    async fn issues(self, store: &Store, tenant: &TenantId, p: &Progress) -> Result<Vec<Issue>> {
        let reports = match self {
            Pass::Orders => backfill::order_reports(store, tenant, p).await?,
            Pass::MoySklad => backfill::moysklad_reports(store, tenant, p).await?,
        };
        Ok(reports.into_iter().flat_map(|r| r.issues).collect())
    }

    /// Takes the lease and runs the pass (`backfill_launch`); `false` while one runs.
    async fn spawn(self, app: &AdminState, settings: &TenantSettings) -> Result<bool, ApiError> {
        let not_configured = |_| ApiError::NotConfigured(self.other());
        match self {
            Pass::Orders => {
                let job = backfill::orders_job(&app.store, &app.sync.peers, settings)
                    .map_err(not_configured)?;
                if !job.take_lease().await? {
                    return Ok(false);
                }
                let owner = job.owner.clone();
                let run = async move { job.run(&|_| {}).await };
                launch(app, &settings.id, queued::Pass::Orders, &owner, run).await?;
            }
            Pass::MoySklad => {
                let job = backfill::moysklad_job(&app.store, &app.sync.peers, settings)
                    .map_err(not_configured)?;
                if !job.take_lease().await? {
                    return Ok(false);
                }
                let owner = job.owner.clone();
                let run = async move { job.run(&|_| {}).await };
                launch(app, &settings.id, queued::Pass::MoySklad, &owner, run).await?;
            }
        }
        Ok(true)
    }
}

async fn start(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    pass: Pass,
) -> Result<Response, ApiError> {
    let settings = existing_tenant(&app, &tenant).await?;
    if settings.retailcrm.is_none() {
        return Err(ApiError::NotConfigured("retailcrm"));
    }
    // Read before the run's first checkpoint can change it.
    let stored = pass.load(&app.store, &settings.id).await?;
    if !pass.spawn(&app, &settings).await? {
        return Err(ApiError::Conflict(
            "a run of this backfill is going on; a stopped one's lease lapses within 10 s".into(),
        ));
    }
    let resumed = stored.as_ref().is_some_and(Progress::resumable);
    let answer = serde_json::json!({ "started": true, "resumed": resumed, "progress": stored });
    Ok((StatusCode::ACCEPTED, axum::Json(answer)).into_response())
}

#[derive(Debug, Deserialize)]
struct Page {
    offset: Option<usize>,
    limit: Option<usize>,
}

async fn progress(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(page): Query<Page>,
    pass: Pass,
) -> Result<Response, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let limit = page.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::BadRequest(format!(
            "limit must be 1 to {MAX_LIMIT}"
        )));
    }
    let offset = page.offset.unwrap_or(0);
    let progress = pass
        .load(&app.store, &tenant)
        .await?
        .ok_or(ApiError::NotFound)?;
    let all = pass.issues(&app.store, &tenant, &progress).await?;
    let answer = serde_json::json!({
        "progress": progress,
        "issues_total": all.len(),
        "offset": offset,
        "issues": all.into_iter().skip(offset).take(limit).collect::<Vec<_>>(),
    });
    Ok(axum::Json(answer).into_response())
}
