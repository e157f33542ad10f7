//! `Store` on the embedded SQLite database. Conditions that DynamoDB checks
//! with condition expressions are checked here inside the same transaction,
//! which the single writer thread serialises.

use super::{Link, LinkKey};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::sqlite::Db;
use rusqlite::{Connection, OptionalExtension, params};

mod accounts;
mod cursors;
mod dead_letters;
mod idempotency;
mod journal;
mod leases;
mod links;
mod snapshots;
mod tenants;
mod usage;

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

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(Error::storage)
}

pub(super) fn from_json<T: serde::de::DeserializeOwned>(raw: &str) -> rusqlite::Result<T> {
    serde_json::from_str(raw).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

pub(super) fn read_link(
    conn: &Connection,
    tenant: &str,
    sort_key: &str,
) -> rusqlite::Result<Option<Link>> {
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

/// Inverse of `LinkKey::sort_key`: `kind#system#external_id` (the id may contain `#`).
pub(crate) fn parse_sort_key(tenant: &TenantId, sort_key: &str) -> Option<LinkKey> {
    let mut parts = sort_key.splitn(3, '#');
    let kind = crate::model::EntityKind::parse(parts.next()?)?;
    let system = crate::model::System::parse(parts.next()?)?;
    Some(LinkKey::new(tenant, kind, system, parts.next()?))
}
