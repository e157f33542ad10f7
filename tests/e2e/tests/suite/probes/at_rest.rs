//! The local database at rest: owner-only files, and no tenant secret in
//! clear in them (sealed with the key file's master key, as AWS seals with
//! KMS); a database of an older release, secrets in clear, is sealed at start.

use crate::support::app::{CRM_KEY, SECRET, TENANT, sign, tenant_settings};
use crate::support::opencart::{ANNA, order_event};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::sqlite::Db;
use synclane::store::{SqliteStore, Store};

fn config(dir: &Path) -> LocalConfig {
    LocalConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: dir.join("synclane.db"),
        workers: 0,
        schedules: false,
        tenants: vec![tenant_settings("http://127.0.0.1:9")],
        ..LocalConfig::default()
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every byte of the database and its WAL.
fn database_bytes(dir: &Path) -> Vec<u8> {
    ["synclane.db", "synclane.db-wal"]
        .iter()
        .filter_map(|f| std::fs::read(dir.join(f)).ok())
        .flatten()
        .collect()
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A signed order event is accepted: the process reads its sealed settings.
async fn accepts_a_signed_event(local: &Local) {
    let raw = serde_json::to_vec(&order_event(7, &ANNA, None, 1, "2026-11-20 10:00:00")).unwrap();
    let response = reqwest::Client::new()
        .post(format!("http://{}/hooks/{TENANT}/opencart", local.addr))
        .header("x-synclane-signature", sign(SECRET, &raw))
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
}

#[tokio::test]
async fn the_local_database_is_owner_only_and_holds_no_secret_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let local = Local::start(&config).await.unwrap();
    accepts_a_signed_event(&local).await;
    local.stop().await;
    assert_eq!(mode(&config.database), 0o600);
    assert_eq!(mode(&config.secrets_key_file()), 0o600);
    let bytes = database_bytes(dir.path());
    assert!(holds(&bytes, TENANT), "the tenant is there");
    for secret in [SECRET, CRM_KEY] {
        assert!(
            !holds(&bytes, secret),
            "{secret} is in clear in the database"
        );
    }
    // Restarted with the same key file, the settings open again.
    let local = Local::start(&config).await.unwrap();
    accepts_a_signed_event(&local).await;
    local.stop().await;
}

#[tokio::test]
async fn a_database_with_secrets_in_clear_is_sealed_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path());
    {
        // What an older release left: settings stored as they are.
        let db = Db::open(&config.database).unwrap();
        let store = Store::from_backend(SqliteStore::new(db));
        store
            .tenants
            .put_tenant(&tenant_settings("http://127.0.0.1:9"))
            .await
            .unwrap();
    }
    assert!(holds(&database_bytes(dir.path()), SECRET));
    config.tenants.clear();
    let local = Local::start(&config).await.unwrap();
    accepts_a_signed_event(&local).await;
    // The sealed rows reach the database file at the next WAL checkpoint
    // (every second), which overwrites the page that held them in clear.
    // Up to a minute: a loaded CI machine checkpoints late.
    let mut left = Vec::new();
    for _ in 0..600 {
        let bytes = database_bytes(dir.path());
        left = [SECRET, CRM_KEY]
            .into_iter()
            .filter(|s| holds(&bytes, s))
            .collect();
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(left.is_empty(), "still in clear: {left:?}");
    local.stop().await;
}
