//! Leases on SQLite. The writer thread runs each call in one
//! transaction, so the conditions below are checked and applied atomically,
//! as DynamoDB's condition expressions are.

use super::SqliteStore;
use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use crate::sqlite::Db;
use crate::store::Leases;
use async_trait::async_trait;
use rusqlite::params;
use std::time::Duration;

fn ttl_ms(ttl: Duration) -> i64 {
    i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX)
}

pub(super) async fn acquire(
    db: &Db,
    tenant: String,
    name: String,
    owner: String,
    ttl: Duration,
) -> Result<bool> {
    let now = now_ms();
    let expires = now.saturating_add(ttl_ms(ttl));
    db.call(move |c| {
        let n = c.execute(
            "INSERT INTO leases (tenant, name, owner, expires_at_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (tenant, name) DO UPDATE SET owner = excluded.owner, expires_at_ms = excluded.expires_at_ms
             WHERE leases.expires_at_ms <= ?5 OR leases.owner = excluded.owner",
            params![tenant, name, owner, expires, now],
        )?;
        Ok(n == 1)
    })
    .await
}

pub(super) async fn renew(
    db: &Db,
    tenant: String,
    name: String,
    owner: String,
    ttl: Duration,
) -> Result<bool> {
    let expires = now_ms().saturating_add(ttl_ms(ttl));
    db.call(move |c| {
        let n = c.execute(
            "UPDATE leases SET expires_at_ms = ?4 WHERE tenant = ?1 AND name = ?2 AND owner = ?3",
            params![tenant, name, owner, expires],
        )?;
        Ok(n == 1)
    })
    .await
}

pub(super) async fn release(db: &Db, tenant: String, name: String, owner: String) -> Result<()> {
    db.call(move |c| {
        c.execute(
            "DELETE FROM leases WHERE tenant = ?1 AND name = ?2 AND owner = ?3",
            params![tenant, name, owner],
        )
    })
    .await?;
    Ok(())
}

#[async_trait]
impl Leases for SqliteStore {
    async fn try_acquire_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        acquire(&self.db, tenant.to_string(), name.into(), owner.into(), ttl).await
    }

    async fn renew_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        renew(&self.db, tenant.to_string(), name.into(), owner.into(), ttl).await
    }

    async fn release_lease(&self, tenant: &TenantId, name: &str, owner: &str) -> Result<()> {
        release(&self.db, tenant.to_string(), name.into(), owner.into()).await
    }
}
