//! Who may call an admin route.
//!
//! Two credentials, one per kind of route:
//! - a **tenant key** (`keys`) reaches `/admin/tenants/{tenant}` and every
//!   route under it, for its own tenant only; another tenant's path gets
//!   403 with one fixed body, decided from the key and the path alone, so
//!   nothing about the other tenant is read (no answer or timing difference
//!   tells whether it exists);
//! - the **operator token** reaches the operator routes (`/admin/accounts...`:
//!   tenant accounts and their keys) and nothing else: not a tenant's
//!   settings, journal or data (issue 16: the operator token is for operator
//!   routes only).
//!
//! The operator token's SHA-256 alone is configured (`ADMIN_TOKEN_SHA256`),
//! so the deployment never holds the token itself; the token must be long
//! and random (e.g. `openssl rand -hex 32`), which makes its hash safe to
//! keep. A wrong or missing credential is 401 and counts against its source
//! (`sign_in_limit`): past the limit the source gets 429 with `Retry-After`.
//! The right credential of the wrong kind is 403 and is not counted.

use super::AdminState;
use crate::error::{Error, Result};
use crate::hooks::ApiError;
use crate::model::TenantId;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

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
        super::keys::digests_equal(&presented, &self.0)
    }
}

/// Who signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Principal {
    Operator,
    Tenant(TenantId),
}

/// The route layer of every tenant route: a key of the tenant the path's
/// `{tenant}` names. A route without `{tenant}` is refused (fails closed).
pub(super) async fn tenant_key(
    State(state): State<AdminState>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let path_tenant = RawPathParams::from_request_parts(&mut parts, &state)
        .await
        .ok()
        .and_then(|params| {
            params
                .iter()
                .find(|(name, _)| *name == "tenant")
                .map(|(_, value)| value.to_owned())
        });
    let request = Request::from_parts(parts, body);
    match sign_in(&state, credential(&request)).await {
        Err(refused) => refused,
        Ok(Principal::Tenant(tenant)) if path_tenant.as_deref() == Some(tenant.as_str()) => {
            next.run(request).await
        }
        Ok(_) => ApiError::Forbidden.into_response(),
    }
}

/// The route layer of every operator route: the operator token.
pub(super) async fn operator_token(
    State(state): State<AdminState>,
    request: Request,
    next: Next,
) -> Response {
    match sign_in(&state, credential(&request)).await {
        Err(refused) => refused,
        Ok(Principal::Operator) => next.run(request).await,
        Ok(Principal::Tenant(_)) => ApiError::Forbidden.into_response(),
    }
}

/// The principal of `Authorization: Bearer …`, or the refusal: 429 for a
/// source over its failures, 401 (counted) for a missing or wrong credential.
async fn sign_in(
    state: &AdminState,
    (source, presented): (IpAddr, String),
) -> Result<Principal, Response> {
    if let Some(wait) = state.sign_ins.retry_after(source, Instant::now()) {
        return Err(ApiError::TooManyAttempts(wait.as_secs_f64().ceil() as u64).into_response());
    }
    let presented = presented.as_str();
    let principal = if presented.starts_with(super::keys::KEY_PREFIX) {
        super::keys::verify(state.store.accounts.as_ref(), presented)
            .await
            .map_err(|e| ApiError::Unavailable(e).into_response())?
            .map(Principal::Tenant)
    } else {
        state
            .token
            .accepts(presented)
            .then_some(Principal::Operator)
    };
    principal.ok_or_else(|| {
        state.sign_ins.failed(source, Instant::now());
        tracing::info!(message = "Admin sign-in refused.", %source);
        (
            [(http::header::WWW_AUTHENTICATE, "Bearer")],
            ApiError::Unauthorized,
        )
            .into_response()
    })
}

/// The source address and the bearer credential of `request` (empty when absent).
fn credential(request: &Request) -> (IpAddr, String) {
    let presented = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    (source_address(request), presented.to_owned())
}

/// The client's address: the connection's peer (the local server), or the
/// source API Gateway saw (the Lambda glue puts it in the same place).
/// Unknown: one shared bucket.
fn source_address(request: &Request) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
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
