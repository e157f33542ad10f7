//! Leases and snapshots on SQLite. The writer thread runs each call in one
//! transaction, so the conditions below are checked and applied atomically,
//! as DynamoDB's condition expressions are.

use crate::clock::now_ms;
use crate::error::Result;
use crate::sqlite::Db;
use rusqlite::params;
use std::collections::HashMap;
use std::time::Duration;

/// SQLite allows 32766 bound parameters; stay far below for short statements.
const KEYS_PER_SELECT: usize = 500;

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

pub(super) async fn get_snapshots(
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

pub(super) async fn put_snapshots(
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
