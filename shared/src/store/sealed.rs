//! `SealedTenants`: a decorator of the tenants capability that keeps
//! tenants' secrets (peer credentials, webhook secrets) encrypted at rest
//! with a KMS key, envelope style (see `envelope`). Everything but the
//! settings' `Secret` fields passes through unchanged, so the decorated
//! store still obeys the port's contract; the other capabilities are not
//! touched (`Store::with_tenants`).
//!
//! The Lambda functions always read settings through it; a secret found in
//! clear in the table is refused rather than used, so a write that bypassed
//! the sealing shows up at once.

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
