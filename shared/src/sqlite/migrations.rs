//! Numbered schema migrations. The file's `PRAGMA user_version` says how
//! many of `MIGRATIONS` it has; opening applies the rest in order, each in
//! its own transaction together with its new version number, so a crash
//! mid-upgrade leaves the file at the last whole step.
//!
//! Version 1 is the schema of the releases before versioning (they left
//! `user_version` at 0): a file at 0 that already has the tables is such a
//! release's file and is stamped 1 without changes. A file at a version
//! past the list was written by a newer release; it is refused before any
//! read or write, since this binary cannot know what the newer columns mean.
//!
//! Adding a migration: append a step; never edit or reorder a released one.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};

/// Step `i` takes a file from version `i` to version `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

/// The schema version this binary writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Brings the file to `LATEST`, or refuses it when it is newer.
pub(super) fn migrate(conn: &Connection) -> Result<()> {
    let mut version = refuse_newer(conn)?;
    if version == 0 && has_unversioned_tables(conn)? {
        stamp(conn, 1, "")?;
        version = 1;
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        stamp(conn, step as i64 + 1, sql)?;
    }
    Ok(())
}

/// The file's schema version, or `SchemaTooNew` when this binary does not
/// know it. Checked before the connection changes anything in the file.
pub(super) fn refuse_newer(conn: &Connection) -> Result<i64> {
    let version = user_version(conn)?;
    if version > LATEST {
        return Err(Error::SchemaTooNew {
            found: version,
            known: LATEST,
        });
    }
    Ok(version)
}

/// The file's schema version.
pub fn user_version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(Error::storage)
}

/// A file from before versioning: its tables are there, its version is 0.
fn has_unversioned_tables(conn: &Connection) -> Result<bool> {
    conn.query_row(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'queue_messages'",
        [],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
    .map_err(Error::storage)
}

/// Runs `sql` and sets the version to `to`, both or neither.
fn stamp(conn: &Connection, to: i64, sql: &str) -> Result<()> {
    let run = || -> rusqlite::Result<()> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", to)?;
        conn.execute_batch("COMMIT")
    };
    run().map_err(|e| {
        let _ = conn.execute_batch("ROLLBACK");
        Error::Storage(format!("schema migration to version {to}: {e}"))
    })
}

/// The schema of the releases before versioning, unchanged (`IF NOT
/// EXISTS` as they had it).
const V1: &str = "
        CREATE TABLE IF NOT EXISTS tenants (
            id TEXT PRIMARY KEY,
            settings TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS links (
            tenant TEXT NOT NULL,
            sort_key TEXT NOT NULL,
            link_group TEXT NOT NULL,
            body TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (tenant, sort_key)
        );
        CREATE INDEX IF NOT EXISTS links_by_group ON links (tenant, link_group);
        CREATE TABLE IF NOT EXISTS idempotency (
            tenant TEXT NOT NULL,
            key TEXT NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            PRIMARY KEY (tenant, key)
        );
        CREATE TABLE IF NOT EXISTS cursors (
            tenant TEXT NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (tenant, name)
        );
        CREATE TABLE IF NOT EXISTS journal (
            tenant TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            body TEXT NOT NULL,
            expires_at_ms INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS journal_by_tenant ON journal (tenant, at_ms);
        CREATE TABLE IF NOT EXISTS leases (
            tenant TEXT NOT NULL,
            name TEXT NOT NULL,
            owner TEXT NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            PRIMARY KEY (tenant, name)
        );
        CREATE TABLE IF NOT EXISTS snapshots (
            tenant TEXT NOT NULL,
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (tenant, name, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS queue_messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL,
            message_group TEXT NOT NULL,
            body TEXT NOT NULL,
            receive_count INTEGER NOT NULL DEFAULT 0,
            visible_at_ms INTEGER NOT NULL,
            handle TEXT,
            dead INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS queue_by_group ON queue_messages (dead, message_group, seq);
        CREATE UNIQUE INDEX IF NOT EXISTS queue_by_handle ON queue_messages (handle);
        CREATE TABLE IF NOT EXISTS queue_dedupe (
            dedupe_id TEXT PRIMARY KEY,
            expires_at_ms INTEGER NOT NULL
        );
        ";

/// Issue 16: usage counters (operations per tenant, UTC day and flow,
/// written in one transaction with the done-key they count) and the
/// dead-letter records the admin API lists (`store::dead_letters`).
const V2: &str = "
        CREATE TABLE usage_counters (
            tenant TEXT NOT NULL,
            day TEXT NOT NULL,
            flow TEXT NOT NULL,
            operations INTEGER NOT NULL,
            PRIMARY KEY (tenant, day, flow)
        ) WITHOUT ROWID;
        CREATE TABLE dead_letters (
            tenant TEXT NOT NULL,
            id TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (tenant, id)
        );
        CREATE INDEX dead_letters_by_time ON dead_letters (tenant, at_ms);
        ";

/// Tenant accounts and their API keys (hashes only, see `store::accounts`).
const V3: &str = "
        CREATE TABLE accounts (
            tenant TEXT PRIMARY KEY,
            created_ms INTEGER NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE api_keys (
            tenant TEXT NOT NULL REFERENCES accounts (tenant),
            id TEXT NOT NULL,
            label TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            last_used_ms INTEGER,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (tenant, id)
        ) WITHOUT ROWID;
        ";

/// Issue 18: the queue's messages carry their tenant (the group's part before the
/// first `#`, see `queue::tenant_of`) so a receive can take tenants in turn
/// (`queue::SqliteQueue`'s fair receive). Messages already queued get theirs
/// from their group.
const V4: &str = "
        ALTER TABLE queue_messages ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
        UPDATE queue_messages SET tenant = CASE
            WHEN instr(message_group, '#') > 0
            THEN substr(message_group, 1, instr(message_group, '#') - 1)
            ELSE message_group END;
        CREATE INDEX queue_by_tenant ON queue_messages (dead, tenant, seq);
        ";

/// When each link was last written (the console's Links page shows it as
/// the record's last sync); links written before stay `NULL`.
const V5: &str = "
        ALTER TABLE links ADD COLUMN written_ms INTEGER;
        ";

/// Issue 18 (the chaos soak): receives whose process died before the
/// handler reported anything are counted apart (`queue::sqlite`), so that
/// only failed attempts count towards `max_receives`.
const V6: &str = "
        ALTER TABLE queue_messages ADD COLUMN abandoned INTEGER NOT NULL DEFAULT 0;
        ";

/// Issue 18 (the 10,000-event soak): a receive counts each tenant's messages
/// in flight, so that workers spread over the tenants instead of all taking
/// the tenant whose head is oldest (`queue::sqlite::fair`). Only received,
/// unsettled messages are in this index: a handful, whatever the backlog.
const V7: &str = "
        CREATE INDEX queue_in_flight ON queue_messages (tenant, visible_at_ms)
            WHERE handle IS NOT NULL AND dead = 0;
        ";

#[cfg(test)]
mod tests;
