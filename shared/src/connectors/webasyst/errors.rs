//! Webasyst's error answers turned into `synclane::Error`, keeping the
//! code and description for the callers that act on them.
//!
//! Every API error is `{"error": code, "error_description": text}` (the
//! framework's `waAPIException`), some with `error_fields` (the CRM's
//! validation). Statuses, as the framework and the apps raise them:
//! - 400 `token_required` (no token), 401 `invalid_token`, 403
//!   `access_denied` (the token's scope lacks the app, or the user's
//!   rights) / `forbidden` (CRM rights): the settings are wrong → `PeerAuth`;
//! - 402 `payment_required` (the app's licence): a human must act;
//! - 404 `invalid_param` "Order not found." or "Available action not found
//!   for the specified order.", `not_found` "Deal not found",
//!   `invalid_method`; 405 `invalid_request` (wrong HTTP verb);
//! - 409 with `dialog_html`: a deal move or close that the CRM's own
//!   Shop-Script link wants a form for (`crm::MoveOutcome::NeedsForm`);
//! - 429 and 5xx: retryable (`PeerUnavailable`), with `Retry-After`.

use crate::error::Error;
use serde_json::Value;
use std::time::Duration;

/// A failed call: the library error plus what Webasyst said.
#[derive(Debug)]
pub(crate) struct ApiFailure {
    pub error: Error,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub description: String,
    /// The answer's JSON body, when it had one (409's dialog).
    pub body: Option<Value>,
}

impl ApiFailure {
    /// A 404 of a method that reads or writes one record.
    pub fn is_not_found(&self) -> bool {
        self.status == Some(404)
    }

    /// `shop.order.action` refused an action the order's state does not offer.
    pub fn is_action_unavailable(&self) -> bool {
        self.status == Some(404)
            && self.code.as_deref() == Some("invalid_param")
            && self.description.contains("Available action not found")
    }

    /// The rate budget could not be reached (its store failed).
    pub fn budget(error: Error) -> Self {
        ApiFailure {
            description: error.to_string(),
            error,
            status: None,
            code: None,
            body: None,
        }
    }

    /// A network-level failure: the request may or may not have been served.
    pub fn transport(peer: &'static str, e: reqwest::Error) -> Self {
        let kind = if e.is_timeout() {
            "timeout"
        } else {
            "connection error"
        };
        let description = format!("{kind}: {}", e.without_url());
        ApiFailure {
            error: Error::PeerUnavailable {
                peer,
                message: description.clone(),
                retry_after: None,
            },
            status: None,
            code: None,
            description,
            body: None,
        }
    }

    /// A 2xx answer that is not the JSON we expect.
    pub fn malformed(peer: &'static str, status: u16, e: impl std::fmt::Display) -> Self {
        let description = format!("unexpected answer: {e}");
        ApiFailure {
            error: Error::PeerRejected {
                peer,
                status,
                message: description.clone(),
            },
            status: Some(status),
            code: None,
            description,
            body: None,
        }
    }

    /// An error answer (status outside 2xx).
    pub fn from_answer(
        peer: &'static str,
        status: u16,
        retry_after: Option<Duration>,
        raw: &[u8],
    ) -> Self {
        let body: Option<Value> = serde_json::from_slice(raw).ok();
        let field = |name: &str| {
            body.as_ref()
                .and_then(|b| b.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let code = field("error");
        let mut description = field("error_description").unwrap_or_default();
        if let Some(fields) = body.as_ref().and_then(|b| b.get("error_fields")) {
            description = format!("{description} {fields}").trim().to_owned();
        }
        let text = match (&code, description.is_empty()) {
            (Some(c), false) => format!("{c}: {description}"),
            (Some(c), true) => c.clone(),
            (None, _) => format!("HTTP {status}"),
        };
        let error = match (status, code.as_deref()) {
            (400, Some("token_required")) | (401 | 403, _) => Error::PeerAuth {
                peer,
                message: text,
            },
            (429 | 500..=599, _) => Error::PeerUnavailable {
                peer,
                message: text,
                retry_after,
            },
            _ => Error::PeerRejected {
                peer,
                status,
                message: text,
            },
        };
        ApiFailure {
            error,
            status: Some(status),
            code,
            description,
            body,
        }
    }
}

impl From<ApiFailure> for Error {
    fn from(f: ApiFailure) -> Self {
        f.error
    }
}

/// `Ok(None)` for a 404, so one-record methods can say "no such record".
pub(super) fn none_if_not_found<T>(r: Result<T, ApiFailure>) -> Result<Option<T>, Error> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(f) if f.is_not_found() => Ok(None),
        Err(f) => Err(f.error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webasyst_errors_map_to_typed_errors() {
        let f = ApiFailure::from_answer(
            "shopscript",
            400,
            None,
            br#"{"error":"token_required","error_description":"Access token is missing"}"#,
        );
        assert!(matches!(f.error, Error::PeerAuth { .. }), "{:?}", f.error);
        let f = ApiFailure::from_answer(
            "shopscript",
            401,
            None,
            br#"{"error":"invalid_token","error_description":"Invalid access token","sha256":"ab"}"#,
        );
        assert!(
            matches!(&f.error, Error::PeerAuth { message, .. } if message.contains("Invalid access token"))
        );
        let f = ApiFailure::from_answer(
            "shopscript",
            404,
            None,
            "{\"error\":\"invalid_param\",\"error_description\":\"Available action not found for the specified order.\"}".as_bytes(),
        );
        assert!(f.is_action_unavailable() && !f.error.is_retryable());
        let f =
            ApiFailure::from_answer("webasyst_crm", 503, Some(Duration::from_secs(3)), b"<html>");
        assert!(f.error.is_retryable());
        assert_eq!(f.error.retry_after(), Some(Duration::from_secs(3)));
        let f = ApiFailure::from_answer(
            "webasyst_crm",
            400,
            None,
            br#"{"error":"invalid_field","error_description":"Invalid fields found.","error_fields":[{"field":"external_id","code":"field_unacceptable"}]}"#,
        );
        assert!(
            matches!(&f.error, Error::PeerRejected { status: 400, message, .. } if message.contains("external_id"))
        );
        let f =
            ApiFailure::from_answer("webasyst_crm", 405, None, br#"{"error":"invalid_request"}"#);
        assert!(matches!(f.error, Error::PeerRejected { status: 405, .. }));
    }
}
