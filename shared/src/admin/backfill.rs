//! `POST /admin/tenants/{tenant}/backfill` starts (or resumes) the
//! onboarding backfill of the tenant's customers (`crate::backfill`) in
//! this process and answers 202 at once; `GET` shows its progress and the
//! records left for the merchant (`?offset=&limit=`, at most `MAX_LIMIT`).
//!
//! A start while a run holds the lease is refused (409); a run killed
//! mid-way leaves its lease to lapse (`backfill::LEASE`), after which a
//! start resumes it from its checkpoint. The run lives in the serving
//! process (the local runtime); on Lambda, whose invocation is frozen once
//! it answers, it is queued for the export function (`backfill_launch`).

use super::{AdminState, existing_tenant};
use crate::backfill::queued::Pass;
use crate::backfill::{self, Issue, Progress};
use crate::hooks::ApiError;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};

/// The most issues one `GET` lists.
const MAX_LIMIT: usize = 1000;

pub(super) fn routes() -> Router<AdminState> {
    Router::new().route(
        "/admin/tenants/{tenant}/backfill",
        get(progress).post(start),
    )
}

async fn start(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Response, ApiError> {
    let (resumed, stored) = start_run(&app, &tenant).await?;
    let answer = serde_json::json!({ "started": true, "resumed": resumed, "progress": stored });
    Ok((StatusCode::ACCEPTED, axum::Json(answer)).into_response())
}

/// Starts (or resumes) the tenant's backfill in this process; whether it
/// resumes a stopped run, and that run's progress. Shared with the console.
pub(crate) async fn start_run(
    app: &AdminState,
    tenant: &str,
) -> Result<(bool, Option<Progress>), ApiError> {
    let settings = existing_tenant(app, tenant).await?;
    if settings.retailcrm.is_none() {
        return Err(ApiError::NotConfigured("retailcrm"));
    }
    let job = backfill::customers_job(&app.store, &app.sync.peers, &settings)
        .map_err(|_| ApiError::NotConfigured("opencart"))?;
    // Taken here so that a second start is refused now, not in the task;
    // the task's own take extends it (same owner).
    if !job.take_lease().await? {
        return Err(ApiError::Conflict(
            "a backfill run of this tenant is going on; a stopped one's lease lapses within 10 s"
                .into(),
        ));
    }
    let (stored, _) = backfill::load(app.store.cursors.as_ref(), &settings.id).await?;
    let resumed = stored.as_ref().is_some_and(Progress::resumable);
    let owner = job.owner.clone();
    let run = async move { job.run(&|_| {}).await };
    super::backfill_launch::launch(app, &settings.id, Pass::Customers, &owner, run).await?;
    Ok((resumed, stored))
}

#[derive(Debug, Deserialize)]
struct Page {
    offset: Option<usize>,
    limit: Option<usize>,
}

#[derive(Debug, Serialize)]
struct Answer {
    progress: Progress,
    /// Records left for the merchant: CRM pages in order, then the shop's.
    issues_total: usize,
    offset: usize,
    issues: Vec<Issue>,
}

async fn progress(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let limit = page.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::BadRequest(format!(
            "limit must be 1 to {MAX_LIMIT}"
        )));
    }
    let offset = page.offset.unwrap_or(0);
    let (stored, _) = backfill::load(app.store.cursors.as_ref(), &tenant).await?;
    let Some(progress) = stored else {
        return Err(ApiError::NotFound);
    };
    let reports = backfill::all_reports(app.store.snapshots.as_ref(), &tenant, &progress).await?;
    let all: Vec<Issue> = reports.into_iter().flat_map(|r| r.issues).collect();
    let answer = Answer {
        progress,
        issues_total: all.len(),
        offset,
        issues: all.into_iter().skip(offset).take(limit).collect(),
    };
    Ok(axum::Json(answer).into_response())
}
