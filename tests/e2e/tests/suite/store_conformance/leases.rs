//! Leases (one holder at a time, expired ones are takeable) and snapshots
//! (batched last-pushed values).

use super::Fresh;
use crate::support::tenant;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(600);

pub async fn lease_has_one_holder(store: Fresh) {
    let t = tenant();
    assert!(
        store
            .leases
            .try_acquire_lease(&t, "stock", "a", LONG)
            .await
            .unwrap()
    );
    assert!(
        !store
            .leases
            .try_acquire_lease(&t, "stock", "b", LONG)
            .await
            .unwrap(),
        "held by a"
    );
    assert!(
        store
            .leases
            .try_acquire_lease(&t, "stock", "a", LONG)
            .await
            .unwrap(),
        "re-entrant for its owner"
    );
    assert!(
        store
            .leases
            .try_acquire_lease(&t, "other", "b", LONG)
            .await
            .unwrap(),
        "leases are per name"
    );
    assert!(
        store
            .leases
            .try_acquire_lease(&tenant(), "stock", "b", LONG)
            .await
            .unwrap(),
        "and per tenant"
    );
    assert!(
        store
            .leases
            .renew_lease(&t, "stock", "a", LONG)
            .await
            .unwrap()
    );
    assert!(
        !store
            .leases
            .renew_lease(&t, "stock", "b", LONG)
            .await
            .unwrap(),
        "only the owner renews"
    );
    store.leases.release_lease(&t, "stock", "b").await.unwrap();
    assert!(
        !store
            .leases
            .try_acquire_lease(&t, "stock", "b", LONG)
            .await
            .unwrap(),
        "a stranger cannot release it"
    );
    store.leases.release_lease(&t, "stock", "a").await.unwrap();
    assert!(
        !store
            .leases
            .renew_lease(&t, "stock", "a", LONG)
            .await
            .unwrap(),
        "released: nothing to renew"
    );
    assert!(
        store
            .leases
            .try_acquire_lease(&t, "stock", "b", LONG)
            .await
            .unwrap(),
        "free after release"
    );
}

pub async fn expired_lease_is_takeable(store: Fresh) {
    let t = tenant();
    assert!(
        store
            .leases
            .try_acquire_lease(&t, "slot", "a", Duration::from_millis(300))
            .await
            .unwrap()
    );
    assert!(
        !store
            .leases
            .try_acquire_lease(&t, "slot", "b", LONG)
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        store
            .leases
            .try_acquire_lease(&t, "slot", "b", LONG)
            .await
            .unwrap(),
        "expired"
    );
    assert!(
        !store
            .leases
            .renew_lease(&t, "slot", "a", LONG)
            .await
            .unwrap(),
        "a lost it"
    );
}

pub async fn concurrent_lease_has_one_winner(store: Fresh) {
    let t = tenant();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let (store, t) = (store.clone(), t.clone());
            tokio::spawn(async move {
                store
                    .leases
                    .try_acquire_lease(&t, "race", &format!("o{i}"), LONG)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut winners = 0;
    for task in tasks {
        winners += usize::from(task.await.unwrap());
    }
    assert_eq!(winners, 1);
}

pub async fn snapshots_batch_get_put(store: Fresh) {
    let t = tenant();
    let keys: Vec<String> = (0..260).map(|i| format!("store-a:good-{i}")).collect();
    assert!(
        store
            .snapshots
            .get_snapshots(&t, "stock", &keys)
            .await
            .unwrap()
            .is_empty()
    );
    let entries: Vec<(String, String)> = keys
        .iter()
        .map(|k| (k.clone(), format!("v1:{k}")))
        .collect();
    store
        .snapshots
        .put_snapshots(&t, "stock", &entries)
        .await
        .unwrap();
    // Replace a few, add one, in a batch naming one key twice (the last wins).
    let mut update = vec![
        (keys[0].clone(), "old".to_owned()),
        (keys[0].clone(), "v2".to_owned()),
        ("new#1".to_owned(), "n".to_owned()),
    ];
    update.push((keys[259].clone(), "v2".to_owned()));
    store
        .snapshots
        .put_snapshots(&t, "stock", &update)
        .await
        .unwrap();
    let mut wanted = keys.clone();
    wanted.push("new#1".into());
    wanted.push("missing".into());
    let got = store
        .snapshots
        .get_snapshots(&t, "stock", &wanted)
        .await
        .unwrap();
    assert_eq!(got.len(), 261);
    assert_eq!(got[&keys[0]], "v2");
    assert_eq!(got[&keys[1]], format!("v1:{}", keys[1]));
    assert_eq!(got[&keys[259]], "v2");
    assert_eq!(got["new#1"], "n");
    assert!(!got.contains_key("missing"));
    assert!(
        store
            .snapshots
            .get_snapshots(&t, "prices", &keys[..3])
            .await
            .unwrap()
            .is_empty(),
        "per snapshot name"
    );
    assert!(
        store
            .snapshots
            .get_snapshots(&tenant(), "stock", &keys[..3])
            .await
            .unwrap()
            .is_empty(),
        "per tenant"
    );
}
