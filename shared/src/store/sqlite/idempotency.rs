//! Idempotency keys with an expiry checked on read (rows are reaped lazily).

use super::SqliteStore;
use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use crate::store::{Idempotency, PutOutcome};
use async_trait::async_trait;
use rusqlite::params;
use std::time::Duration;

#[async_trait]
impl Idempotency for SqliteStore {
    async fn claim_idempotency_key(
        &self,
        tenant: &TenantId,
        key: &str,
        ttl: Duration,
    ) -> Result<PutOutcome<()>> {
        let (t, k) = (tenant.to_string(), key.to_owned());
        let now = now_ms();
        let expires = now + ttl.as_millis() as i64;
        self.db
            .call(move |c| {
                let claimed = c.execute(
                    "INSERT INTO idempotency (tenant, key, expires_at_ms) VALUES (?1, ?2, ?3)
                     ON CONFLICT (tenant, key) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
                     WHERE idempotency.expires_at_ms <= ?4",
                    params![t, k, expires, now],
                )?;
                Ok(if claimed == 1 {
                    PutOutcome::Created
                } else {
                    PutOutcome::Exists(())
                })
            })
            .await
    }

    async fn has_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<bool> {
        let (t, k) = (tenant.to_string(), key.to_owned());
        self.db
            .read(move |c| {
                c.query_row(
                    "SELECT COUNT(*) FROM idempotency WHERE tenant = ?1 AND key = ?2 AND expires_at_ms > ?3",
                    params![t, k, now_ms()],
                    |r| r.get::<_, i64>(0),
                )
            })
            .await
            .map(|n| n > 0)
    }

    async fn release_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<()> {
        let (t, k) = (tenant.to_string(), key.to_owned());
        self.db
            .call(move |c| {
                c.execute(
                    "DELETE FROM idempotency WHERE tenant = ?1 AND key = ?2",
                    params![t, k],
                )
            })
            .await?;
        Ok(())
    }
}
