//! Tables of the embedded database. `IF NOT EXISTS` everywhere: opening an
//! existing file keeps its data (the queue must survive a restart).

use rusqlite::Connection;

pub(super) fn prepare(conn: &Connection, durability: super::Durability) -> rusqlite::Result<()> {
    // WAL + FULL: a committed transaction survives a crash of the process and
    // of the machine; the writer thread batches commits so the fsync is shared.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    let synchronous = match durability {
        super::Durability::Disk => "FULL",
        super::Durability::Process => "NORMAL",
    };
    conn.pragma_update(None, "synchronous", synchronous)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted and overwritten rows (a secret sealed at last, a customer's
    // data gone) are zeroed where that costs no extra write, so they do not
    // linger in the file's free space.
    conn.pragma_update(None, "secure_delete", "FAST")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(
        "
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
        ",
    )
}
