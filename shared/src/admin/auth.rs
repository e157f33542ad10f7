//! The admin bearer token. Only its SHA-256 is configured (`ADMIN_TOKEN_SHA256`),
//! so the deployment never holds the token itself; the token must be long and
//! random (e.g. `openssl rand -hex 32`), which makes its hash safe to keep.

use super::AdminState;
use crate::error::{Error, Result};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The environment variable holding the token's hex SHA-256.
pub const ADMIN_TOKEN_SHA256: &str = "ADMIN_TOKEN_SHA256";

/// What a presented token must hash to.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminToken([u8; 32]);

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminToken(***)")
    }
}

impl AdminToken {
    /// From the token itself (tests, local tools).
    pub fn from_token(token: &str) -> Self {
        AdminToken(Sha256::digest(token.as_bytes()).into())
    }

    /// From a hex SHA-256, as `ADMIN_TOKEN_SHA256` holds it.
    pub fn from_sha256_hex(hex_digest: &str) -> Result<Self> {
        let bytes = hex::decode(hex_digest.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| Error::Invalid(format!("{ADMIN_TOKEN_SHA256} is not a hex SHA-256")))?;
        Ok(AdminToken(bytes))
    }

    /// From `ADMIN_TOKEN_SHA256`.
    pub fn from_env() -> Result<Self> {
        Self::from_sha256_hex(&crate::env::required(ADMIN_TOKEN_SHA256)?)
    }

    /// Whether `token` is the admin token (compares digests in constant time).
    pub fn accepts(&self, token: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        presented
            .iter()
            .zip(self.0.iter())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
    }
}

/// Refuses a request without `Authorization: Bearer <admin token>` with 401.
pub(super) async fn require_token(
    State(state): State<AdminState>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match presented {
        Some(token) if state.token.accepts(token.trim()) => next.run(request).await,
        _ => (
            [(http::header::WWW_AUTHENTICATE, "Bearer")],
            crate::hooks::ApiError::Unauthorized,
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_the_token_whose_hash_is_configured() {
        let hash = hex::encode(Sha256::digest(b"s3cret-admin"));
        let token = AdminToken::from_sha256_hex(&hash).unwrap();
        assert!(token.accepts("s3cret-admin"));
        assert!(!token.accepts("s3cret-admin "));
        assert!(!token.accepts(""));
        assert_eq!(token, AdminToken::from_token("s3cret-admin"));
        assert!(AdminToken::from_sha256_hex("abc").is_err());
        assert_eq!(format!("{token:?}"), "AdminToken(***)");
    }
}
