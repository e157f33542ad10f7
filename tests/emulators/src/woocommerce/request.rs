//! WordPress REST error answers and the parts of a request handlers read.
//!
//! Codes and texts are WooCommerce's and WordPress's own (read in
//! `class-wc-rest-customers-v1-controller.php`, `class-wc-rest-controller.php`,
//! `class-wc-rest-authentication.php`, `wc-user-functions.php`,
//! `class-wp-rest-users-controller.php`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// `{"code":..,"message":..,"data":{"status":..}}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// `WWW-Authenticate` on Basic-auth failures.
    pub challenge: bool,
}

impl ApiError {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
            challenge: false,
        }
    }

    pub fn invalid_param(name: &str) -> Self {
        ApiError::new(
            400,
            "rest_invalid_param",
            format!("Invalid parameter(s): {name}"),
        )
    }

    pub fn missing_param(name: &str) -> Self {
        ApiError::new(
            400,
            "rest_missing_callback_param",
            format!("Missing parameter(s): {name}"),
        )
    }

    /// The `error` object of a batch item.
    pub fn item(&self) -> Value {
        json!({"code": self.code, "message": self.message, "data": {"status": self.status}})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body =
            json!({"code": self.code, "message": self.message, "data": {"status": self.status}});
        let mut r = (status, axum::Json(body)).into_response();
        if self.challenge {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field.\""),
            );
        }
        r
    }
}

/// A handler's answer: status, JSON, extra headers.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(body: Value) -> Self {
        Reply {
            status: 200,
            body,
            headers: Vec::new(),
        }
    }
}

pub(crate) type Answer = Result<Reply, ApiError>;

/// Query parameters.
pub(crate) struct Query(pub Vec<(String, String)>);

impl Query {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// WordPress booleans: `true`, `1`, `yes`... (`rest_sanitize_boolean`).
    pub fn flag(&self, name: &str) -> bool {
        matches!(
            self.get(name).map(str::to_ascii_lowercase).as_deref(),
            Some("true" | "1" | "yes")
        )
    }
}

/// WordPress's `is_email`, close enough: one `@`, a dotted domain, no spaces.
pub(crate) fn is_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.contains('@')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(char::is_whitespace)
}
