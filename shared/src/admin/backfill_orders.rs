//! `POST /admin/tenants/{tenant}/backfill/orders` starts (or resumes) the
//! order backfill (`backfill::orders`: CRM orders ⇄ OpenCart orders by
//! external id) in this process and answers 202; `GET` shows its progress
//! and the orders left for the merchant (`?offset=&limit=`). As the
//! customer backfill (`admin::backfill`): one run at a time per tenant
//! (409), resumed from its checkpoint after a stop.

use super::{AdminState, existing_tenant};
use crate::backfill::{self, Issue, Progress};
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
        "/admin/tenants/{tenant}/backfill/orders",
        get(progress).post(start),
    )
}

async fn start(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Response, ApiError> {
    let settings = existing_tenant(&app, &tenant).await?;
    if settings.retailcrm.is_none() {
        return Err(ApiError::NotConfigured("retailcrm"));
    }
    let job = backfill::orders_job(&app.store, &app.sync.peers, &settings)
        .map_err(|_| ApiError::NotConfigured("opencart"))?;
    if !job.take_lease().await? {
        return Err(ApiError::Conflict(
            "an order backfill run of this tenant is going on; a stopped one's lease lapses within 10 s"
                .into(),
        ));
    }
    let stored = backfill::load_orders(&app.store, &settings.id).await?;
    let resumed = stored.as_ref().is_some_and(Progress::resumable);
    tokio::spawn(async move {
        if let Err(error) = job.run(&|_| {}).await {
            tracing::warn!(message = "The order backfill stopped.", tenant = %job.tenant, %error);
        }
    });
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
    let progress = backfill::load_orders(&app.store, &tenant)
        .await?
        .ok_or(ApiError::NotFound)?;
    let reports = backfill::order_reports(&app.store, &tenant, &progress).await?;
    let all: Vec<Issue> = reports.into_iter().flat_map(|r| r.issues).collect();
    let answer = serde_json::json!({
        "progress": progress,
        "issues_total": all.len(),
        "offset": offset,
        "issues": all.into_iter().skip(offset).take(limit).collect::<Vec<_>>(),
    });
    Ok(axum::Json(answer).into_response())
}
