//! Usage counters (issue 16, item 3): counted only with a newly claimed
//! done-key, per tenant, flow and day; concurrent claims count once.

use super::Fresh;
use crate::support::tenant;
use std::time::Duration;
use synclane::store::{Day, Meter, PutOutcome, UsageRow};

const HOUR: Duration = Duration::from_secs(3600);

fn day(raw: &str) -> Day {
    Day::parse(raw).unwrap()
}

fn meter<'a>(flow: &'a str, raw: &str) -> Meter<'a> {
    Meter {
        flow,
        day: day(raw),
    }
}

fn row(raw: &str, flow: &str, operations: u64) -> UsageRow {
    UsageRow {
        day: day(raw),
        flow: flow.into(),
        operations,
    }
}

pub async fn usage_counts_with_a_new_done_key_only(store: Fresh) {
    let (t, other) = (tenant(), tenant());
    let oc = meter("opencart_crm", "2026-11-30");
    for _ in 0..3 {
        store
            .usage
            .claim_metered(&t, "done:a", HOUR, oc)
            .await
            .unwrap();
    }
    // A key claimed without metering (a skipped event) is not counted later.
    store
        .idempotency
        .claim_idempotency_key(&t, "done:skipped", HOUR)
        .await
        .unwrap();
    assert_eq!(
        store
            .usage
            .claim_metered(&t, "done:skipped", HOUR, oc)
            .await
            .unwrap(),
        PutOutcome::Exists(())
    );
    // The metered claim is the idempotency record the worker reads.
    assert!(
        store
            .idempotency
            .has_idempotency_key(&t, "done:a")
            .await
            .unwrap()
    );
    let claims = [
        ("done:b", meter("opencart_crm", "2026-11-30")),
        ("done:c", meter("crm_moysklad", "2026-11-30")),
        ("done:d", meter("opencart_crm", "2026-12-01")),
        ("done:e", meter("opencart_crm", "2026-12-02")),
    ];
    for (key, m) in claims {
        let claimed = store.usage.claim_metered(&t, key, HOUR, m).await.unwrap();
        assert_eq!(claimed, PutOutcome::Created, "{key}");
    }
    store
        .usage
        .claim_metered(&other, "done:a", HOUR, oc)
        .await
        .unwrap();

    let rows = store
        .usage
        .usage(&t, day("2026-11-30"), day("2026-12-01"))
        .await
        .unwrap();
    assert_eq!(
        rows,
        vec![
            row("2026-11-30", "crm_moysklad", 1),
            row("2026-11-30", "opencart_crm", 2),
            row("2026-12-01", "opencart_crm", 1),
        ],
        "by day then flow, the 2nd of December left out"
    );
    let theirs = store
        .usage
        .usage(&other, day("2026-01-01"), day("2026-12-31"))
        .await
        .unwrap();
    assert_eq!(theirs, vec![row("2026-11-30", "opencart_crm", 1)]);
}

pub async fn concurrent_metered_claims_count_once(store: Fresh) {
    let t = tenant();
    let racers: Vec<_> = (0..8)
        .map(|_| {
            let (store, t) = (store.clone(), t.clone());
            tokio::spawn(async move {
                store
                    .usage
                    .claim_metered(&t, "done:race", HOUR, meter("stock", "2026-12-01"))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut created = 0;
    for racer in racers {
        if racer.await.unwrap() == PutOutcome::Created {
            created += 1;
        }
    }
    assert_eq!(created, 1, "one claim won");
    let rows = store
        .usage
        .usage(&t, day("2026-12-01"), day("2026-12-01"))
        .await
        .unwrap();
    assert_eq!(rows, vec![row("2026-12-01", "stock", 1)]);
}
