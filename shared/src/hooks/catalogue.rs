//! The catalogue's public URL, the one pasted into the CRM's shop settings
//! (as shop modules publish `retailcrm.xml`): `GET
//! /catalogue/{tenant}/{feed_token}.xml` serves the tenant's current ICML
//! catalogue (the file, or a 307 to a presigned S3 URL). No bearer token:
//! the CRM cannot send one; the feed token in the path is the credential,
//! compared in constant time, and every refusal is the same 404.

use super::ApiError;
use crate::flows::icml::files::{CatalogueFiles, Download};
use crate::model::TenantId;
use crate::store::Store;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use http::header;
use std::sync::Arc;

/// What the feed needs. Cheap to clone.
#[derive(Clone)]
pub struct FeedState {
    pub store: Store,
    pub files: Arc<dyn CatalogueFiles>,
}

/// The public catalogue route.
pub fn router(state: FeedState) -> Router {
    Router::new()
        .route("/catalogue/{tenant}/{file}", get(catalogue))
        .with_state(state)
}

async fn catalogue(
    State(feed): State<FeedState>,
    Path((tenant, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let token = file.strip_suffix(".xml").ok_or(ApiError::NotFound)?;
    let tenant = TenantId::parse(&tenant).ok_or(ApiError::NotFound)?;
    let settings = feed
        .store
        .tenants
        .get_tenant(&tenant)
        .await?
        .ok_or(ApiError::NotFound)?;
    let expected = settings
        .moysklad
        .as_ref()
        .and_then(|ms| ms.sync.as_ref())
        .map(|sync| &sync.icml.feed_token);
    if !expected.is_some_and(|t| t.matches(token)) {
        return Err(ApiError::NotFound);
    }
    match feed.files.download(&tenant).await? {
        None => Err(ApiError::NotFound),
        Some(download) => Ok(serve(download, &tenant).await?),
    }
}

/// The catalogue as an answer: streamed from its file, or a redirect.
pub(crate) async fn serve(download: Download, tenant: &TenantId) -> Result<Response, ApiError> {
    serve_file(
        download,
        &format!("{tenant}.xml"),
        "application/xml; charset=utf-8",
    )
    .await
}

/// A published file as an attachment named `file_name`: streamed from its
/// file by this process, or a redirect to where it is kept.
pub(crate) async fn serve_file(
    download: Download,
    file_name: &str,
    content_type: &str,
) -> Result<Response, ApiError> {
    match download {
        Download::Redirect(url) => Ok(Redirect::temporary(&url).into_response()),
        Download::File(path) => {
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(|e| ApiError::Unavailable(crate::Error::storage(e)))?;
            let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
            let disposition = format!("attachment; filename=\"{file_name}\"");
            Ok((
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response())
        }
    }
}
