//! `SealedStore`: a `Store` decorator that keeps tenants' secrets (peer
//! credentials, webhook secrets) encrypted at rest with a KMS key, envelope
//! style (see `envelope`). Everything but the settings' `Secret` fields passes
//! through unchanged, so the decorated store still obeys the port's contract.
//!
//! The Lambda functions always read settings through it; a secret found in
//! clear in the table is refused rather than used, so a write that bypassed
//! the sealing shows up at once.

mod envelope;

use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::secret::Secret;
use crate::settings::TenantSettings;
use crate::store::{Cursor, JournalEntry, Link, LinkKey, PutOutcome, Store};
use async_trait::async_trait;
use envelope::{Sealer, is_sealed};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Seals `TenantSettings` secrets on write and opens them on read.
#[derive(Clone)]
pub struct SealedStore {
    inner: Arc<dyn Store>,
    sealer: Sealer,
}

impl SealedStore {
    /// Wraps `inner`; `key_id` is the KMS key (id, ARN or alias) that wraps the data keys.
    pub fn new(inner: Arc<dyn Store>, kms: aws_sdk_kms::Client, key_id: impl Into<String>) -> Self {
        SealedStore {
            inner,
            sealer: Sealer::new(kms, key_id.into()),
        }
    }

    /// The settings as stored: each non-empty secret sealed.
    async fn seal(&self, settings: &TenantSettings) -> Result<TenantSettings> {
        let mut sealed = settings.clone();
        let tenant = settings.id.as_str();
        let mut key = None;
        for (name, secret) in sealed.secrets_mut() {
            if secret.is_empty() {
                continue;
            }
            if key.is_none() {
                key = Some(self.sealer.data_key(tenant).await?);
            }
            let key = key.as_ref().expect("set just above");
            *secret = Secret::new(Sealer::seal(key, &aad(tenant, name), secret.expose()));
        }
        Ok(sealed)
    }

    /// The settings as used: each secret opened.
    async fn open(&self, mut settings: TenantSettings) -> Result<TenantSettings> {
        let tenant = settings.id.to_string();
        for (name, secret) in settings.secrets_mut() {
            if secret.is_empty() {
                continue;
            }
            if !is_sealed(secret.expose()) {
                return Err(Error::Invalid(format!(
                    "tenant {tenant}: {name} is stored unsealed; write the settings through the admin API"
                )));
            }
            let plain = self
                .sealer
                .open(&tenant, &aad(&tenant, name), secret.expose())
                .await?;
            *secret = Secret::new(plain);
        }
        Ok(settings)
    }
}

/// Binds a sealed value to its tenant and field: it cannot be moved to another.
fn aad(tenant: &str, field: &str) -> String {
    format!("synclane/{tenant}/{field}")
}

#[async_trait]
impl Store for SealedStore {
    async fn put_tenant(&self, settings: &TenantSettings) -> Result<()> {
        let sealed = self.seal(settings).await?;
        self.inner.put_tenant(&sealed).await
    }

    async fn get_tenant(&self, tenant: &TenantId) -> Result<Option<TenantSettings>> {
        match self.inner.get_tenant(tenant).await? {
            Some(stored) => Ok(Some(self.open(stored).await?)),
            None => Ok(None),
        }
    }

    async fn list_tenants(&self) -> Result<Vec<TenantId>> {
        self.inner.list_tenants().await
    }

    async fn get_link(&self, key: &LinkKey) -> Result<Option<Link>> {
        self.inner.get_link(key).await
    }

    async fn put_link_if_absent(&self, key: &LinkKey, link: &Link) -> Result<PutOutcome<Link>> {
        self.inner.put_link_if_absent(key, link).await
    }

    async fn replace_link(
        &self,
        key: &LinkKey,
        link: &Link,
        expected_version: u64,
    ) -> Result<PutOutcome<Link>> {
        self.inner.replace_link(key, link, expected_version).await
    }

    async fn links_of_group(&self, tenant: &TenantId, group: &str) -> Result<Vec<(LinkKey, Link)>> {
        self.inner.links_of_group(tenant, group).await
    }

    async fn claim_idempotency_key(
        &self,
        tenant: &TenantId,
        key: &str,
        ttl: Duration,
    ) -> Result<PutOutcome<()>> {
        self.inner.claim_idempotency_key(tenant, key, ttl).await
    }

    async fn has_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<bool> {
        self.inner.has_idempotency_key(tenant, key).await
    }

    async fn release_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<()> {
        self.inner.release_idempotency_key(tenant, key).await
    }

    async fn get_cursor(&self, tenant: &TenantId, name: &str) -> Result<Option<Cursor>> {
        self.inner.get_cursor(tenant, name).await
    }

    async fn put_cursor(
        &self,
        tenant: &TenantId,
        name: &str,
        value: &str,
        expected_version: u64,
    ) -> Result<PutOutcome<Cursor>> {
        self.inner
            .put_cursor(tenant, name, value, expected_version)
            .await
    }

    async fn append_journal(
        &self,
        tenant: &TenantId,
        entry: &JournalEntry,
        ttl: Duration,
    ) -> Result<()> {
        self.inner.append_journal(tenant, entry, ttl).await
    }

    async fn list_journal(&self, tenant: &TenantId, limit: usize) -> Result<Vec<JournalEntry>> {
        self.inner.list_journal(tenant, limit).await
    }

    async fn try_acquire_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        self.inner.try_acquire_lease(tenant, name, owner, ttl).await
    }

    async fn renew_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        self.inner.renew_lease(tenant, name, owner, ttl).await
    }

    async fn release_lease(&self, tenant: &TenantId, name: &str, owner: &str) -> Result<()> {
        self.inner.release_lease(tenant, name, owner).await
    }

    async fn get_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        keys: &[String],
    ) -> Result<HashMap<String, String>> {
        self.inner.get_snapshots(tenant, snapshot, keys).await
    }

    async fn put_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        entries: &[(String, String)],
    ) -> Result<()> {
        self.inner.put_snapshots(tenant, snapshot, entries).await
    }
}
