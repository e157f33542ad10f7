//! ICML on demand: `POST` queues an export, `GET` says how far it got,
//! `GET …/catalogue.xml` hands out the current catalogue (streamed by the
//! local process, a presigned S3 URL on AWS: a Lambda answer could not carry it).

use super::{AdminState, existing_tenant};
use crate::flows::icml::{ExportStatus, export, status};
use crate::hooks::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use http::StatusCode;

/// Queues an ICML export of the tenant's MoySklad catalogue.
#[utoipa::path(post, path = "/admin/tenants/{tenant}/icml", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath),
    responses((status = 202, description = "Queued; its status"), (status = 400, description = "MoySklad or ICML not configured")))]
pub(super) async fn request(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<(StatusCode, Json<ExportStatus>), ApiError> {
    let settings = existing_tenant(&app, &tenant).await?;
    let tenant = &settings.id;
    let status = export::request(app.store.as_ref(), app.exports.queue.as_ref(), &settings)
        .await
        .map_err(|e| match e {
            crate::Error::Invalid(message) => ApiError::BadRequest(message),
            other => ApiError::Unavailable(other),
        })?;
    tracing::info!(message = "ICML export queued.", %tenant, request_id = %status.request_id);
    Ok((StatusCode::ACCEPTED, Json(status)))
}

/// The ICML export's status.
#[utoipa::path(get, path = "/admin/tenants/{tenant}/icml", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath),
    responses((status = 200, description = "The status"), (status = 404, description = "No export yet")))]
pub(super) async fn show(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Json<ExportStatus>, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let status = status::get(app.store.as_ref(), &tenant).await?;
    status.map(Json).ok_or(ApiError::NotFound)
}

/// The current ICML catalogue (or a 307 to a presigned S3 URL).
#[utoipa::path(get, path = "/admin/tenants/{tenant}/icml/catalogue.xml", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath),
    responses((status = 200, description = "The catalogue", content_type = "application/xml"),
        (status = 307, description = "Its presigned S3 URL"), (status = 404, description = "No catalogue yet")))]
pub(super) async fn download(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Response, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    match app.exports.files.download(&tenant).await? {
        None => Err(ApiError::NotFound),
        Some(download) => crate::hooks::catalogue::serve(download, &tenant).await,
    }
}
