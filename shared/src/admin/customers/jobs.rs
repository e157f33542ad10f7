//! CM-4 in the background through the API:
//!
//! - `POST /admin/tenants/{t}/customers/exports?system=&format=&group=&no_group=&q=`
//!   queues an export of the filtered list (202 with the job);
//! - `GET .../customers/exports`: the recent jobs with their progress;
//! - `GET .../customers/exports/{job}`: one job;
//! - `GET .../customers/exports/{job}/file`: the file once ready (streamed
//!   by the local process, a presigned S3 URL on AWS).

use super::params::ListParams;
use super::{peer_error, source};
use crate::admin::{AdminState, existing_tenant};
use crate::customers::export::Format;
use crate::customers::export_job::jobs;
use crate::customers::export_job::request::{JobRequest, request};
use crate::customers::export_job::{ExportJob, JobState};
use crate::flows::icml::files::FileName;
use crate::hooks::ApiError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use http::StatusCode;
use serde_json::{Value, json};

/// Checks `params` and the tenant's connection, then queues the job.
pub(crate) async fn queue(
    app: &AdminState,
    tenant: &str,
    params: &ListParams,
) -> Result<ExportJob, ApiError> {
    let system = params.system()?;
    let filter = params.filter()?;
    let format = Format::parse(params.format.as_deref().unwrap_or("csv"))
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if params.page.is_some() || params.per_page.is_some() {
        return Err(ApiError::BadRequest(
            "an export has every page: drop page and per_page".into(),
        ));
    }
    let (settings, client) = source(app, tenant, system).await?;
    client.check(&filter).map_err(peer_error)?;
    let wanted = JobRequest {
        system,
        format,
        filter,
    };
    let job = request(
        app.store.as_ref(),
        app.exports.queue.as_ref(),
        &settings,
        &wanted,
    )
    .await
    .map_err(ApiError::Unavailable)?;
    tracing::info!(message = "Customer export queued.", tenant = %settings.id, job = %job.id);
    Ok(job)
}

pub(super) async fn create(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<(StatusCode, Json<ExportJob>), ApiError> {
    let job = queue(&app, &tenant, &params).await?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

pub(super) async fn list(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let jobs = jobs::list(app.store.as_ref(), &tenant).await?;
    Ok(Json(json!({ "jobs": jobs })))
}

pub(super) async fn show(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Json<ExportJob>, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let job = jobs::get(app.store.as_ref(), &tenant, &id).await?;
    job.map(Json).ok_or(ApiError::NotFound)
}

pub(super) async fn file(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let job = jobs::get(app.store.as_ref(), &tenant, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (JobState::Ready, Some(name)) = (job.state, job.file.as_deref()) else {
        return Err(ApiError::Conflict(format!(
            "export {id} is not ready (it is {})",
            state_name(job.state)
        )));
    };
    let name = FileName::parse(name).ok_or(ApiError::NotFound)?;
    let format = Format::parse(&job.format).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    match app.exports.files.download_named(&tenant, &name).await? {
        None => Err(ApiError::NotFound),
        Some(download) => {
            crate::hooks::catalogue::serve_file(download, name.as_str(), format.content_type())
                .await
        }
    }
}

/// How a state is named in messages and pages.
pub(crate) fn state_name(state: JobState) -> &'static str {
    match state {
        JobState::Queued => "queued",
        JobState::Running => "running",
        JobState::Ready => "ready",
        JobState::Failed => "failed",
    }
}
