//! Idempotency keys, cursors and the journal: the small records that make
//! at-least-once delivery safe and keep the merchant informed.

use super::Fresh;
use crate::support::tenant;
use std::time::Duration;
use synclane::store::{Cursor, JournalEntry, PutOutcome};

const HOUR: Duration = Duration::from_secs(3600);

pub async fn idempotency_claim_release(store: Fresh) {
    let (t, other) = (tenant(), tenant());
    assert!(
        !store
            .idempotency
            .has_idempotency_key(&t, "ms:req-1")
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "ms:req-1", HOUR)
            .await
            .unwrap(),
        PutOutcome::Created
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "ms:req-1", HOUR)
            .await
            .unwrap(),
        PutOutcome::Exists(())
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "ms:req-2", HOUR)
            .await
            .unwrap(),
        PutOutcome::Created
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&other, "ms:req-1", HOUR)
            .await
            .unwrap(),
        PutOutcome::Created,
        "keys are per tenant"
    );

    assert!(
        store
            .idempotency
            .has_idempotency_key(&t, "ms:req-1")
            .await
            .unwrap()
    );
    assert!(
        !store
            .idempotency
            .has_idempotency_key(&t, "ms:req-3")
            .await
            .unwrap()
    );

    // The guarded work failed: release lets the retry claim it again.
    store
        .idempotency
        .release_idempotency_key(&t, "ms:req-1")
        .await
        .unwrap();
    assert!(
        !store
            .idempotency
            .has_idempotency_key(&t, "ms:req-1")
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "ms:req-1", HOUR)
            .await
            .unwrap(),
        PutOutcome::Created
    );
    assert_eq!(
        store
            .idempotency
            .claim_idempotency_key(&t, "ms:req-1", HOUR)
            .await
            .unwrap(),
        PutOutcome::Exists(())
    );
    // Releasing an unknown key is not an error.
    store
        .idempotency
        .release_idempotency_key(&t, "never-claimed")
        .await
        .unwrap();
}

pub async fn cursors_are_versioned(store: Fresh) {
    let t = tenant();
    assert_eq!(
        store.cursors.get_cursor(&t, "crm:orders").await.unwrap(),
        None
    );

    assert_eq!(
        store
            .cursors
            .put_cursor(&t, "crm:orders", "100", 0)
            .await
            .unwrap(),
        PutOutcome::Created
    );
    let v1 = Cursor {
        value: "100".into(),
        version: 1,
    };
    assert_eq!(
        store.cursors.get_cursor(&t, "crm:orders").await.unwrap(),
        Some(v1.clone())
    );
    // A second poller that also saw "absent" loses.
    assert_eq!(
        store
            .cursors
            .put_cursor(&t, "crm:orders", "999", 0)
            .await
            .unwrap(),
        PutOutcome::Exists(v1.clone())
    );

    assert_eq!(
        store
            .cursors
            .put_cursor(&t, "crm:orders", "150", 1)
            .await
            .unwrap(),
        PutOutcome::Created
    );
    let v2 = Cursor {
        value: "150".into(),
        version: 2,
    };
    assert_eq!(
        store
            .cursors
            .put_cursor(&t, "crm:orders", "120", 1)
            .await
            .unwrap(),
        PutOutcome::Exists(v2.clone())
    );
    assert_eq!(
        store.cursors.get_cursor(&t, "crm:orders").await.unwrap(),
        Some(v2)
    );

    assert!(
        store
            .cursors
            .put_cursor(&t, "crm:missing", "1", 3)
            .await
            .is_err(),
        "a version of a cursor that does not exist is an error"
    );
    assert_eq!(
        store.cursors.get_cursor(&t, "crm:missing").await.unwrap(),
        None
    );
    assert_eq!(
        store.cursors.get_cursor(&t, "crm:customers").await.unwrap(),
        None,
        "cursors are per name"
    );
    assert_eq!(
        store
            .cursors
            .get_cursor(&tenant(), "crm:orders")
            .await
            .unwrap(),
        None,
        "cursors are per tenant"
    );
}

pub fn entry(at_ms: i64, message: &str) -> JournalEntry {
    JournalEntry {
        at_ms,
        entity: "order".into(),
        external_id: "1001".into(),
        message: message.into(),
        level: Default::default(),
        flow: None,
    }
}

pub async fn journal_lists_newest_first(store: Fresh) {
    let (t, other) = (tenant(), tenant());
    let base = synclane::clock::now_ms();
    // Appended out of order, and two in the same millisecond.
    for (at, message) in [
        (base + 2, "third"),
        (base, "first"),
        (base + 1, "second-a"),
        (base + 1, "second-b"),
    ] {
        store
            .journal
            .append_journal(&t, &entry(at, message), HOUR)
            .await
            .unwrap();
    }
    store
        .journal
        .append_journal(&other, &entry(base + 5, "foreign"), HOUR)
        .await
        .unwrap();

    let listed = store.journal.list_journal(&t, 10).await.unwrap();
    let messages: Vec<_> = listed.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert_eq!(messages[0], "third");
    assert_eq!(messages[3], "first");
    assert!(
        messages[1..3].contains(&"second-a") && messages[1..3].contains(&"second-b"),
        "{messages:?}"
    );
    assert_eq!(
        listed[0],
        entry(base + 2, "third"),
        "entries round-trip whole"
    );

    let top: Vec<_> = store
        .journal
        .list_journal(&t, 2)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.at_ms)
        .collect();
    assert_eq!(top, vec![base + 2, base + 1], "limit keeps the newest");
    assert_eq!(store.journal.list_journal(&t, 0).await.unwrap(), vec![]);
    assert_eq!(
        store.journal.list_journal(&tenant(), 10).await.unwrap(),
        vec![],
        "journals are per tenant"
    );
}
