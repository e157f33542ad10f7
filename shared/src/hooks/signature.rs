//! Webhook signatures: `X-Synclane-Signature: sha256=<hex HMAC-SHA256 of the
//! raw body with the tenant's secret>`, compared in constant time.

use super::ApiError;
use crate::secret::Secret;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "x-synclane-signature";

/// Accepts the request only if its signature matches the body.
pub fn verify(secret: &Secret, headers: &http::HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    let given = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("sha256="))
        .and_then(|hex_sig| hex::decode(hex_sig.trim()).ok())
        .ok_or(ApiError::BadSignature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .map_err(|_| ApiError::BadSignature)?;
    mac.update(body);
    mac.verify_slice(&given).map_err(|_| ApiError::BadSignature)
}

/// The header value for `body` (used by the demo, tests and our extension's docs).
pub fn sign(secret: &Secret, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC takes any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}
