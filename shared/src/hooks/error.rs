//! Error answers of the HTTP API: one status and one stable code per error,
//! with a message saying what was wrong.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::json;

/// Why a request was refused. Nothing was enqueued or changed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("missing or invalid signature")]
    BadSignature,
    #[error("unknown tenant")]
    UnknownTenant,
    #[error("body larger than {} bytes", super::MAX_BODY_BYTES)]
    TooLarge,
    #[error("not found")]
    NotFound,
    /// The store or the queue failed: the sender should retry.
    #[error("temporarily unavailable")]
    Unavailable(#[source] crate::Error),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::BadSignature => StatusCode::UNAUTHORIZED,
            ApiError::UnknownTenant | ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::BadSignature => "bad_signature",
            ApiError::UnknownTenant => "unknown_tenant",
            ApiError::TooLarge => "body_too_large",
            ApiError::NotFound => "not_found",
            ApiError::Unavailable(_) => "unavailable",
        }
    }
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> Self {
        ApiError::Unavailable(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Unavailable(source) = &self {
            tracing::error!(message = "Request failed on storage.", error = %source);
        }
        (
            self.status(),
            Json(json!({ "error": self.code(), "message": self.to_string() })),
        )
            .into_response()
    }
}
