//! The extension's answers as `synclane::Error`, keeping the stable error
//! code for the callers that must look inside (`order_not_found` → `None`,
//! `email_exists` → the customer that has the address).
//!
//! Mapping (API.md §3): 401 `stale_timestamp` / `bad_signature` and 403
//! `disabled` → `PeerAuth` (a human fixes the secret, the clock or the
//! settings page); 408, 429, 5xx and network failures → `PeerUnavailable`
//! (retryable; 503 is also OpenCart's maintenance page); every other 4xx →
//! `PeerRejected`. A non-JSON 404 is the shop's own "page not found": the
//! extension is not installed there.

use crate::error::Error;
use std::time::Duration;

pub(super) const PEER: &str = "opencart";

/// Whether a failed request may have changed the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sent {
    /// It never reached the shop (connection refused): sending again is safe.
    No,
    /// It may have been applied (timeout, lost answer, 5xx): a write that is
    /// not idempotent must look first (API.md §1).
    Maybe,
    /// The extension refused it: nothing changed.
    Refused,
}

/// A failed call: the library error plus what the extension said.
#[derive(Debug)]
pub(super) struct ApiFailure {
    pub error: Error,
    /// The stable `error.code`, when the extension answered one.
    pub code: Option<String>,
    /// `error.customer_id` of `email_exists`.
    pub customer_id: Option<i64>,
    pub sent: Sent,
}

impl ApiFailure {
    pub fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    /// A network-level failure.
    pub fn transport(e: reqwest::Error) -> Self {
        // `without_url`: query strings carry e-mail addresses.
        let e = e.without_url();
        let (kind, sent) = if e.is_connect() {
            ("connection error", Sent::No)
        } else if e.is_timeout() {
            ("timeout", Sent::Maybe)
        } else {
            ("transport error", Sent::Maybe)
        };
        ApiFailure {
            error: Error::PeerUnavailable {
                peer: PEER,
                message: format!("{kind}: {e}"),
                retry_after: None,
            },
            code: None,
            customer_id: None,
            sent,
        }
    }

    /// A 2xx answer that is not what the op returns.
    pub fn malformed(status: u16, e: impl std::fmt::Display) -> Self {
        ApiFailure {
            error: Error::PeerRejected {
                peer: PEER,
                status,
                message: format!("unexpected answer (not the Synclane extension's?): {e}"),
            },
            code: None,
            customer_id: None,
            sent: Sent::Maybe,
        }
    }

    /// An error answer (status outside 2xx).
    pub fn from_answer(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Self {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let error = parsed
            .as_ref()
            .map(|v| &v["error"])
            .filter(|e| e.is_object());
        let text = |key: &str| error.and_then(|e| e[key].as_str()).map(str::to_owned);
        let code = text("code");
        let customer_id = text("customer_id").and_then(|id| id.parse().ok());
        let message = match (&code, text("message"), text("field")) {
            (Some(code), Some(message), Some(field)) => format!("{code} [{field}]: {message}"),
            (Some(code), Some(message), None) => format!("{code}: {message}"),
            (Some(code), None, _) => code.clone(),
            _ if status == 404 => {
                "HTTP 404 without the extension's error body: is the Synclane extension \
                 installed and base_url the shop's URL?"
                    .to_owned()
            }
            _ => format!("HTTP {status} (not an answer of the extension)"),
        };
        let (error, sent) = match status {
            401 | 403 => (
                Error::PeerAuth {
                    peer: PEER,
                    message,
                },
                Sent::Refused,
            ),
            408 | 429 | 500..=599 => (
                Error::PeerUnavailable {
                    peer: PEER,
                    message,
                    retry_after,
                },
                Sent::Maybe,
            ),
            _ => (
                Error::PeerRejected {
                    peer: PEER,
                    status,
                    message,
                },
                Sent::Refused,
            ),
        };
        ApiFailure {
            error,
            code,
            customer_id,
            sent,
        }
    }
}

impl From<ApiFailure> for Error {
    fn from(f: ApiFailure) -> Self {
        f.error
    }
}

/// The member the extension refused (`addresses[1].postcode`), from a
/// refusal's message (`invalid_field [addresses[1].postcode]: …`): what a
/// form shows the error next to.
pub fn refused_field(error: &Error) -> Option<String> {
    let Error::PeerRejected {
        peer: PEER,
        message,
        ..
    } = error
    else {
        return None;
    };
    let rest = message.split_once(" [")?.1;
    let end = rest.find("]: ")?;
    Some(rest[..end].to_owned())
}

/// `Ok(None)` when the extension answered `code` (e.g. `order_not_found`).
pub(super) fn none_if<T>(code: &str, r: Result<T, ApiFailure>) -> Result<Option<T>, Error> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(f) if f.is(code) => Ok(None),
        Err(f) => Err(f.error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> ApiFailure {
        ApiFailure::from_answer(status, None, body.as_bytes())
    }

    #[test]
    fn a_refused_member_is_named() {
        let f = answer(
            422,
            r#"{"error":{"code":"invalid_field","message":"addresses[1].postcode: longer than 10 characters","field":"addresses[1].postcode"}}"#,
        );
        assert_eq!(
            refused_field(&f.error).as_deref(),
            Some("addresses[1].postcode")
        );
        let f = answer(
            409,
            r#"{"error":{"code":"email_exists","message":"taken","field":"email","customer_id":"7"}}"#,
        );
        assert_eq!(refused_field(&f.error).as_deref(), Some("email"));
        let f = answer(400, r#"{"error":{"code":"malformed_json","message":"x"}}"#);
        assert_eq!(refused_field(&f.error), None);
    }

    #[test]
    fn each_code_maps_to_a_typed_error() {
        for code in ["stale_timestamp", "bad_signature"] {
            let f = answer(
                401,
                &format!(r#"{{"error":{{"code":"{code}","message":"m"}}}}"#),
            );
            assert!(matches!(f.error, Error::PeerAuth { .. }), "{code}");
            assert!(f.is(code) && !f.error.is_retryable());
        }
        let f = answer(403, r#"{"error":{"code":"disabled","message":"off"}}"#);
        assert!(matches!(f.error, Error::PeerAuth { .. }));
        let f = answer(
            404,
            r#"{"error":{"code":"order_not_found","message":"no order 9"}}"#,
        );
        assert!(f.is("order_not_found"));
        assert!(matches!(none_if::<()>("order_not_found", Err(f)), Ok(None)));
        let f = answer(
            409,
            r#"{"error":{"code":"email_exists","message":"m","field":"email","customer_id":"7"}}"#,
        );
        assert_eq!((f.customer_id, f.sent), (Some(7), Sent::Refused));
        let f = answer(
            422,
            r#"{"error":{"code":"invalid_field","message":"customer.email: not an e-mail address","field":"customer.email"}}"#,
        );
        assert!(matches!(f.error, Error::PeerRejected { status: 422, .. }));
        assert!(f.error.to_string().contains("customer.email"));
        for status in [500, 502, 503, 408, 429] {
            let f = answer(status, "<html>maintenance</html>");
            assert!(f.error.is_retryable(), "{status}");
            assert_eq!(f.sent, Sent::Maybe);
        }
        let f = answer(404, "<html>Page not found</html>");
        assert!(!f.error.is_retryable());
        assert!(f.error.to_string().contains("installed"), "{}", f.error);
    }
}
