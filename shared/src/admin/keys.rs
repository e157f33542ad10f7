//! Tenant API keys: made, shown once, checked.
//!
//! A key is `slk.{tenant}.{id}.{secret}`: `id` is 12 random hex digits, the
//! public part that names the key in lists; `secret` is 32 random bytes
//! (base64url), so the key cannot be guessed and a plain SHA-256 of it is a
//! safe thing to store (no salt or slow hash is needed against a 256-bit
//! secret). The tenant inside the key lets the check read exactly one item,
//! strongly consistent, in the tenant's own partition: a revoked key fails
//! at once. The store keeps the SHA-256 only; the key itself exists in the
//! answer that issues it and nowhere else.

use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use crate::store::{Accounts, StoredKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What every key starts with (tells a key from the operator token).
pub const KEY_PREFIX: &str = "slk.";
/// A use is recorded at most this often per key (one write a minute, not one a request).
const TOUCH_EVERY_MS: i64 = 60_000;
/// Longest label kept.
pub const MAX_LABEL_CHARS: usize = 100;

/// A key as lists show it: never the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyInfo {
    /// The public id (the third part of the key).
    pub id: String,
    pub label: String,
    /// Unix milliseconds.
    pub created_ms: i64,
    /// Unix milliseconds, to the minute; absent until first used.
    pub last_used_ms: Option<i64>,
}

impl From<&StoredKey> for KeyInfo {
    fn from(key: &StoredKey) -> Self {
        KeyInfo {
            id: key.id.clone(),
            label: key.label.clone(),
            created_ms: key.created_ms,
            last_used_ms: key.last_used_ms,
        }
    }
}

/// A key just issued: the only time `key` is ever shown.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IssuedKey {
    #[serde(flatten)]
    pub info: KeyInfo,
    /// The key itself. Store it now: it cannot be shown again.
    pub key: String,
}

/// Makes a key for `tenant` and stores its hash. `None` when the tenant has
/// no enabled account.
pub async fn issue(
    accounts: &dyn Accounts,
    tenant: &TenantId,
    label: &str,
) -> Result<Option<IssuedKey>> {
    let id = hex::encode(rand::random::<[u8; 6]>());
    let secret = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let key = format!("{KEY_PREFIX}{tenant}.{id}.{secret}");
    let stored = StoredKey {
        tenant: tenant.clone(),
        id,
        label: label.chars().take(MAX_LABEL_CHARS).collect(),
        created_ms: now_ms(),
        last_used_ms: None,
        sha256: hex::encode(Sha256::digest(key.as_bytes())),
    };
    if !accounts.put_key(&stored).await? {
        return Ok(None);
    }
    Ok(Some(IssuedKey {
        info: KeyInfo::from(&stored),
        key,
    }))
}

/// The tenant and key id a presented key claims; `None` if it is not shaped as a key.
pub fn parse(presented: &str) -> Option<(TenantId, &str)> {
    let mut parts = presented.strip_prefix(KEY_PREFIX)?.split('.');
    let (tenant, id, secret) = (parts.next()?, parts.next()?, parts.next()?);
    let id_ok = id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit());
    (id_ok && !secret.is_empty() && parts.next().is_none())
        .then(|| TenantId::parse(tenant).map(|t| (t, id)))
        .flatten()
}

/// Whether two digests are equal, in time that does not depend on where they differ.
pub(super) fn digests_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// The tenant `presented` is a live key of, or `None`.
pub async fn verify(accounts: &dyn Accounts, presented: &str) -> Result<Option<TenantId>> {
    let Some((tenant, id)) = parse(presented) else {
        return Ok(None);
    };
    let Some(stored) = accounts.get_key(&tenant, id).await? else {
        return Ok(None);
    };
    let Ok(expected) = hex::decode(&stored.sha256) else {
        return Ok(None);
    };
    let presented_hash: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
    if !digests_equal(&presented_hash, &expected) {
        return Ok(None);
    }
    let now = now_ms();
    if stored
        .last_used_ms
        .is_none_or(|at| now - at >= TOUCH_EVERY_MS)
    {
        accounts.touch_key(&tenant, id, now).await?;
    }
    Ok(Some(tenant))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_keys_of_the_documented_shape() {
        let (tenant, id) = parse("slk.acme-1.0123456789ab.c2VjcmV0").unwrap();
        assert_eq!((tenant.as_str(), id), ("acme-1", "0123456789ab"));
        for bad in [
            "",
            "slk.acme.0123456789ab.",
            "slk.acme.0123456789.secret",
            "slk.acme.0123456789ag.secret",
            "slk.ac me.0123456789ab.secret",
            "slk.acme.0123456789ab.secret.more",
            "key.acme.0123456789ab.secret",
            "operator-token",
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }
}
