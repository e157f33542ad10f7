//! Snapshot entries: the last value pushed per key.

use super::SqliteStore;
use crate::error::Result;
use crate::model::TenantId;
use crate::sqlite::Db;
use crate::store::Snapshots;
use async_trait::async_trait;
use rusqlite::params;
use std::collections::HashMap;

/// SQLite allows 32766 bound parameters; stay far below for short statements.
const KEYS_PER_SELECT: usize = 500;

#[async_trait]
impl Snapshots for SqliteStore {
    async fn get_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        keys: &[String],
    ) -> Result<HashMap<String, String>> {
        get_snapshots(&self.db, tenant.to_string(), snapshot.into(), keys.to_vec()).await
    }

    async fn put_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        entries: &[(String, String)],
    ) -> Result<()> {
        put_snapshots(
            &self.db,
            tenant.to_string(),
            snapshot.into(),
            entries.to_vec(),
        )
        .await
    }
}

async fn get_snapshots(
    db: &Db,
    tenant: String,
    snapshot: String,
    keys: Vec<String>,
) -> Result<HashMap<String, String>> {
    db.call(move |c| {
        let mut found = HashMap::new();
        for chunk in keys.chunks(KEYS_PER_SELECT) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT key, value FROM snapshots WHERE tenant = ? AND name = ? AND key IN ({marks})"
            );
            let mut stmt = c.prepare_cached(&sql)?;
            let args = [&tenant, &snapshot].into_iter().chain(chunk.iter());
            let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (k, v) = row?;
                found.insert(k, v);
            }
        }
        Ok(found)
    })
    .await
}

async fn put_snapshots(
    db: &Db,
    tenant: String,
    snapshot: String,
    entries: Vec<(String, String)>,
) -> Result<()> {
    db.call(move |c| {
        let mut stmt = c.prepare_cached(
            "INSERT INTO snapshots (tenant, name, key, value) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (tenant, name, key) DO UPDATE SET value = excluded.value",
        )?;
        for (k, v) in &entries {
            stmt.execute(params![tenant, snapshot, k, v])?;
        }
        Ok(())
    })
    .await
}
