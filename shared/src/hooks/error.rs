//! Error answers of the HTTP API: one status and one stable code per error,
//! with a message saying what was wrong. `ApiError::code` is the table of
//! codes, every route's (hooks, admin, feeds); answers that do not come
//! from a handler (a malformed query, an unknown route) are put in the same
//! shape by `json_errors`.

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
    /// The admin API without a valid key or operator token.
    #[error("missing or wrong API key or admin token")]
    Unauthorized,
    /// A valid credential that does not reach this route (another tenant's,
    /// or the wrong kind). The same answer whether the other tenant exists.
    #[error("this credential does not reach this route")]
    Forbidden,
    /// Too many failed sign-ins from this source; try again after the seconds given.
    #[error("too many failed sign-ins; retry after {0} s")]
    TooManyAttempts(u64),
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The method exists on the route but the system behind it cannot do
    /// it (the CRM's API has no customer delete): 405 with the reason.
    #[error("{0}")]
    NotSupported(String),
    #[error("unknown tenant")]
    UnknownTenant,
    #[error("body larger than {} bytes", super::MAX_BODY_BYTES)]
    TooLarge,
    /// The body did not arrive in time (a slow or lying client).
    #[error("the body did not arrive within the read deadline")]
    BodyTimeout,
    #[error("not found")]
    NotFound,
    /// A feed refused whole: every problem found, each naming its place.
    #[error("the feed was refused: {} problem(s)", .0.len())]
    InvalidFeed(Vec<String>),
    /// A body in a format the endpoint does not take.
    #[error("unsupported Content-Type {0:?}")]
    UnsupportedMediaType(String),
    /// The tenant has not configured what this admin endpoint works on (hooks
    /// answer as to wrong credentials instead: strangers learn nothing).
    #[error("the tenant has no {0} configured")]
    NotConfigured(&'static str),
    /// The request conflicts with what is there (a record linked already).
    #[error("{0}")]
    Conflict(String),
    /// The store or the queue failed: the sender should retry.
    #[error("temporarily unavailable")]
    Unavailable(#[source] crate::Error),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::InvalidFeed(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::BadSignature | ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::MethodNotAllowed | ApiError::NotSupported(_) => {
                StatusCode::METHOD_NOT_ALLOWED
            }
            ApiError::UnknownTenant | ApiError::NotFound | ApiError::NotConfigured(_) => {
                StatusCode::NOT_FOUND
            }
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::BadSignature => "bad_signature",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::TooManyAttempts(_) => "too_many_attempts",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::NotSupported(_) => "not_supported",
            ApiError::UnknownTenant => "unknown_tenant",
            ApiError::TooLarge => "body_too_large",
            ApiError::BodyTimeout => "body_timeout",
            ApiError::NotFound => "not_found",
            ApiError::InvalidFeed(_) => "invalid_feed",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::NotConfigured(_) => "not_configured",
            ApiError::Conflict(_) => "conflict",
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
        let mut body = json!({ "error": self.code(), "message": self.to_string() });
        if let ApiError::InvalidFeed(problems) = &self {
            body["problems"] = json!(problems);
        }
        let mut response = (self.status(), Json(body)).into_response();
        if let ApiError::TooManyAttempts(seconds) = &self {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(*seconds));
        }
        response
    }
}
