//! Turns MoySklad error answers into `synclane::Error`.
//!
//! Body: `{"errors":[{"error": text, "code": int, "parameter": field,
//! "error_message": ..}]}` (dev.moysklad.ru, "Обработка ошибок"). Codes that
//! decide the class: 1056 authentication; 1049 request rate and 1073 parallel
//! requests (both 429). `X-Lognex-Retry-After` is in milliseconds.

use crate::error::Error;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use std::time::Duration;

pub(crate) const PEER: &str = "moysklad";

/// Error codes the connector acts on.
pub mod codes {
    pub const AUTH: i64 = 1056;
    pub const RATE_LIMIT: i64 = 1049;
    pub const PARALLEL_LIMIT: i64 = 1073;
    pub const WRONG_CONTENT_TYPE: i64 = 1037;
    pub const MISSING_FIELD: i64 = 3000;
    pub const WEBHOOK_EXISTS: i64 = 30003;
}

/// One entry of MoySklad's `errors` array.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ApiError {
    pub error: String,
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub parameter: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<ApiError>,
}

/// The parsed `errors` of an answer (empty when the body is not MoySklad's shape).
pub fn parse_errors(body: &[u8]) -> Vec<ApiError> {
    serde_json::from_slice::<ErrorBody>(body)
        .map(|b| b.errors)
        .unwrap_or_default()
}

/// `X-Lognex-Retry-After` (milliseconds), if present.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let ms = headers
        .get("X-Lognex-Retry-After")?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(Duration::from_millis(ms))
}

/// "text (code N, parameter 'p')" for every error, joined.
fn describe(errors: &[ApiError], status: StatusCode) -> String {
    if errors.is_empty() {
        return format!("HTTP {}", status.as_u16());
    }
    errors
        .iter()
        .map(|e| {
            let mut s = e.error.clone();
            if let Some(code) = e.code {
                s.push_str(&format!(" (code {code}"));
                if let Some(p) = &e.parameter {
                    s.push_str(&format!(", parameter '{p}'"));
                }
                s.push(')');
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Classifies a non-success answer.
pub fn from_response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
    let errors = parse_errors(body);
    let has = |code| errors.iter().any(|e| e.code == Some(code));
    let message = describe(&errors, status);
    if status == StatusCode::UNAUTHORIZED || has(codes::AUTH) {
        return Error::PeerAuth {
            peer: PEER,
            message,
        };
    }
    if status == StatusCode::TOO_MANY_REQUESTS
        || has(codes::RATE_LIMIT)
        || has(codes::PARALLEL_LIMIT)
    {
        return Error::PeerUnavailable {
            peer: PEER,
            message,
            retry_after: retry_after(headers),
        };
    }
    if status.is_server_error() {
        return Error::PeerUnavailable {
            peer: PEER,
            message,
            retry_after: None,
        };
    }
    Error::PeerRejected {
        peer: PEER,
        status: status.as_u16(),
        message,
    }
}

/// Whether a rejection carried MoySklad error `code` (e.g. 30003 for a
/// duplicate webhook). The code is part of the message `describe` builds.
pub fn has_code(err: &Error, code: i64) -> bool {
    match err {
        Error::PeerRejected { message, .. }
        | Error::PeerUnavailable { message, .. }
        | Error::PeerAuth { message, .. } => {
            message.contains(&format!("(code {code})"))
                || message.contains(&format!("(code {code},"))
        }
        _ => false,
    }
}

/// Network failures and timeouts: the peer may be fine a moment later.
pub fn from_transport(e: &reqwest::Error) -> Error {
    let what = if e.is_timeout() {
        "timed out"
    } else {
        "transport error"
    };
    // reqwest errors carry the URL, never headers: safe to show.
    Error::PeerUnavailable {
        peer: PEER,
        message: format!("{what}: {e}"),
        retry_after: None,
    }
}
