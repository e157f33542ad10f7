//! Usage counters: the done-key and the day's counter in one transaction
//! (the writer thread's savepoint), so the count is exactly once.

use super::SqliteStore;
use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use crate::store::{Day, Meter, PutOutcome, Usage, UsageRow};
use async_trait::async_trait;
use rusqlite::params;
use std::time::Duration;

#[async_trait]
impl Usage for SqliteStore {
    async fn claim_metered(
        &self,
        tenant: &TenantId,
        key: &str,
        ttl: Duration,
        meter: Meter<'_>,
    ) -> Result<PutOutcome<()>> {
        let (t, k) = (tenant.to_string(), key.to_owned());
        let (day, flow) = (meter.day.to_string(), meter.flow.to_owned());
        let now = now_ms();
        let expires = now + ttl.as_millis() as i64;
        self.db
            .call(move |c| {
                // The same claim as `claim_idempotency_key`.
                let claimed = c.execute(
                    "INSERT INTO idempotency (tenant, key, expires_at_ms) VALUES (?1, ?2, ?3)
                     ON CONFLICT (tenant, key) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
                     WHERE idempotency.expires_at_ms <= ?4",
                    params![t, k, expires, now],
                )?;
                if claimed == 0 {
                    return Ok(PutOutcome::Exists(()));
                }
                c.execute(
                    "INSERT INTO usage_counters (tenant, day, flow, operations) VALUES (?1, ?2, ?3, 1)
                     ON CONFLICT (tenant, day, flow) DO UPDATE SET operations = operations + 1",
                    params![t, day, flow],
                )?;
                Ok(PutOutcome::Created)
            })
            .await
    }

    async fn usage(&self, tenant: &TenantId, from: Day, to: Day) -> Result<Vec<UsageRow>> {
        let (t, from, to) = (tenant.to_string(), from.to_string(), to.to_string());
        let rows: Vec<(String, String, i64)> = self
            .db
            .read(move |c| {
                let mut stmt = c.prepare(
                    "SELECT day, flow, operations FROM usage_counters
                     WHERE tenant = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day, flow",
                )?;
                stmt.query_map(params![t, from, to], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect()
            })
            .await?;
        rows.into_iter()
            .map(|(day, flow, operations)| {
                let day = Day::parse(&day).ok_or_else(|| {
                    crate::Error::Storage(format!("usage counter with a bad day {day:?}"))
                })?;
                Ok(UsageRow {
                    day,
                    flow,
                    operations: operations.max(0) as u64,
                })
            })
            .collect()
    }
}
