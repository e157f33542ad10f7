//! Migrations on an empty file, an unversioned file and a newer one.

use super::{LATEST, V1, V4, user_version};
use crate::error::Error;
use crate::sqlite::Db;
use rusqlite::Connection;
use std::path::PathBuf;

fn temp_path() -> PathBuf {
    std::env::temp_dir().join(format!(
        "synclane-migrate-{}.db",
        uuid::Uuid::new_v4().simple()
    ))
}

/// The tables and indexes as SQLite keeps them: equal means unchanged.
fn schema_of(path: &PathBuf) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn version_of(path: &PathBuf) -> i64 {
    user_version(&Connection::open(path).unwrap()).unwrap()
}

#[test]
fn an_empty_file_gets_every_migration() {
    let path = temp_path();
    drop(Db::open(&path).unwrap());
    assert_eq!(version_of(&path), LATEST);
    assert!(
        schema_of(&path)
            .iter()
            .any(|s| s.contains("queue_messages"))
    );
}

#[test]
fn an_unversioned_file_with_the_tables_is_stamped_1_unchanged() {
    let path = temp_path();
    Connection::open(&path).unwrap().execute_batch(V1).unwrap();
    let before = schema_of(&path);
    drop(Db::open(&path).unwrap());
    assert_eq!(version_of(&path), 1.max(LATEST));
    if LATEST == 1 {
        assert_eq!(schema_of(&path), before);
    }
}

#[test]
fn a_newer_file_is_refused_and_left_as_it_was() {
    let path = temp_path();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(V1).unwrap();
    conn.pragma_update(None, "user_version", LATEST + 1)
        .unwrap();
    drop(conn);
    let refused = Db::open(&path).err().expect("a newer file is refused");
    assert!(
        matches!(refused, Error::SchemaTooNew { found, known } if found == LATEST + 1 && known == LATEST),
        "{refused:?}"
    );
    assert!(!refused.is_retryable());
    assert!(refused.to_string().contains("newer"), "{refused}");
    assert_eq!(version_of(&path), LATEST + 1);
    let mode: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "the refused file was not switched to WAL");
}

#[test]
fn a_version_1_file_gets_its_queued_messages_tenants() {
    let path = temp_path();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(V1).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    for group in ["shop-a#orders#opencart#order#7", "plain"] {
        conn.execute(
            "INSERT INTO queue_messages (message_id, message_group, body, visible_at_ms)
             VALUES ('m', ?1, '{}', 0)",
            [group],
        )
        .unwrap();
    }
    drop(conn);
    drop(Db::open(&path).unwrap());
    assert_eq!(version_of(&path), LATEST);
    let conn = Connection::open(&path).unwrap();
    let tenants: Vec<String> = conn
        .prepare("SELECT tenant FROM queue_messages ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(tenants, ["shop-a", "plain"]);
    assert!(V4.contains("queue_by_tenant"));
    assert!(
        schema_of(&path)
            .iter()
            .any(|s| s.contains("queue_by_tenant"))
    );
}
