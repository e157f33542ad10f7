//! `POST|GET /admin/tenants/{tenant}/backfill/offers`: the offer backfill
//! (`backfill::offers`: CRM offers ⇄ MoySklad goods by external code, a
//! report, no link and no peer written), started and shown like the other
//! passes (`admin::backfill_passes`): `POST` answers 202 and runs it in
//! this process (409 while a run holds the lease); `GET` the progress and
//! the offers and goods left for the merchant (`?offset=&limit=`, at most
//! `MAX_LIMIT`). A start after a stop resumes from the checkpoint.

use super::{AdminState, existing_tenant};
use crate::backfill::{self, Progress};
use crate::hooks::ApiError;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

/// The most issues one `GET` lists.
const MAX_LIMIT: usize = 1000;

pub(super) fn routes() -> Router<AdminState> {
    Router::new().route(
        "/admin/tenants/{tenant}/backfill/offers",
        get(progress).post(start),
    )
}

/// Starts (or resumes) the tenant's offer backfill in a task; whether it
/// resumes a stopped run, and that run's progress. Shared with the console.
pub(crate) async fn start_offers(
    app: &AdminState,
    tenant: &str,
) -> Result<(bool, Option<Progress>), ApiError> {
    let settings = existing_tenant(app, tenant).await?;
    if settings.retailcrm.is_none() {
        return Err(ApiError::NotConfigured("retailcrm"));
    }
    let job = backfill::offers_job(&app.store, &app.sync.peers, &settings)
        .map_err(|_| ApiError::NotConfigured("moysklad"))?;
    // Read before the run's first checkpoint can change it.
    let stored = backfill::load_offers(&app.store, &settings.id).await?;
    if !job.take_lease().await? {
        return Err(ApiError::Conflict(
            "a run of this backfill is going on; a stopped one's lease lapses within 10 s".into(),
        ));
    }
    let owner = job.owner.clone();
    let run = async move { job.run(&|_| {}).await };
    let pass = crate::backfill::queued::Pass::Offers;
    super::backfill_launch::launch(app, &settings.id, pass, &owner, run).await?;
    let resumed = stored.as_ref().is_some_and(Progress::resumable);
    Ok((resumed, stored))
}

async fn start(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Response, ApiError> {
    let (resumed, stored) = start_offers(&app, &tenant).await?;
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
) -> Result<Response, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let limit = page.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::BadRequest(format!(
            "limit must be 1 to {MAX_LIMIT}"
        )));
    }
    let offset = page.offset.unwrap_or(0);
    let progress = backfill::load_offers(&app.store, &tenant)
        .await?
        .ok_or(ApiError::NotFound)?;
    let all: Vec<_> = backfill::offer_reports(&app.store, &tenant, &progress)
        .await?
        .into_iter()
        .flat_map(|r| r.issues)
        .collect();
    let answer = serde_json::json!({
        "progress": progress,
        "issues_total": all.len(),
        "offset": offset,
        "issues": all.into_iter().skip(offset).take(limit).collect::<Vec<_>>(),
    });
    Ok(axum::Json(answer).into_response())
}
