//! Connection settings of the embedded database; its tables are made and
//! upgraded by `migrations`.

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
    Ok(())
}
