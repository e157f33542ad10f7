//! One API request as it arrived, and the checks that come before any op:
//! a repeated query parameter, the timestamp window (300 s either way) and
//! the signature (API.md §2), in the extension's order.

use super::error::ApiError;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far `X-Synclane-Timestamp` may be from the shop's clock.
pub(crate) const WINDOW_SECONDS: i64 = 300;

/// The request before any check.
pub(crate) struct Request {
    pub method: String,
    /// The decoded `route` parameter.
    pub route: String,
    /// Every other parameter, decoded, first occurrence kept.
    pub query: Vec<(String, String)>,
    /// Names given more than once.
    pub repeated: Vec<String>,
    pub timestamp: String,
    pub signature: String,
    pub body: Vec<u8>,
}

impl Request {
    /// `raw_query` is form-encoded (`+` is a space), as PHP's `urldecode` reads it.
    pub fn parse(method: &str, raw_query: &str, headers: &http::HeaderMap, body: &[u8]) -> Self {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let mut request = Request {
            method: method.to_ascii_uppercase(),
            route: String::new(),
            query: Vec::new(),
            repeated: Vec::new(),
            timestamp: header("x-synclane-timestamp").trim().to_owned(),
            signature: header("x-synclane-signature"),
            body: body.to_vec(),
        };
        for pair in raw_query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (name, value) = (urldecode(name), urldecode(value));
            if name == "route" {
                request.route = value;
            } else if request.query.iter().any(|(n, _)| *n == name) {
                request.repeated.push(name);
            } else {
                request.query.push((name, value));
            }
        }
        request
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The repeated-parameter, timestamp and signature checks.
    pub fn authenticate(&self, secret: &str, now: i64) -> Result<(), ApiError> {
        if let Some(name) = self.repeated.first() {
            return Err(ApiError::invalid(
                name,
                "query parameter given more than once",
            ));
        }
        let digits = (1..=12).contains(&self.timestamp.len())
            && self.timestamp.bytes().all(|b| b.is_ascii_digit());
        let fresh = digits
            && self
                .timestamp
                .parse::<i64>()
                .is_ok_and(|t| (now - t).abs() <= WINDOW_SECONDS);
        if !fresh {
            return Err(ApiError::new(
                401,
                "stale_timestamp",
                format!(
                    "X-Synclane-Timestamp must be unix seconds within {WINDOW_SECONDS} s of the shop clock ({now})"
                ),
            ));
        }
        let expected = self.expected_signature(secret);
        let given = self.signature.trim().to_ascii_lowercase();
        // Constant time, as the extension's hash_equals.
        let same = expected.len() == given.len()
            && expected
                .bytes()
                .zip(given.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if !same {
            return Err(ApiError::new(
                401,
                "bad_signature",
                "X-Synclane-Signature is missing or does not match the request",
            ));
        }
        Ok(())
    }

    fn expected_signature(&self, secret: &str) -> String {
        let mut sorted: Vec<&(String, String)> = self.query.iter().collect();
        sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let query: Vec<String> = sorted
            .iter()
            .map(|(n, v)| format!("{}={}", rawurlencode(n), rawurlencode(v)))
            .collect();
        let mut canonical = format!(
            "{}\n{}\n{}\n{}\n",
            self.method,
            self.route,
            query.join("&"),
            self.timestamp
        )
        .into_bytes();
        canonical.extend_from_slice(&self.body);
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(&canonical);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }
}

/// PHP's `urldecode`: `%XX` and `+` for a space.
fn urldecode(raw: &str) -> String {
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// PHP's `rawurlencode` (RFC 3986).
fn rawurlencode(raw: &str) -> String {
    raw.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
