//! The embedded database behind the local runtime's store and queue: one
//! SQLite file, written by one thread.
//!
//! Why one writer thread: every operation is a few microseconds of SQLite
//! work, but a durable commit costs an fsync. The thread takes every request
//! that is waiting, runs them in one transaction (each in its own savepoint,
//! so one failure does not undo the others) and commits once: a hook under
//! load pays one fsync per batch instead of one per request, and no caller
//! hears "done" before the commit that made its write durable.
//!
//! Reads that need no condition (`Db::read`) go to a small pool of read-only
//! connections instead: in WAL mode they see every committed write and never
//! wait behind a commit's fsync.

pub mod backup;
pub mod migrations;
mod readers;
mod schema;

use crate::error::{Error, Result};
use readers::Readers;
use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, mpsc};
use tokio::sync::oneshot;

/// Upper bound on operations per transaction, so one commit stays short.
const MAX_BATCH: usize = 512;

type Finish = Box<dyn FnOnce(Result<(), String>) + Send>;
type Job = Box<dyn FnOnce(&Connection) -> Finish + Send>;

/// What a commit survives before the caller hears "done".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Durability {
    /// fsync on every commit (SQLite `synchronous=FULL`): survives a power loss.
    #[default]
    Disk,
    /// No fsync on commit (WAL `synchronous=NORMAL`): survives a crash or
    /// `kill -9` of the process, not of the machine. Acks stop paying the
    /// disk's fsync latency.
    Process,
}

/// Handle to the database thread. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    jobs: Arc<mpsc::Sender<Job>>,
    readers: Arc<Readers>,
}

impl Db {
    /// Opens (or creates) the database file, fsyncing every commit.
    pub fn open(path: impl AsRef<Path>) -> Result<Db> {
        Self::open_with(path, Durability::Disk)
    }

    /// Opens (or creates) the database file and starts its writer thread.
    pub fn open_with(path: impl AsRef<Path>, durability: Durability) -> Result<Db> {
        let path = path.as_ref();
        owner_only(path)?;
        let conn = Connection::open(path).map_err(Error::storage)?;
        // A newer release's file is refused before this connection sets
        // anything on it.
        migrations::refuse_newer(&conn)?;
        schema::prepare(&conn, durability).map_err(Error::storage)?;
        migrations::migrate(&conn)?;
        // Checkpoints move the WAL into the database file and fsync it; done by
        // the committing writer they would stall every ack behind them. A
        // separate connection checkpoints passively instead (it never blocks
        // the writer), and stops when the database handle is gone.
        conn.pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(Error::storage)?;
        let (jobs, rx) = mpsc::channel::<Job>();
        let checkpointer = Connection::open(path).map_err(Error::storage)?;
        std::thread::Builder::new()
            .name("synclane-sqlite".into())
            .spawn(move || run_writer(conn, rx))
            .map_err(Error::storage)?;
        let jobs = Arc::new(jobs);
        let alive = Arc::downgrade(&jobs);
        std::thread::Builder::new()
            .name("synclane-checkpoint".into())
            .spawn(move || checkpoint_loop(checkpointer, alive))
            .map_err(Error::storage)?;
        Ok(Db {
            jobs,
            readers: Arc::new(Readers::new(path)),
        })
    }

    /// Runs a read on a read-only connection; it sees every committed write.
    pub async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let readers = self.readers.clone();
        tokio::task::spawn_blocking(move || readers.with(f))
            .await
            .map_err(|e| Error::Storage(format!("read task failed: {e}")))?
    }

    /// Runs `f` in the next transaction; resolves after that transaction committed.
    pub async fn call<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let outcome = in_savepoint(conn, f);
            Box::new(move |commit: Result<(), String>| {
                let result = match commit {
                    Ok(()) => outcome.map_err(Error::storage),
                    Err(e) => Err(Error::Storage(e)),
                };
                let _ = reply.send(result);
            })
        });
        self.jobs
            .send(job)
            .map_err(|_| Error::Storage("database thread stopped".into()))?;
        answer
            .await
            .map_err(|_| Error::Storage("database transaction failed".into()))?
    }
}

fn in_savepoint<T>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.execute_batch("SAVEPOINT job")?;
    let outcome = f(conn);
    if outcome.is_err() {
        conn.execute_batch("ROLLBACK TO job")?;
    }
    conn.execute_batch("RELEASE job")?;
    outcome
}

/// Checkpoints every second while any handle to the database is alive.
fn checkpoint_loop(conn: Connection, alive: std::sync::Weak<mpsc::Sender<Job>>) {
    // How long a truncating checkpoint waits for the writer and the readers
    // of the moment. It holds new writes back meanwhile, so it is short: a
    // reader that stays longer (an online backup) makes it give up, and the
    // next second's tries again.
    let _ = conn.busy_timeout(std::time::Duration::from_millis(200));
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if alive.strong_count() == 0 {
            return;
        }
        if let Err(error) = checkpoint(&conn, WAL_LIMIT_FRAMES) {
            tracing::warn!(message = "WAL checkpoint failed.", %error);
        }
    }
}

/// WAL frames (pages of 4 KiB) past which a checkpoint truncates the file.
const WAL_LIMIT_FRAMES: i64 = 16_384;

/// A passive checkpoint, and a truncating one once the WAL holds more than
/// `limit_frames` frames.
///
/// Why both: a passive checkpoint copies frames into the database but never
/// waits, and SQLite rewinds the WAL only when a write finds no reader left
/// on it. A busy process always has a reader on it, so the WAL file grew
/// without end (270 MB in 8 minutes of the chaos soak), and every read
/// walks its index. The truncating checkpoint briefly holds new writes
/// back, waits for the readers of the moment (a few ms each), and empties
/// the file.
fn checkpoint(conn: &Connection, limit_frames: i64) -> rusqlite::Result<()> {
    let frames: i64 = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))?;
    if frames > limit_frames {
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(())
}

fn run_writer(conn: Connection, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if let Err(error) = conn.execute_batch("BEGIN IMMEDIATE") {
            // Dropping the jobs drops their reply channels: each caller gets an error.
            tracing::error!(message = "Could not begin a transaction.", %error);
            continue;
        }
        let finishers: Vec<Finish> = batch.into_iter().map(|job| job(&conn)).collect();
        let committed = conn.execute_batch("COMMIT").map_err(|e| e.to_string());
        if committed.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        for finish in finishers {
            finish(committed.clone());
        }
    }
}

/// Makes the database file readable by its owner only (0600), creating it
/// empty if needed: it holds every tenant's links and journal. SQLite gives
/// its `-wal` and `-shm` files the database file's mode.
fn owner_only(path: &Path) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if path.as_os_str() == ":memory:" {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(Error::storage)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(Error::storage)
}

#[cfg(test)]
mod tests {
    use super::checkpoint;
    use rusqlite::Connection;

    fn wal_size(dir: &std::path::Path) -> u64 {
        std::fs::metadata(dir.join("db-wal")).map_or(0, |m| m.len())
    }

    /// The WAL file is emptied once it passed the limit, even when readers
    /// kept SQLite from rewinding it on its own.
    #[test]
    fn a_wal_past_its_limit_is_truncated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let writer = Connection::open(&path).unwrap();
        writer.pragma_update(None, "journal_mode", "WAL").unwrap();
        writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        writer
            .execute_batch("CREATE TABLE t (x BLOB); INSERT INTO t VALUES (zeroblob(1))")
            .unwrap();
        // A reader in a transaction all along: the writes cannot rewind the WAL.
        let reader = Connection::open(&path).unwrap();
        reader.execute_batch("BEGIN").unwrap();
        let _: i64 = reader
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        for _ in 0..200 {
            writer
                .execute("INSERT INTO t VALUES (zeroblob(8192))", [])
                .unwrap();
        }
        reader.execute_batch("COMMIT").unwrap();
        let checkpointer = Connection::open(&path).unwrap();

        checkpoint(&checkpointer, 1_000_000).unwrap();
        let below_limit = wal_size(dir.path());
        assert!(
            below_limit > 1_000_000,
            "a WAL under its limit is left: {below_limit}"
        );

        checkpoint(&checkpointer, 100).unwrap();
        assert_eq!(wal_size(dir.path()), 0, "a WAL past its limit is emptied");
        let rows: i64 = writer
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 201);
    }
}
