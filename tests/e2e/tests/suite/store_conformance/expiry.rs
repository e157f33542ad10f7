//! Time-to-live: expired idempotency keys and journal entries count as absent
//! at once, whether or not the backend has physically removed them yet
//! (DynamoDB's TTL reaper runs days late; moto's not at all).

use super::Fresh;
use super::keys::entry;
use crate::support::tenant;
use std::time::Duration;
use synclane::store::PutOutcome;

const TTL: Duration = Duration::from_secs(1);
/// Past the TTL even for a backend that keeps expiry in whole seconds, rounded up.
const PAST_TTL: Duration = Duration::from_millis(2100);

pub async fn idempotency_key_expires(store: Fresh) {
    let t = tenant();
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "hook:1", TTL)
            .await
            .unwrap(),
        PutOutcome::Created
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "hook:2", Duration::from_secs(3600))
            .await
            .unwrap(),
        PutOutcome::Created
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "hook:1", TTL)
            .await
            .unwrap(),
        PutOutcome::Exists(())
    );

    tokio::time::sleep(PAST_TTL).await;
    assert!(
        !store
            .idempotency
            .has_idempotency_key(&t, "hook:1")
            .await
            .unwrap(),
        "an expired key is absent"
    );
    assert!(
        store
            .idempotency
            .has_idempotency_key(&t, "hook:2")
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "hook:1", Duration::from_secs(3600))
            .await
            .unwrap(),
        PutOutcome::Created,
        "an expired key is claimable again"
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "hook:1", TTL)
            .await
            .unwrap(),
        PutOutcome::Exists(()),
        "the new claim holds with its own ttl"
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "hook:2", TTL)
            .await
            .unwrap(),
        PutOutcome::Exists(()),
        "long ttl"
    );
}

pub async fn journal_entries_expire(store: Fresh) {
    let t = tenant();
    let now = synclane::clock::now_ms();
    store
        .journal
        .append_journal(&t, &entry(now, "kept"), Duration::from_secs(3600))
        .await
        .unwrap();
    // The newest entry expires first, so a reader must skip it and go on.
    store
        .journal
        .append_journal(&t, &entry(now + 1, "short-lived"), TTL)
        .await
        .unwrap();
    assert_eq!(store.journal.list_journal(&t, 10).await.unwrap().len(), 2);

    tokio::time::sleep(PAST_TTL).await;
    let left: Vec<_> = store
        .journal
        .list_journal(&t, 1)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert_eq!(left, vec!["kept".to_owned()]);
}
