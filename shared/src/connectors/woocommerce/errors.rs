//! Turns WooCommerce's HTTP answers into `synclane::Error`, keeping
//! WooCommerce's error `code` for the callers that act on it (404 → `None`,
//! `registration-error-email-exists` → link the existing account).

use crate::error::Error;
use std::time::Duration;

pub(super) const PEER: &str = "woocommerce";

/// The code WooCommerce answers a create with when the e-mail is taken.
pub(super) const EMAIL_EXISTS: &str = "registration-error-email-exists";

/// A failed call: the library error plus WooCommerce's code when it sent one.
#[derive(Debug)]
pub(super) struct ApiFailure {
    pub error: Error,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub message: String,
}

/// `{"code":..,"message":..,"data":{"status":..}}`, WordPress's error body.
#[derive(serde::Deserialize)]
struct WpError {
    code: String,
    #[serde(default)]
    message: String,
}

impl ApiFailure {
    pub fn is_not_found(&self) -> bool {
        self.status == Some(404)
    }

    pub fn is_email_exists(&self) -> bool {
        self.status == Some(400) && self.code.as_deref() == Some(EMAIL_EXISTS)
    }

    /// The rate budget could not be reached (its store failed).
    pub fn budget(error: Error) -> Self {
        ApiFailure {
            message: error.to_string(),
            error,
            status: None,
            code: None,
        }
    }

    /// A network-level failure: the request may not have reached the shop.
    pub fn transport(e: reqwest::Error) -> Self {
        // `without_url`: with query auth the URL carries the secret.
        let e = e.without_url();
        let kind = if e.is_timeout() {
            "timeout"
        } else {
            "connection error"
        };
        let message = format!("{kind}: {e}");
        ApiFailure {
            error: Error::PeerUnavailable {
                peer: PEER,
                message: message.clone(),
                retry_after: None,
            },
            status: None,
            code: None,
            message,
        }
    }

    /// A 2xx answer that is not the JSON we expect.
    pub fn malformed(status: u16, e: serde_json::Error) -> Self {
        let message = format!("unexpected answer: {e}");
        ApiFailure {
            error: Error::PeerRejected {
                peer: PEER,
                status,
                message: message.clone(),
            },
            status: Some(status),
            code: None,
            message,
        }
    }

    /// An error answer (status outside 2xx).
    pub fn from_answer(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Self {
        let parsed: Option<WpError> = serde_json::from_slice(body).ok();
        let (code, message) = match parsed {
            Some(e) => (Some(e.code), e.message),
            None => (None, format!("HTTP {status}")),
        };
        let text = match &code {
            Some(c) => format!("{c}: {message}"),
            None => message.clone(),
        };
        let error = match status {
            401 | 403 => Error::PeerAuth {
                peer: PEER,
                message: text,
            },
            // 501 is WooCommerce refusing a delete without `force`: asking
            // again will not help, unlike the other 5xx.
            429 | 500 | 502..=599 => Error::PeerUnavailable {
                peer: PEER,
                message: text,
                retry_after,
            },
            _ => Error::PeerRejected {
                peer: PEER,
                status,
                message: text,
            },
        };
        ApiFailure {
            error,
            status: Some(status),
            code,
            message,
        }
    }
}

impl From<ApiFailure> for Error {
    fn from(f: ApiFailure) -> Self {
        f.error
    }
}

/// `Ok(None)` for a 404, so one-record methods can say "no such customer".
pub(super) fn none_if_not_found<T>(r: Result<T, ApiFailure>) -> Result<Option<T>, Error> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(f) if f.is_not_found() => Ok(None),
        Err(f) => Err(f.error),
    }
}

/// `Retry-After` in seconds.
pub(super) fn parse_retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let raw = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    raw.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_typed_errors() {
        let body = br#"{"code":"woocommerce_rest_authentication_error","message":"Consumer secret is invalid.","data":{"status":401}}"#;
        let f = ApiFailure::from_answer(401, None, body);
        assert!(
            matches!(&f.error, Error::PeerAuth { message, .. } if message.contains("Consumer secret is invalid."))
        );
        let f = ApiFailure::from_answer(503, Some(Duration::from_secs(2)), b"<html>");
        assert!(f.error.is_retryable());
        assert_eq!(f.error.retry_after(), Some(Duration::from_secs(2)));
        let body = br#"{"code":"registration-error-email-exists","message":"An account is already registered with a@b.fr.","data":{"status":400}}"#;
        let f = ApiFailure::from_answer(400, None, body);
        assert!(f.is_email_exists() && !f.error.is_retryable());
        let body = br#"{"code":"woocommerce_rest_trash_not_supported","message":"Customers do not support trashing.","data":{"status":501}}"#;
        let f = ApiFailure::from_answer(501, None, body);
        assert!(
            matches!(f.error, Error::PeerRejected { status: 501, .. }),
            "501 is not retried"
        );
        assert!(ApiFailure::from_answer(404, None, b"{}").is_not_found());
    }
}
