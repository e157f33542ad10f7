//! The journal: entries with an expiry, newest first.

use super::{SqliteStore, to_json};
use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Journal, JournalEntry};
use async_trait::async_trait;
use rusqlite::params;
use std::time::Duration;

#[async_trait]
impl Journal for SqliteStore {
    async fn append_journal(
        &self,
        tenant: &TenantId,
        entry: &JournalEntry,
        ttl: Duration,
    ) -> Result<()> {
        let (t, body, at) = (tenant.to_string(), to_json(entry)?, entry.at_ms);
        let expires = now_ms() + ttl.as_millis() as i64;
        self.db
            .call(move |c| {
                c.execute(
                    "INSERT INTO journal (tenant, at_ms, body, expires_at_ms) VALUES (?1, ?2, ?3, ?4)",
                    params![t, at, body, expires],
                )?;
                // Expired entries are never read again: drop them while we are here.
                c.execute("DELETE FROM journal WHERE tenant = ?1 AND expires_at_ms <= ?2", params![t, now_ms()])
            })
            .await?;
        Ok(())
    }

    async fn list_journal(&self, tenant: &TenantId, limit: usize) -> Result<Vec<JournalEntry>> {
        let t = tenant.to_string();
        let bodies: Vec<String> = self
            .db
            .read(move |c| {
                let mut stmt = c.prepare(
                    "SELECT body FROM journal WHERE tenant = ?1 AND expires_at_ms > ?2
                     ORDER BY at_ms DESC, seq DESC LIMIT ?3",
                )?;
                stmt.query_map(params![t, now_ms(), limit as i64], |r| r.get(0))?
                    .collect()
            })
            .await?;
        bodies
            .iter()
            .map(|b| serde_json::from_str(b).map_err(Error::storage))
            .collect()
    }
}
