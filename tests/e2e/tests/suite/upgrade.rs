//! Upgrades: a database file of the release before schema versioning
//! (`fixtures/synclane-v0.db`, `user_version` 0, a tenant whose secrets are
//! in clear, a link, a queued message, a journal entry and a cursor) opens
//! under this release, is stamped and migrated, and every record reads back
//! through the store and the queue; opened through `open_store`, its
//! secrets are sealed.
//!
//! The fixture was made by `write_v0_fixture` (ignored): `fixtures/schema-v0.sql`
//! (main's `schema.rs` before versioning), rows written by the store and
//! queue code, which that release shares, and `user_version` set back to 0.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;
use synclane::model::{EntityKind, System, TenantId};
use synclane::queue::{Outgoing, Queue, SqliteQueue};
use synclane::runtime::config::LocalConfig;
use synclane::secret::Secret;
use synclane::settings::TenantSettings;
use synclane::sqlite::Db;
use synclane::sqlite::migrations::{LATEST, user_version};
use synclane::store::{JournalEntry, Link, LinkKey, SqliteStore, Store};

const TENANT: &str = "legacy";
const WEBHOOK_SECRET: &str = "whsec-legacy-in-clear";
const BODY: &str = r#"{"kind":"fixture","order_id":42}"#;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn tenant() -> TenantId {
    TenantId::parse(TENANT).unwrap()
}

fn link_key() -> LinkKey {
    LinkKey::new(&tenant(), EntityKind::Order, System::OpenCart, "42")
}

/// A copy of the fixture in a fresh directory (opening changes the file).
fn copy_fixture(dir: &Path) -> PathBuf {
    let path = dir.join("synclane.db");
    std::fs::copy(fixtures().join("synclane-v0.db"), &path).unwrap();
    path
}

async fn assert_records_readable(store: &Store, queue: &dyn Queue) {
    let settings = store.tenants.get_tenant(&tenant()).await.unwrap().unwrap();
    assert_eq!(settings.webhook_secret.expose(), WEBHOOK_SECRET);
    let link = store.links.get_link(&link_key()).await.unwrap().unwrap();
    assert_eq!(
        link.peers.get(&System::RetailCrm).map(String::as_str),
        Some("crm-42")
    );
    let journal = store.journal.list_journal(&tenant(), 10).await.unwrap();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].external_id, "42");
    let cursor = store
        .cursors
        .get_cursor(&tenant(), "history")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((cursor.value.as_str(), cursor.version), ("1234", 1));
    assert_eq!(queue.depth().await.unwrap(), 1);
    let received = queue
        .receive(10, Duration::from_secs(30), Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(
        (received[0].group.as_str(), received[0].body.as_str()),
        ("legacy#order#42", BODY)
    );
}

#[tokio::test]
async fn upgrade_a_v0_database_is_stamped_and_every_record_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(dir.path());
    assert_eq!(user_version(&Connection::open(&path).unwrap()).unwrap(), 0);
    let db = Db::open(&path).unwrap();
    assert_eq!(
        user_version(&Connection::open(&path).unwrap()).unwrap(),
        LATEST
    );
    // V4 (fair tenants) gave the queued message its tenant, from its group.
    let tenant_col: String = Connection::open(&path)
        .unwrap()
        .query_row("SELECT tenant FROM queue_messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tenant_col, TENANT);
    let store = Store::from_backend(SqliteStore::new(db.clone()));
    assert_records_readable(&store, &SqliteQueue::new(db, 5)).await;
}

#[tokio::test]
async fn upgrade_a_v0_database_through_open_store_seals_its_clear_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(dir.path());
    let config = LocalConfig {
        database: path.clone(),
        ..LocalConfig::default()
    };
    let (db, store) = synclane::runtime::local::open_store(&config).await.unwrap();
    assert!(config.secrets_key_file().exists(), "a key file was made");
    assert_records_readable(&store, &SqliteQueue::new(db.clone(), 5)).await;
    // As stored, the secret is no longer in clear.
    let raw = SqliteStore::new(db);
    let stored = synclane::store::Tenants::get_tenant(&raw, &tenant())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.webhook_secret.expose(), WEBHOOK_SECRET);
}

/// Makes `fixtures/synclane-v0.db`: `cargo test -p synclane-e2e -- --ignored write_v0_fixture`.
#[tokio::test]
#[ignore]
async fn write_v0_fixture() {
    let path = fixtures().join("synclane-v0.db");
    let _ = std::fs::remove_file(&path);
    let schema = std::fs::read_to_string(fixtures().join("schema-v0.sql")).unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch(&schema)
        .unwrap();
    let db = Db::open(&path).unwrap();
    let store = Store::from_backend(SqliteStore::new(db.clone()));
    let settings = TenantSettings::new(tenant(), Secret::new(WEBHOOK_SECRET));
    store.tenants.put_tenant(&settings).await.unwrap();
    let link = Link::linked(
        "legacy-group",
        [(System::RetailCrm, "crm-42".to_string())].into(),
    );
    store
        .links
        .put_link_if_absent(&link_key(), &link)
        .await
        .unwrap();
    let entry = JournalEntry {
        at_ms: synclane::clock::now_ms(),
        entity: "order".into(),
        external_id: "42".into(),
        message: "synced before the upgrade".into(),
        level: Default::default(),
        flow: None,
    };
    let year = Duration::from_secs(3650 * 24 * 3600);
    store
        .journal
        .append_journal(&tenant(), &entry, year)
        .await
        .unwrap();
    store
        .cursors
        .put_cursor(&tenant(), "history", "1234", 0)
        .await
        .unwrap();
    let queue = SqliteQueue::new(db.clone(), 5);
    queue
        .send(Outgoing {
            group: "legacy#order#42".into(),
            dedupe_id: "fixture-1".into(),
            body: BODY.into(),
        })
        .await
        .unwrap();
    drop((store, queue, db));
    std::thread::sleep(Duration::from_millis(1500)); // the checkpoint thread lets go
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; PRAGMA user_version = 0; VACUUM;")
        .unwrap();
}
