//! Tenant settings, one row per tenant (JSON).

use super::{SqliteStore, to_json};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::settings::TenantSettings;
use crate::store::Tenants;
use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};

#[async_trait]
impl Tenants for SqliteStore {
    async fn put_tenant(&self, settings: &TenantSettings) -> Result<()> {
        let (id, body) = (settings.id.to_string(), to_json(settings)?);
        self.db
            .call(move |c| {
                c.execute(
                    "INSERT INTO tenants (id, settings) VALUES (?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET settings = excluded.settings",
                    params![id, body],
                )
            })
            .await?;
        Ok(())
    }

    async fn get_tenant(&self, tenant: &TenantId) -> Result<Option<TenantSettings>> {
        let id = tenant.to_string();
        let body: Option<String> = self
            .db
            .read(move |c| {
                c.query_row("SELECT settings FROM tenants WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()
            })
            .await?;
        body.map(|b| serde_json::from_str(&b).map_err(Error::storage))
            .transpose()
    }

    async fn list_tenants(&self) -> Result<Vec<TenantId>> {
        let ids: Vec<String> = self
            .db
            .read(|c| {
                let mut stmt = c.prepare("SELECT id FROM tenants ORDER BY id")?;
                stmt.query_map([], |r| r.get(0))?.collect()
            })
            .await?;
        Ok(ids.iter().filter_map(|id| TenantId::parse(id)).collect())
    }
}
