//! `Store` on the embedded SQLite database. Conditions that DynamoDB checks
//! with condition expressions are checked here inside the same transaction,
//! which the single writer thread serialises.

use super::{Cursor, JournalEntry, Link, LinkKey, PutOutcome, Store};
use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::settings::TenantSettings;
use crate::sqlite::Db;
use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::time::Duration;

mod leases;

/// The embedded store.
#[derive(Clone)]
pub struct SqliteStore {
    db: Db,
}

impl SqliteStore {
    pub fn new(db: Db) -> Self {
        SqliteStore { db }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(Error::storage)
}

fn from_json<T: serde::de::DeserializeOwned>(raw: &str) -> rusqlite::Result<T> {
    serde_json::from_str(raw).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn read_link(conn: &Connection, tenant: &str, sort_key: &str) -> rusqlite::Result<Option<Link>> {
    let row: Option<(String, u64)> = conn
        .query_row(
            "SELECT body, version FROM links WHERE tenant = ?1 AND sort_key = ?2",
            params![tenant, sort_key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(body, version)| from_json::<Link>(&body).map(|link| Link { version, ..link }))
        .transpose()
}

#[async_trait]
impl Store for SqliteStore {
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

    async fn get_link(&self, key: &LinkKey) -> Result<Option<Link>> {
        let (tenant, sk) = (key.tenant.to_string(), key.sort_key());
        self.db.read(move |c| read_link(c, &tenant, &sk)).await
    }

    async fn put_link_if_absent(&self, key: &LinkKey, link: &Link) -> Result<PutOutcome<Link>> {
        let (tenant, sk, group, body) = (
            key.tenant.to_string(),
            key.sort_key(),
            link.group.clone(),
            to_json(link)?,
        );
        let version = link.version;
        self.db
            .call(move |c| {
                if let Some(existing) = read_link(c, &tenant, &sk)? {
                    return Ok(PutOutcome::Exists(existing));
                }
                c.execute(
                    "INSERT INTO links (tenant, sort_key, link_group, body, version) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![tenant, sk, group, body, version],
                )?;
                Ok(PutOutcome::Created)
            })
            .await
    }

    async fn replace_link(
        &self,
        key: &LinkKey,
        link: &Link,
        expected_version: u64,
    ) -> Result<PutOutcome<Link>> {
        let (tenant, sk, group, body) = (
            key.tenant.to_string(),
            key.sort_key(),
            link.group.clone(),
            to_json(link)?,
        );
        self.db
            .call(move |c| {
                let changed = c.execute(
                    "UPDATE links SET link_group = ?3, body = ?4, version = version + 1
                     WHERE tenant = ?1 AND sort_key = ?2 AND version = ?5",
                    params![tenant, sk, group, body, expected_version],
                )?;
                if changed == 1 {
                    return Ok(Some(PutOutcome::Created));
                }
                Ok(read_link(c, &tenant, &sk)?.map(PutOutcome::Exists))
            })
            .await?
            .ok_or_else(|| Error::Invalid(format!("no link {key} to replace")))
    }

    async fn links_of_group(&self, tenant: &TenantId, group: &str) -> Result<Vec<(LinkKey, Link)>> {
        let (t, g) = (tenant.to_string(), group.to_owned());
        let rows: Vec<(String, String, u64)> = self
            .db
            .read(move |c| {
                let mut stmt = c.prepare(
                    "SELECT sort_key, body, version FROM links WHERE tenant = ?1 AND link_group = ?2 ORDER BY sort_key",
                )?;
                stmt.query_map(params![t, g], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
            })
            .await?;
        rows.into_iter()
            .map(|(sk, body, version)| {
                let key = parse_sort_key(tenant, &sk)
                    .ok_or_else(|| Error::Storage(format!("bad link key {sk}")))?;
                let link: Link = serde_json::from_str(&body).map_err(Error::storage)?;
                Ok((key, Link { version, ..link }))
            })
            .collect()
    }

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

    async fn get_cursor(&self, tenant: &TenantId, name: &str) -> Result<Option<Cursor>> {
        let (t, n) = (tenant.to_string(), name.to_owned());
        self.db
            .read(move |c| {
                c.query_row(
                    "SELECT value, version FROM cursors WHERE tenant = ?1 AND name = ?2",
                    params![t, n],
                    |r| {
                        Ok(Cursor {
                            value: r.get(0)?,
                            version: r.get(1)?,
                        })
                    },
                )
                .optional()
            })
            .await
    }

    async fn put_cursor(
        &self,
        tenant: &TenantId,
        name: &str,
        value: &str,
        expected_version: u64,
    ) -> Result<PutOutcome<Cursor>> {
        let (t, n, v) = (tenant.to_string(), name.to_owned(), value.to_owned());
        self.db
            .call(move |c| {
                let written = if expected_version == 0 {
                    c.execute(
                        "INSERT INTO cursors (tenant, name, value, version) VALUES (?1, ?2, ?3, 1)
                         ON CONFLICT (tenant, name) DO NOTHING",
                        params![t, n, v],
                    )?
                } else {
                    c.execute(
                        "UPDATE cursors SET value = ?3, version = version + 1
                         WHERE tenant = ?1 AND name = ?2 AND version = ?4",
                        params![t, n, v, expected_version],
                    )?
                };
                if written == 1 {
                    return Ok(Some(PutOutcome::Created));
                }
                let current = c
                    .query_row(
                        "SELECT value, version FROM cursors WHERE tenant = ?1 AND name = ?2",
                        params![t, n],
                        |r| {
                            Ok(Cursor {
                                value: r.get(0)?,
                                version: r.get(1)?,
                            })
                        },
                    )
                    .optional()?;
                Ok(current.map(PutOutcome::Exists))
            })
            .await?
            .ok_or_else(|| {
                Error::Invalid(format!("no cursor {name} at version {expected_version}"))
            })
    }

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

    async fn try_acquire_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        leases::acquire(&self.db, tenant.to_string(), name.into(), owner.into(), ttl).await
    }

    async fn renew_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        leases::renew(&self.db, tenant.to_string(), name.into(), owner.into(), ttl).await
    }

    async fn release_lease(&self, tenant: &TenantId, name: &str, owner: &str) -> Result<()> {
        leases::release(&self.db, tenant.to_string(), name.into(), owner.into()).await
    }

    async fn get_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        keys: &[String],
    ) -> Result<HashMap<String, String>> {
        leases::get_snapshots(&self.db, tenant.to_string(), snapshot.into(), keys.to_vec()).await
    }

    async fn put_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        entries: &[(String, String)],
    ) -> Result<()> {
        leases::put_snapshots(
            &self.db,
            tenant.to_string(),
            snapshot.into(),
            entries.to_vec(),
        )
        .await
    }
}

/// Inverse of `LinkKey::sort_key`: `kind#system#external_id` (the id may contain `#`).
pub(crate) fn parse_sort_key(tenant: &TenantId, sort_key: &str) -> Option<LinkKey> {
    let mut parts = sort_key.splitn(3, '#');
    let kind = crate::model::EntityKind::parse(parts.next()?)?;
    let system = crate::model::System::parse(parts.next()?)?;
    Some(LinkKey::new(tenant, kind, system, parts.next()?))
}
