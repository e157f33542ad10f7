//! The embedded backends, each on a new database file.

use std::sync::Arc;
use synclane::queue::{Queue, SqliteQueue};
use synclane::sqlite::Db;
use synclane::store::{SqliteStore, Store};

fn fresh_db() -> Db {
    let path = std::env::temp_dir().join(format!(
        "synclane-test-{}.db",
        uuid::Uuid::new_v4().simple()
    ));
    Db::open(path).expect("open a new database")
}

pub async fn store() -> Store {
    Store::from_backend(SqliteStore::new(fresh_db()))
}

pub async fn queue(max_receives: u32) -> Arc<dyn Queue> {
    Arc::new(SqliteQueue::new(fresh_db(), max_receives))
}
