//! Online backup of the database file with SQLite's backup API, safe while
//! a process serves from the file.
//!
//! Why it does not stall the serving process: the file is in WAL mode, where
//! a reader never blocks the writer. The backup opens one read transaction
//! and copies pages from that snapshot in small steps with a pause between
//! them, so it is consistent as of its start (every write acknowledged
//! before is in it) and is never restarted by the writes that keep coming
//! (the backup API restarts when the source changes under it only if each
//! step takes a new snapshot). While it runs, checkpoints cannot pass its
//! snapshot, so the `-wal` file grows until it ends.
//!
//! The copy is written to `OUT.partial`, fsynced and renamed, so a file at
//! `OUT` is always a whole backup.

use super::migrations;
use crate::error::{Error, Result};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Pages copied per step (4 KiB each): one step is a few milliseconds.
const PAGES_PER_STEP: i32 = 256;
/// Pause between steps, leaving the disk to the serving process.
const PAUSE: Duration = Duration::from_millis(5);

/// What a backup copied.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub out: PathBuf,
    pub pages: i32,
    pub steps: u32,
    pub elapsed: Duration,
    /// The backup's schema version (`migrations::LATEST` or older).
    pub schema_version: i64,
}

/// Copies the database at `source` to `out` (replaced if it exists).
pub fn backup_file(source: &Path, out: &Path) -> Result<BackupReport> {
    let started = Instant::now();
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        Error::Storage(format!("backup of {}: {what}: {e}", source.display()))
    };
    // No CREATE flag: a wrong path is an error, not a new empty database.
    let src = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| failed("open", &e))?;
    src.busy_timeout(Duration::from_secs(5))
        .map_err(|e| failed("open", &e))?;
    let schema_version = migrations::user_version(&src)?;
    let partial = PathBuf::from(format!("{}.partial", out.display()));
    let _ = std::fs::remove_file(&partial);
    create_owner_only(&partial).map_err(|e| failed("create the copy", &e))?;
    let mut dest = Connection::open(&partial).map_err(|e| failed("create the copy", &e))?;

    // One snapshot for the whole copy (see the module doc).
    src.execute_batch("BEGIN")
        .and_then(|()| src.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(())))
        .map_err(|e| failed("begin a read", &e))?;
    let (pages, steps) = copy_pages(&src, &mut dest).map_err(|e| failed("copy", &e))?;
    let _ = src.execute_batch("COMMIT");
    drop(src);

    let check: String = dest
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| failed("check the copy", &e))?;
    if check != "ok" {
        return Err(failed("check the copy", &check));
    }
    drop(dest);
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .and_then(|()| std::fs::rename(&partial, out))
        .map_err(|e| failed("finish the copy", &e))?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(BackupReport {
        out: out.to_owned(),
        pages,
        steps,
        elapsed: started.elapsed(),
        schema_version,
    })
}

/// Steps through the pages; returns (pages, steps).
fn copy_pages(src: &Connection, dest: &mut Connection) -> rusqlite::Result<(i32, u32)> {
    let backup = Backup::new(src, dest)?;
    let mut steps = 0;
    loop {
        steps += 1;
        match backup.step(PAGES_PER_STEP)? {
            StepResult::Done => return Ok((backup.progress().pagecount, steps)),
            // More pages, or the destination briefly locked: pause, go on.
            _ => std::thread::sleep(PAUSE),
        }
    }
}

/// The backup holds every tenant's data: owner only (0600), as the database.
fn create_owner_only(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(test)]
mod tests;
