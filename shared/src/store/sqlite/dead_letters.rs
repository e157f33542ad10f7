//! Dead-letter records, one row per tenant and message id.

use super::{SqliteStore, from_json, to_json};
use crate::error::Result;
use crate::model::TenantId;
use crate::store::{DeadLetter, DeadLetters};
use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};

#[async_trait]
impl DeadLetters for SqliteStore {
    async fn put_dead_letter(&self, tenant: &TenantId, letter: &DeadLetter) -> Result<()> {
        let (t, id, at, body) = (
            tenant.to_string(),
            letter.id.clone(),
            letter.at_ms,
            to_json(letter)?,
        );
        self.db
            .call(move |c| {
                c.execute(
                    "INSERT INTO dead_letters (tenant, id, at_ms, body) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (tenant, id) DO UPDATE SET at_ms = excluded.at_ms, body = excluded.body",
                    params![t, id, at, body],
                )
            })
            .await?;
        Ok(())
    }

    async fn list_dead_letters(&self, tenant: &TenantId, limit: usize) -> Result<Vec<DeadLetter>> {
        let t = tenant.to_string();
        self.db
            .read(move |c| {
                let mut stmt = c.prepare(
                    "SELECT body FROM dead_letters WHERE tenant = ?1 ORDER BY at_ms, id LIMIT ?2",
                )?;
                stmt.query_map(params![t, limit as i64], |r| {
                    from_json::<DeadLetter>(&r.get::<_, String>(0)?)
                })?
                .collect()
            })
            .await
    }

    async fn get_dead_letter(&self, tenant: &TenantId, id: &str) -> Result<Option<DeadLetter>> {
        let (t, id) = (tenant.to_string(), id.to_owned());
        self.db
            .read(move |c| {
                c.query_row(
                    "SELECT body FROM dead_letters WHERE tenant = ?1 AND id = ?2",
                    params![t, id],
                    |r| from_json::<DeadLetter>(&r.get::<_, String>(0)?),
                )
                .optional()
            })
            .await
    }

    async fn remove_dead_letter(&self, tenant: &TenantId, id: &str) -> Result<bool> {
        let (t, id) = (tenant.to_string(), id.to_owned());
        self.db
            .call(move |c| {
                c.execute(
                    "DELETE FROM dead_letters WHERE tenant = ?1 AND id = ?2",
                    params![t, id],
                )
            })
            .await
            .map(|removed| removed == 1)
    }
}
