//! `SealedTenants`: a decorator of the tenants capability that keeps
//! tenants' secrets (peer credentials, webhook secrets) encrypted at rest
//! with a KMS key, envelope style (see `envelope`). Everything but the
//! settings' `Secret` fields passes through unchanged, so the decorated
//! store still obeys the port's contract; the other capabilities are not
//! touched (`Store::with_tenants`).
//!
//! The Lambda functions always read settings through it; a secret found in
//! clear in the table is refused rather than used, so a write that bypassed
//! the sealing shows up at once. The local process seals with a key file's
//! master key instead of KMS (`SealedTenants::local`), and seals at start
//! what an older release stored in clear (`seal_stored`).

mod envelope;

use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::secret::Secret;
use crate::settings::TenantSettings;
use crate::store::Tenants;
use async_trait::async_trait;
use envelope::{Sealer, is_sealed};
use std::sync::Arc;

/// Seals `TenantSettings` secrets on write and opens them on read.
#[derive(Clone)]
pub struct SealedTenants {
    inner: Arc<dyn Tenants>,
    sealer: Sealer,
}

impl SealedTenants {
    /// Wraps `inner`; `key_id` is the KMS key (id, ARN or alias) that wraps the data keys.
    pub fn new(
        inner: Arc<dyn Tenants>,
        kms: aws_sdk_kms::Client,
        key_id: impl Into<String>,
    ) -> Self {
        SealedTenants {
            inner,
            sealer: Sealer::new(kms, key_id.into()),
        }
    }

    /// Wraps `inner`, sealing with a local 256-bit master key (the local
    /// process's key file, `runtime::key_file`).
    pub fn local(inner: Arc<dyn Tenants>, master: [u8; 32]) -> Self {
        SealedTenants {
            inner,
            sealer: Sealer::local(master),
        }
    }

    /// Seals the secrets of every stored tenant that still holds one in
    /// clear (a database of a release that did not seal); returns how many
    /// tenants were sealed.
    pub async fn seal_stored(&self) -> Result<usize> {
        let mut sealed = 0;
        for tenant in self.inner.list_tenants().await? {
            let Some(mut stored) = self.inner.get_tenant(&tenant).await? else {
                continue;
            };
            let in_clear = stored
                .secrets_mut()
                .into_iter()
                .any(|(_, s)| !s.is_empty() && !is_sealed(s.expose()));
            if in_clear {
                // Mixed (some sealed): open those, then seal all afresh.
                let mut plain = stored.clone();
                for (name, secret) in plain.secrets_mut() {
                    if is_sealed(secret.expose()) {
                        let aad = aad(tenant.as_str(), name);
                        *secret = Secret::new(
                            self.sealer
                                .open(tenant.as_str(), &aad, secret.expose())
                                .await?,
                        );
                    }
                }
                self.put_tenant(&plain).await?;
                sealed += 1;
            }
        }
        Ok(sealed)
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
impl Tenants for SealedTenants {
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
}
