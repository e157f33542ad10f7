//! Turns the CRM's HTTP answers into `synclane::Error`, keeping the parsed
//! error body for the callers that must look inside it (not-found → `None`,
//! duplicate externalId → fetch the existing record).
//!
//! Mapping: 401/403 (wrong or missing key, access denied) → `PeerAuth`;
//! 429, 5xx (503 is the CRM's throttling answer) → `PeerUnavailable`
//! (retryable); every other 4xx → `PeerRejected` with `errorMsg` and the
//! `errors` details.

use crate::error::Error;
use std::time::Duration;

pub(super) const PEER: &str = "retailcrm";

/// `{"success":false,"errorMsg":..,"errors":..}`. `errors` is an object of
/// field → message on most methods and a list of strings on uploads.
#[derive(Debug, Clone, Default)]
pub(super) struct ErrorBody {
    pub error_msg: String,
    pub errors: Vec<(String, String)>,
}

impl ErrorBody {
    pub(super) fn parse(body: &[u8]) -> Option<ErrorBody> {
        let v: serde_json::Value = serde_json::from_slice(body).ok()?;
        let error_msg = v.get("errorMsg")?.as_str().unwrap_or_default().to_owned();
        let text = |v: &serde_json::Value| {
            v.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string())
        };
        let errors = match v.get("errors") {
            Some(serde_json::Value::Object(m)) => {
                m.iter().map(|(k, v)| (k.clone(), text(v))).collect()
            }
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), text(v)))
                .collect(),
            _ => Vec::new(),
        };
        Some(ErrorBody { error_msg, errors })
    }

    fn message(&self) -> String {
        if self.errors.is_empty() {
            return self.error_msg.clone();
        }
        let details: Vec<String> = self
            .errors
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        format!("{} ({})", self.error_msg, details.join("; "))
    }
}

/// A failed call: the library error plus the CRM's error body when it sent one.
#[derive(Debug)]
pub(super) struct ApiFailure {
    pub error: Error,
    pub status: Option<u16>,
    pub body: Option<ErrorBody>,
}

impl ApiFailure {
    pub fn is_not_found(&self) -> bool {
        self.status == Some(404)
    }

    /// The CRM refused a create because the externalId is taken. Keyed on the
    /// `errors.externalId` field (the wording of the message is not part of
    /// the contract); `customer.externalId` and the like are references to
    /// *other* records and do not count.
    pub fn is_duplicate_external_id(&self) -> bool {
        let Some(body) = &self.body else { return false };
        self.status == Some(400)
            && (body.errors.iter().any(|(k, _)| k == "externalId")
                || body.error_msg.to_lowercase().contains("already exists"))
    }

    /// A network-level failure: the request may not have reached the CRM.
    pub fn transport(e: reqwest::Error) -> Self {
        // `without_url`: query strings carry e-mails and phones.
        let e = e.without_url();
        let kind = if e.is_timeout() {
            "timeout"
        } else {
            "connection error"
        };
        let error = Error::PeerUnavailable {
            peer: PEER,
            message: format!("{kind}: {e}"),
            retry_after: None,
        };
        ApiFailure {
            error,
            status: None,
            body: None,
        }
    }

    /// The shared budget could not be reached (the store): nothing was sent.
    pub fn budget(error: Error) -> Self {
        ApiFailure {
            error,
            status: None,
            body: None,
        }
    }

    /// A 2xx answer that is not the JSON we expect.
    pub fn malformed(status: u16, e: serde_json::Error) -> Self {
        let error = Error::PeerRejected {
            peer: PEER,
            status,
            message: format!("unexpected answer: {e}"),
        };
        ApiFailure {
            error,
            status: Some(status),
            body: None,
        }
    }

    /// An error answer (status outside 2xx).
    pub fn from_answer(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Self {
        let parsed = ErrorBody::parse(body);
        let message = parsed
            .as_ref()
            .map(ErrorBody::message)
            .unwrap_or_else(|| format!("HTTP {status}"));
        let error = match status {
            401 | 403 => Error::PeerAuth {
                peer: PEER,
                message,
            },
            429 | 500..=599 => Error::PeerUnavailable {
                peer: PEER,
                message,
                retry_after,
            },
            _ => Error::PeerRejected {
                peer: PEER,
                status,
                message,
            },
        };
        ApiFailure {
            error,
            status: Some(status),
            body: parsed,
        }
    }
}

impl From<ApiFailure> for Error {
    fn from(f: ApiFailure) -> Self {
        f.error
    }
}

/// `Ok(None)` for a 404, so `get` methods can say "no such record".
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
    fn statuses_map_to_typed_errors() {
        let f = ApiFailure::from_answer(
            403,
            None,
            br#"{"success":false,"errorMsg":"Wrong \"apiKey\" value."}"#,
        );
        assert!(matches!(f.error, Error::PeerAuth { .. }));
        let f = ApiFailure::from_answer(503, Some(Duration::from_secs(1)), b"");
        assert!(f.error.is_retryable());
        assert_eq!(f.error.retry_after(), Some(Duration::from_secs(1)));
        let body = br#"{"success":false,"errorMsg":"Order is not loaded","errors":{"externalId":"taken"}}"#;
        let f = ApiFailure::from_answer(400, None, body);
        assert!(!f.error.is_retryable());
        assert!(f.is_duplicate_external_id());
        assert!(f.error.to_string().contains("externalId: taken"));
        let body =
            br#"{"success":false,"errorMsg":"x","errors":{"customer.externalId":"not found"}}"#;
        assert!(!ApiFailure::from_answer(400, None, body).is_duplicate_external_id());
    }
}
