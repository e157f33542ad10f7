//! The store-backed MoySklad budget: independent instances (as in separate
//! processes or Lambdas) over one store keep one tenant within 45 units / 3 s
//! and 5 parallel requests, on the embedded store and on DynamoDB.

use std::sync::Arc;
use std::time::{Duration, Instant};
use synclane::budget::{RateBudget, RateLimits, StoreRateBudget};
use synclane::connectors::moysklad::{CallKind, MoySklad};
use synclane::secret::Secret;
use synclane::settings::MoySkladSettings;
use synclane::store::Store;
use synclane_emulators::moysklad::MoySkladEmulator;

async fn independent_budgets_stay_within_the_limits(store: Store) {
    let emu = MoySkladEmulator::start(super::TOKEN).await;
    let tenant = crate::support::tenant();
    let settings = MoySkladSettings {
        webhook_token: Default::default(),
        public_base_url: None,
        base_url: emu.base_url(),
        token: Secret::new(super::TOKEN),
        disable_webhook_prefixes: Vec::new(),
        request_weight: 1,
        sync: None,
    };
    let started = Instant::now();
    let mut tasks = Vec::new();
    // Four "processes", each with its own budget instance and client, five workers each.
    for _ in 0..4 {
        let budget = Arc::new(StoreRateBudget::new(
            store.clone(),
            tenant.clone(),
            "moysklad",
            RateLimits::MOYSKLAD_SHARED,
        ));
        let client = MoySklad::new(reqwest::Client::new(), settings.clone(), budget);
        for w in 0..5 {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..6 {
                    // A mix of stock reports (5 units) and ordinary reads (1 unit).
                    let (path, kind) = if (w + i) % 3 == 0 {
                        ("report/stock/all", CallKind::StockReport)
                    } else {
                        ("entity/store", CallKind::Ordinary)
                    };
                    let _: serde_json::Value = client.get(path, &[], kind).await.unwrap();
                }
            }));
        }
    }
    for t in tasks {
        t.await.unwrap();
    }
    let c = emu.counters();
    assert_eq!((c.rate_violations, c.parallel_violations), (0, 0), "{c:?}");
    assert_eq!(c.requests, 120);
    // 40 reports × 5 + 80 reads = 280 units: at least (280 − 45) / 45 windows of 3 s.
    assert!(
        started.elapsed() >= Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn store_rate_budget_shared_by_instances_sqlite() {
    independent_budgets_stay_within_the_limits(super::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn store_rate_budget_shared_by_instances_dynamo() {
    independent_budgets_stay_within_the_limits(crate::support::aws::dynamo_store().await).await;
}

/// Slots taken by a worker that died mid-request (its permits never given
/// back) come back one short lease after it stopped renewing them, however
/// long its requests may run; while it lives, the parallel cap holds for
/// longer than a lease.
async fn slots_of_a_dead_worker_come_back_after_their_lease(store: Store) {
    let tenant = crate::support::tenant();
    let budget = |store: &Store| {
        StoreRateBudget::new(
            store.clone(),
            tenant.clone(),
            "moysklad",
            RateLimits::MOYSKLAD_SHARED,
        )
    };
    let dying = budget(&store);
    for _ in 0..RateLimits::MOYSKLAD_SHARED.parallel {
        std::mem::forget(dying.acquire(1).await.unwrap());
    }
    let live = budget(&store);
    let held = tokio::time::timeout(2 * StoreRateBudget::SLOT_LEASE, live.acquire(1)).await;
    assert!(
        held.is_err(),
        "a living holder renews its slots past their lease"
    );
    // The worker dies: its budget goes, and with it the renewals.
    drop(dying);
    let later = tokio::time::timeout(3 * StoreRateBudget::SLOT_LEASE, live.acquire(1)).await;
    assert!(
        later.is_ok_and(|permit| permit.is_ok()),
        "a slot came back once the dead worker's lease ran out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn store_rate_budget_slots_of_a_dead_worker_come_back_sqlite() {
    slots_of_a_dead_worker_come_back_after_their_lease(super::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn store_rate_budget_slots_of_a_dead_worker_come_back_dynamo() {
    slots_of_a_dead_worker_come_back_after_their_lease(crate::support::aws::dynamo_store().await)
        .await;
}
