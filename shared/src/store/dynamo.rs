//! `DynamoStore`: the `Store` port on one DynamoDB table (single-table design).
//!
//! # Schema (`template.yaml` declares the same)
//!
//! - key: `pk` (S, HASH) + `sk` (S, RANGE); billing mode PAY_PER_REQUEST;
//! - global secondary index `gsi1`: `gsi1pk` (S, HASH) + `gsi1sk` (S, RANGE),
//!   projection ALL;
//! - TTL on `expires_at` (N, unix seconds).
//!
//! | item            | pk           | sk                                 | gsi1pk                  | gsi1sk      | other attributes                            |
//! |-----------------|--------------|------------------------------------|-------------------------|-------------|---------------------------------------------|
//! | tenant settings | `T#{tenant}` | `SETTINGS`                         | `TENANTS`               | `{tenant}`  | `data` (S, JSON `TenantSettings`)           |
//! | link            | `T#{tenant}` | `L#{kind}#{system}#{external_id}`  | `T#{tenant}#G#{group}`  | same as sk  | `data` (S, JSON `Link`), `version` (N)      |
//! | idempotency key | `T#{tenant}` | `I#{key}`                          |                         |             | `expires_at` (N, s), `expires_ms` (N, ms)   |
//! | cursor          | `T#{tenant}` | `C#{name}`                         |                         |             | `value` (S), `version` (N)                  |
//! | journal entry   | `T#{tenant}` | `J#{at_ms:013}#{uuid}`             |                         |             | `data` (S, JSON entry), `expires_at`, `expires_ms` |
//! | lease           | `T#{tenant}` | `E#{name}`                         |                         |             | `owner` (S), `expires_at`, `expires_ms`     |
//! | snapshot entry  | `T#{tenant}#S#{snapshot}` | `{key}`               |                         |             | `v` (S)                                     |
//!
//! Links, idempotency keys and cursors also carry `writer` (S): a token per
//! conditional write, so an SDK retry of a write that had landed is not
//! mistaken for losing the race (see `conditional`).
//!
//! DynamoDB deletes expired items lazily (up to days late), so reads and
//! claims compare the exact `expires_ms` with the current time themselves;
//! `expires_at` (rounded up to whole seconds) only feeds the TTL reaper.
//!
//! Reads of single items are strongly consistent. `list_tenants` and
//! `links_of_group` read the GSI, which is eventually consistent on AWS.

mod attrs;
mod conditional;
mod cursors;
mod idempotency;
mod journal;
mod leases;
mod links;
mod schema;
mod snapshots;
mod tenants;

use crate::error::Result;
use crate::model::TenantId;
use crate::settings::TenantSettings;
use crate::store::{Cursor, JournalEntry, Link, LinkKey, PutOutcome, Store};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// The `Store` on a DynamoDB table created by [`DynamoStore::create_table`]. Cheap to clone.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    table: Arc<str>,
}

impl DynamoStore {
    /// A store on `table`; the table must already exist (see [`DynamoStore::create_table`]).
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoStore {
            client,
            table: Arc::from(table.into()),
        }
    }

    /// The table this store writes to.
    pub fn table(&self) -> &str {
        &self.table
    }
}

#[async_trait]
impl Store for DynamoStore {
    async fn put_tenant(&self, settings: &TenantSettings) -> Result<()> {
        self.tenant_put(settings).await
    }

    async fn get_tenant(&self, tenant: &TenantId) -> Result<Option<TenantSettings>> {
        self.tenant_get(tenant).await
    }

    async fn list_tenants(&self) -> Result<Vec<TenantId>> {
        self.tenant_list().await
    }

    async fn get_link(&self, key: &LinkKey) -> Result<Option<Link>> {
        self.link_get(key).await
    }

    async fn put_link_if_absent(&self, key: &LinkKey, link: &Link) -> Result<PutOutcome<Link>> {
        self.link_put_if_absent(key, link).await
    }

    async fn replace_link(
        &self,
        key: &LinkKey,
        link: &Link,
        expected_version: u64,
    ) -> Result<PutOutcome<Link>> {
        self.link_replace(key, link, expected_version).await
    }

    async fn links_of_group(&self, tenant: &TenantId, group: &str) -> Result<Vec<(LinkKey, Link)>> {
        self.link_group(tenant, group).await
    }

    async fn claim_idempotency_key(
        &self,
        tenant: &TenantId,
        key: &str,
        ttl: Duration,
    ) -> Result<PutOutcome<()>> {
        self.idempotency_claim(tenant, key, ttl).await
    }

    async fn has_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<bool> {
        self.idempotency_exists(tenant, key).await
    }

    async fn release_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<()> {
        self.idempotency_release(tenant, key).await
    }

    async fn get_cursor(&self, tenant: &TenantId, name: &str) -> Result<Option<Cursor>> {
        self.cursor_get(tenant, name).await
    }

    async fn put_cursor(
        &self,
        tenant: &TenantId,
        name: &str,
        value: &str,
        expected_version: u64,
    ) -> Result<PutOutcome<Cursor>> {
        self.cursor_put(tenant, name, value, expected_version).await
    }

    async fn append_journal(
        &self,
        tenant: &TenantId,
        entry: &JournalEntry,
        ttl: Duration,
    ) -> Result<()> {
        self.journal_append(tenant, entry, ttl).await
    }

    async fn list_journal(&self, tenant: &TenantId, limit: usize) -> Result<Vec<JournalEntry>> {
        self.journal_list(tenant, limit).await
    }

    async fn try_acquire_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        self.lease_acquire(tenant, name, owner, ttl).await
    }

    async fn renew_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        self.lease_renew(tenant, name, owner, ttl).await
    }

    async fn release_lease(&self, tenant: &TenantId, name: &str, owner: &str) -> Result<()> {
        self.lease_release(tenant, name, owner).await
    }

    async fn get_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        keys: &[String],
    ) -> Result<HashMap<String, String>> {
        self.snapshot_get(tenant, snapshot, keys).await
    }

    async fn put_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        entries: &[(String, String)],
    ) -> Result<()> {
        self.snapshot_put(tenant, snapshot, entries).await
    }
}
