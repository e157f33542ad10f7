//! WooCommerce webhook deliveries: the headers and the signature check
//! (pure; the hook handler calls it on the raw body before anything else).
//!
//! From `class-wc-webhook.php`: the body is the resource's REST
//! representation (`{"id":N}` for `*.deleted`); `X-WC-Webhook-Signature` is
//! `base64(HMAC-SHA256(raw body, secret))`, where the secret is the stored
//! one after `wp_specialchars_decode` (the alphanumeric secrets we hand out
//! are unchanged by it); `X-WC-Webhook-Delivery-ID` identifies a delivery
//! (our dedupe key). When a webhook is saved active, WooCommerce first posts
//! an unsigned ping, the form body `webhook_id=N`, and keeps the webhook only
//! if it gets exactly 200. Deliveries are not retried, and a webhook is
//! disabled after more than 5 failures in a row: a catch-up poll covers gaps.

use crate::secret::Secret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Why a delivery's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no X-WC-Webhook-Signature header")]
    Missing,
    #[error("the signature is not base64")]
    Malformed,
    #[error("the signature does not match the body")]
    Mismatch,
    /// The tenant has no webhook secret: nothing can be verified.
    #[error("no webhook secret is configured")]
    NoSecret,
}

/// `base64(HMAC-SHA256(body, secret))`, as WooCommerce signs.
pub fn sign(body: &[u8], secret: &Secret) -> String {
    STANDARD.encode(mac(secret, body).finalize().into_bytes())
}

/// Checks `X-WC-Webhook-Signature` (`header`) against the raw body, in
/// constant time.
pub fn verify_signature(
    body: &[u8],
    secret: &Secret,
    header: Option<&str>,
) -> Result<(), SignatureError> {
    if secret.is_empty() {
        return Err(SignatureError::NoSecret);
    }
    let header = header.map(str::trim).filter(|h| !h.is_empty());
    let presented = STANDARD
        .decode(header.ok_or(SignatureError::Missing)?)
        .map_err(|_| SignatureError::Malformed)?;
    mac(secret, body)
        .verify_slice(&presented)
        .map_err(|_| SignatureError::Mismatch)
}

fn mac(secret: &Secret, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length: this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC accepts any key length");
    mac.update(body);
    mac
}

/// The `X-WC-Webhook-*` headers of one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDelivery {
    /// e.g. `customer.updated`.
    pub topic: String,
    /// e.g. `customer`.
    pub resource: String,
    /// e.g. `updated`.
    pub event: String,
    /// Unique per delivery: the dedupe key.
    pub delivery_id: String,
    pub webhook_id: String,
    /// The shop's home URL.
    pub source: String,
}

impl WebhookDelivery {
    /// Reads the headers; `None` if one is missing (the activation ping has none).
    pub fn from_headers(headers: &http::HeaderMap) -> Option<Self> {
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Some(WebhookDelivery {
            topic: get("x-wc-webhook-topic")?,
            resource: get("x-wc-webhook-resource")?,
            event: get("x-wc-webhook-event")?,
            delivery_id: get("x-wc-webhook-delivery-id")?,
            webhook_id: get("x-wc-webhook-id")?,
            source: get("x-wc-webhook-source")?,
        })
    }

    /// The webhook id of an activation ping (`webhook_id=N` form body).
    pub fn ping_id(body: &[u8]) -> Option<u64> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
        match pairs.as_slice() {
            [(k, v)] if k == "webhook_id" => v.parse().ok(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_a_known_vector() {
        // Computed independently: printf '{"id":1}' | openssl dgst -sha256 -hmac s3cret -binary | base64
        let secret = Secret::new("s3cret");
        let body = br#"{"id":1}"#;
        let sig = sign(body, &secret);
        assert_eq!(sig, "Y92rNNpYOOODVF6ckLQPdKTj2qvF3ZqNSaUYda1LJBg=");
        assert_eq!(verify_signature(body, &secret, Some(&sig)), Ok(()));
    }

    #[test]
    fn every_way_to_fail_is_told_apart() {
        let secret = Secret::new("s3cret");
        let body = br#"{"id":1}"#;
        let sig = sign(body, &secret);
        assert_eq!(
            verify_signature(body, &secret, None),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify_signature(body, &secret, Some("not base64!")),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify_signature(br#"{"id":2}"#, &secret, Some(&sig)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(body, &Secret::new("other"), Some(&sig)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(body, &Secret::default(), Some(&sig)),
            Err(SignatureError::NoSecret)
        );
    }

    #[test]
    fn headers_and_ping() {
        let mut h = http::HeaderMap::new();
        for (k, v) in [
            ("X-WC-Webhook-Topic", "customer.updated"),
            ("X-WC-Webhook-Resource", "customer"),
            ("X-WC-Webhook-Event", "updated"),
            ("X-WC-Webhook-Delivery-ID", "abc123"),
            ("X-WC-Webhook-ID", "7"),
            ("X-WC-Webhook-Source", "https://shop.example/"),
        ] {
            h.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        let d = WebhookDelivery::from_headers(&h).unwrap();
        assert_eq!(
            (d.topic.as_str(), d.delivery_id.as_str()),
            ("customer.updated", "abc123")
        );
        h.remove("x-wc-webhook-delivery-id");
        assert_eq!(WebhookDelivery::from_headers(&h), None);
        assert_eq!(WebhookDelivery::ping_id(b"webhook_id=12"), Some(12));
        assert_eq!(WebhookDelivery::ping_id(br#"{"id":1}"#), None);
    }
}
