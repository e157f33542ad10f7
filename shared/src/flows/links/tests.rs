//! Claims left by an earlier life of the only process (the local runtime)
//! are taken over at once; elsewhere a claim waits for its lease.

use super::{ClaimPolicy, Claims, Resolution};
use crate::model::{EntityKind, System, TenantId};
use crate::sqlite::Db;
use crate::store::{LinkKey, SqliteStore, Store};
use std::sync::Arc;
use std::time::Duration;

fn store(dir: &tempfile::TempDir) -> Store {
    Store::from_backend(SqliteStore::new(Db::open(dir.path().join("s.db")).unwrap()))
}

fn key() -> LinkKey {
    let tenant = TenantId::parse("t1").unwrap();
    LinkKey::new(
        &tenant,
        EntityKind::Customer,
        System::OpenCart,
        "guest:a@b.c",
    )
}

/// Whether `claims` gets the claim of `key()` within half a second.
async fn claims_soon(claims: &Claims, store: &Store) -> bool {
    let key = key();
    let resolve = claims.resolve_or_claim(store.links.as_ref(), &key, System::RetailCrm);
    match tokio::time::timeout(Duration::from_millis(500), resolve).await {
        Ok(resolution) => matches!(resolution.unwrap(), Resolution::Claimed(_)),
        Err(_) => false,
    }
}

/// Issue 18: under kills every 1–3 s the waiters of a dead process's claims
/// sat out its 15 s lease in every life, and little else ran.
#[tokio::test]
async fn oc_x1_a_claim_of_a_dead_life_is_taken_over_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let policy = ClaimPolicy::default();
    let first: Arc<str> = "life-1".into();
    let dead = Claims::in_life("message-1", first.clone(), policy);
    assert!(claims_soon(&dead, &store).await);
    // SIGKILL: the claim stays pending, unrenewed, never released.
    let second: Arc<str> = "life-2".into();
    let same_life = Claims::in_life("message-3", second.clone(), policy);
    assert!(
        claims_soon(&Claims::in_life("message-2", second, policy), &store).await,
        "the next life takes the dead life's claim at once"
    );
    assert!(
        !claims_soon(&same_life, &store).await,
        "a claim of the live process is waited for"
    );
}

/// On AWS many processes share the store: a claim is waited for until its
/// lease ends, whoever made it.
#[tokio::test]
async fn oc_x1_without_a_life_a_claim_waits_for_its_lease() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let policy = ClaimPolicy::default();
    let other = Claims::in_life("message-1", "life-1".into(), policy);
    assert!(claims_soon(&other, &store).await);
    assert!(!claims_soon(&Claims::new("message-2", policy), &store).await);
}
