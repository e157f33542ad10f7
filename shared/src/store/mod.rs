//! The store: tenant settings, links between records of different systems,
//! idempotency keys, versioned registers (cursors, rate windows,
//! checkpoints), the journal, leases (one holder at a time, e.g. one stock
//! run per tenant), snapshots (the last value pushed per key, for delta
//! pushes), usage counters (written with a done-key: `usage`), dead
//! letters (`dead_letters`) and tenant accounts with their API keys
//! (`accounts`).
//!
//! Each capability is its own trait, and `Store` bundles one handle per
//! capability: callers take the narrowest one they need (`&dyn Links`), and
//! a decorator replaces one capability without forwarding the others
//! (`sealed::SealedTenants` wraps only tenant settings). Two backends obey
//! one contract (see the e2e `store_conformance`): `SqliteStore` (embedded,
//! the local runtime) and `DynamoStore` (AWS), each implementing every
//! capability in a file of its own. Every write that decides "who was
//! first" is conditional, and a lost condition is reported as an outcome,
//! not as an error.

mod accounts;
mod dead_letters;
mod dynamo;
mod sealed;
mod sqlite;
mod types;
mod usage;

pub use accounts::{Account, Accounts, StoredKey};
pub use dead_letters::{DeadLetter, DeadLetters};
pub use dynamo::DynamoStore;
pub use sealed::SealedTenants;
pub use sqlite::SqliteStore;
pub use types::{Cursor, JournalEntry, Link, LinkKey, LinkState, PutOutcome};
pub use usage::{Day, Meter, Usage, UsageRow};

use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::settings::TenantSettings;
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Tenants' settings.
#[async_trait]
pub trait Tenants: Send + Sync {
    /// Creates or replaces a tenant's settings.
    async fn put_tenant(&self, settings: &TenantSettings) -> Result<()>;
    async fn get_tenant(&self, tenant: &TenantId) -> Result<Option<TenantSettings>>;
    async fn list_tenants(&self) -> Result<Vec<TenantId>>;
}

/// Links between records of different systems.
#[async_trait]
pub trait Links: Send + Sync {
    async fn get_link(&self, key: &LinkKey) -> Result<Option<Link>>;
    /// Writes `link` (as version 1) only if no link exists for `key`; otherwise returns the existing one.
    async fn put_link_if_absent(&self, key: &LinkKey, link: &Link) -> Result<PutOutcome<Link>>;
    /// Replaces the link only if its stored `version` is still `expected_version`;
    /// the written link gets `expected_version + 1`. Returns the current link on conflict;
    /// `Error::Invalid` if no link exists for `key`.
    async fn replace_link(
        &self,
        key: &LinkKey,
        link: &Link,
        expected_version: u64,
    ) -> Result<PutOutcome<Link>>;
    /// Every link of one link group (the records that are "the same thing").
    async fn links_of_group(&self, tenant: &TenantId, group: &str) -> Result<Vec<(LinkKey, Link)>>;
}

/// Keys that say "this was done" for a while.
#[async_trait]
pub trait Idempotency: Send + Sync {
    /// Records `key` as seen for `ttl`. `Created` the first time, `Exists` after.
    async fn claim_idempotency_key(
        &self,
        tenant: &TenantId,
        key: &str,
        ttl: Duration,
    ) -> Result<PutOutcome<()>>;
    /// Whether `key` is claimed and not expired.
    async fn has_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<bool>;
    /// Forgets a claimed key (the work it guarded failed and must be retried).
    async fn release_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<()>;
}

/// Versioned registers: a value with a compare-and-swap version (a feed's
/// cursor, a rate budget's window, a job's checkpoint).
#[async_trait]
pub trait Cursors: Send + Sync {
    async fn get_cursor(&self, tenant: &TenantId, name: &str) -> Result<Option<Cursor>>;
    /// Writes the cursor only if its stored version is `expected_version` (0: absent);
    /// the written cursor gets `expected_version + 1`. `Error::Invalid` if it is absent
    /// while `expected_version > 0`.
    async fn put_cursor(
        &self,
        tenant: &TenantId,
        name: &str,
        value: &str,
        expected_version: u64,
    ) -> Result<PutOutcome<Cursor>>;
}

/// The tenants' journals.
#[async_trait]
pub trait Journal: Send + Sync {
    /// Appends a journal entry that expires after `ttl`.
    async fn append_journal(
        &self,
        tenant: &TenantId,
        entry: &JournalEntry,
        ttl: Duration,
    ) -> Result<()>;
    /// The newest unexpired entries, newest first.
    async fn list_journal(&self, tenant: &TenantId, limit: usize) -> Result<Vec<JournalEntry>>;
}

/// Named leases with one holder at a time and an expiry.
#[async_trait]
pub trait Leases: Send + Sync {
    /// Takes lease `name` for `owner` for `ttl` if it is free, expired, or
    /// already held by `owner` (then it is extended). `true` when `owner` holds it now.
    async fn try_acquire_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool>;
    /// Extends `owner`'s lease to `ttl` from now. `false` when another owner
    /// holds it (or it was released): the caller has lost it and must stop.
    async fn renew_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool>;
    /// Gives the lease up if `owner` holds it; otherwise does nothing.
    async fn release_lease(&self, tenant: &TenantId, name: &str, owner: &str) -> Result<()>;
}

/// The last value pushed per key, per named snapshot.
#[async_trait]
pub trait Snapshots: Send + Sync {
    /// The stored values of those `keys` of snapshot `snapshot` that exist.
    /// Callers pass a page of keys (hundreds to a few thousand), never a whole catalogue.
    async fn get_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        keys: &[String],
    ) -> Result<HashMap<String, String>>;
    /// Writes (creates or replaces) `entries` of snapshot `snapshot`. Not
    /// atomic as a whole: each entry is either old or new after a failure.
    async fn put_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        entries: &[(String, String)],
    ) -> Result<()>;
}

/// A backend that has every capability (`SqliteStore`, `DynamoStore`).
pub trait Backend:
    Tenants
    + Links
    + Idempotency
    + Cursors
    + Journal
    + Leases
    + Snapshots
    + Usage
    + DeadLetters
    + Accounts
    + 'static
{
}

impl<T> Backend for T where
    T: Tenants
        + Links
        + Idempotency
        + Cursors
        + Journal
        + Leases
        + Snapshots
        + Usage
        + DeadLetters
        + Accounts
        + 'static
{
}

/// Durable state of the sync engine: one handle per capability. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub tenants: Arc<dyn Tenants>,
    pub links: Arc<dyn Links>,
    pub idempotency: Arc<dyn Idempotency>,
    pub cursors: Arc<dyn Cursors>,
    pub journal: Arc<dyn Journal>,
    pub leases: Arc<dyn Leases>,
    pub snapshots: Arc<dyn Snapshots>,
    pub usage: Arc<dyn Usage>,
    pub dead_letters: Arc<dyn DeadLetters>,
    pub accounts: Arc<dyn Accounts>,
}

impl Store {
    /// Every capability from one backend.
    pub fn from_backend<B: Backend>(backend: B) -> Store {
        let backend = Arc::new(backend);
        Store {
            tenants: backend.clone(),
            links: backend.clone(),
            idempotency: backend.clone(),
            cursors: backend.clone(),
            journal: backend.clone(),
            leases: backend.clone(),
            snapshots: backend.clone(),
            usage: backend.clone(),
            dead_letters: backend.clone(),
            accounts: backend,
        }
    }

    /// The same store with tenant settings read and written through
    /// `tenants` (e.g. `SealedTenants` around the backend's own).
    pub fn with_tenants(self, tenants: Arc<dyn Tenants>) -> Store {
        Store { tenants, ..self }
    }
}

impl AsRef<Store> for Store {
    fn as_ref(&self) -> &Store {
        self
    }
}

/// The tenant's settings, or `Error::UnknownTenant` (what a worker or job
/// needs before anything else).
pub async fn require_tenant(tenants: &dyn Tenants, tenant: &TenantId) -> Result<TenantSettings> {
    tenants
        .get_tenant(tenant)
        .await?
        .ok_or_else(|| Error::UnknownTenant(tenant.to_string()))
}
