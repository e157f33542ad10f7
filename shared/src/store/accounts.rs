//! Tenant accounts and their API keys: who may reach a tenant through the
//! admin API. An account is the operator's record that a tenant exists (its
//! settings are the tenant's own, written later with a key); a key is stored
//! as the SHA-256 of the whole key, never the key itself (the key is shown
//! once, when it is issued; see `admin::keys`).
//!
//! Keys sit under their tenant (the key names its tenant), so finding one,
//! listing a tenant's and revoking are strongly consistent reads and writes
//! on both backends: a revoked key stops working at once.

use crate::error::Result;
use crate::model::TenantId;
use crate::store::PutOutcome;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A tenant's account. A disabled account has no keys and gets no new ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Account {
    #[schema(value_type = String)]
    pub tenant: TenantId,
    /// Unix milliseconds.
    pub created_ms: i64,
    pub disabled: bool,
}

/// One API key as stored: never the key, only its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    pub tenant: TenantId,
    /// The key's public id (also inside the key), unique within the tenant.
    pub id: String,
    pub label: String,
    pub created_ms: i64,
    /// When it last opened a request (recorded at most once a minute).
    pub last_used_ms: Option<i64>,
    /// Hex SHA-256 of the whole key.
    pub sha256: String,
}

/// Tenant accounts and their API keys.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates the account unless the tenant has one; then returns that one.
    async fn create_account(&self, account: &Account) -> Result<PutOutcome<Account>>;
    async fn get_account(&self, tenant: &TenantId) -> Result<Option<Account>>;
    /// Every account, by tenant id.
    async fn list_accounts(&self) -> Result<Vec<Account>>;
    /// Disables the account and deletes its keys. `false` when there is no account.
    async fn disable_account(&self, tenant: &TenantId) -> Result<bool>;
    /// Stores a new key, only if its tenant has an enabled account (`false`
    /// otherwise) and it has no key with that id (`Error::Invalid`).
    async fn put_key(&self, key: &StoredKey) -> Result<bool>;
    async fn get_key(&self, tenant: &TenantId, id: &str) -> Result<Option<StoredKey>>;
    /// The tenant's keys, by id.
    async fn list_keys(&self, tenant: &TenantId) -> Result<Vec<StoredKey>>;
    /// Deletes the key. `false` when the tenant has no key `id`.
    async fn revoke_key(&self, tenant: &TenantId, id: &str) -> Result<bool>;
    /// Records a use of the key at `at_ms`; a revoked key stays revoked.
    async fn touch_key(&self, tenant: &TenantId, id: &str, at_ms: i64) -> Result<()>;
}
