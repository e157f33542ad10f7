//! Shared batch requests: concurrent callers' items in one request, each
//! caller handed its own outcomes; reads of linked accounts by id.

use super::{KEY, SECRET, customer, settings, setup};
use std::sync::Arc;
use std::time::Duration;
use synclane::budget::{LocalRateBudget, RateLimits};
use synclane::connectors::woocommerce::{BatchOp, Coalescer, ItemOutcome, WooCommerce};
use synclane_emulators::WooCommerceEmulator;

fn shared(emu: &WooCommerceEmulator, coalescer: &Arc<Coalescer>) -> WooCommerce {
    super::connector(settings(&emu.base_url(), KEY, SECRET)).with_coalescer(coalescer.clone())
}

#[tokio::test]
async fn concurrent_callers_share_one_request_and_get_their_own_outcomes() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    emu.seed_customer("p4-1@shop.fr", "customer");
    let coalescer = Arc::new(Coalescer::new(Duration::from_millis(200)));
    let callers = (0..10).map(|p| {
        let woo = shared(&emu, &coalescer);
        async move {
            let ops = (0..3)
                .map(|i| BatchOp::Create(customer(&format!("p{p}-{i}@shop.fr"))))
                .collect();
            (p, woo.customers_batch(ops).await.unwrap())
        }
    });
    let results = futures_join(callers).await;
    assert_eq!(
        emu.calls("POST", "/wc/v3/customers/batch"),
        1,
        "one request for 30 items"
    );
    for (p, outcomes) in results {
        assert_eq!(outcomes.len(), 3, "caller {p}");
        for (i, o) in outcomes.iter().enumerate() {
            let email = format!("p{p}-{i}@shop.fr");
            match o {
                ItemOutcome::EmailExists { message } => {
                    assert_eq!((p, i), (4, 1), "only the taken e-mail: {message}");
                }
                ItemOutcome::Created(c) => assert_eq!(c.email, email),
                other => panic!("{email}: {other:?}"),
            }
        }
    }
    assert_eq!(emu.customers().len(), 30);
}

#[tokio::test]
async fn a_full_request_goes_at_once_and_the_rest_waits_for_the_next() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    // A linger far beyond the test: only a full request can leave early.
    let coalescer = Arc::new(Coalescer::new(Duration::from_secs(60)));
    let woo = shared(&emu, &coalescer);
    let ops: Vec<BatchOp> = (0..100)
        .map(|i| BatchOp::Create(customer(&format!("full{i}@shop.fr"))))
        .collect();
    let done = tokio::time::timeout(Duration::from_secs(10), woo.customers_batch(ops)).await;
    assert_eq!(
        done.expect("a full batch does not linger").unwrap().len(),
        100
    );
    assert_eq!(emu.calls("POST", "/wc/v3/customers/batch"), 1);
}

#[tokio::test]
async fn a_throttled_request_keeps_filling_until_the_budget_lets_it_go() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    let coalescer = Arc::new(Coalescer::new(Duration::from_millis(20)));
    // One request per 1.5 s: the first goes at once, the second waits.
    let budget = Arc::new(LocalRateBudget::new(RateLimits {
        units: 1,
        window: Duration::from_millis(1500),
        parallel: RateLimits::UNCAPPED,
    }));
    let caller = |p: usize| {
        let woo = shared(&emu, &coalescer).with_budget(budget.clone());
        async move {
            tokio::time::sleep(Duration::from_millis(50 * p as u64)).await;
            let ops = (0..3)
                .map(|i| BatchOp::Create(customer(&format!("t{p}-{i}@shop.fr"))))
                .collect();
            woo.customers_batch(ops).await.unwrap().len()
        }
    };
    let done = futures_join((0..11).map(caller)).await;
    assert!(done.iter().all(|n| *n == 3));
    assert_eq!(
        emu.calls("POST", "/wc/v3/customers/batch"),
        2,
        "the second request took every caller that came while it waited"
    );
    assert_eq!(emu.customers().len(), 33);
}

#[tokio::test]
async fn a_failed_shared_request_fails_every_caller_alike() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    emu.set_fail_next(10, 503);
    let coalescer = Arc::new(Coalescer::new(Duration::from_millis(100)));
    let callers = (0..2).map(|p| {
        let woo = shared(&emu, &coalescer);
        async move {
            let ops = vec![BatchOp::Create(customer(&format!("f{p}@shop.fr")))];
            woo.customers_batch(ops).await
        }
    });
    for result in futures_join(callers).await {
        let error = result.unwrap_err();
        assert!(error.is_retryable(), "{error}");
    }
    assert!(emu.customers().is_empty());
}

#[tokio::test]
async fn linked_accounts_are_read_by_id_whatever_their_role() {
    let (emu, woo) = setup().await;
    let ids: Vec<i64> = (0..150)
        .map(|i| {
            let role = if i % 2 == 0 {
                "customer"
            } else {
                "b2b_blocked"
            };
            emu.seed_customer(&format!("id{i}@shop.fr"), role)
        })
        .collect();
    let mut wanted: Vec<i64> = ids.iter().copied().step_by(3).collect();
    wanted.push(999_999);
    let found = woo.customers_by_ids(&wanted).await.unwrap();
    let mut got: Vec<i64> = found.iter().map(|c| c.id).collect();
    got.sort();
    assert_eq!(
        got,
        wanted[..wanted.len() - 1],
        "a deleted id is simply absent"
    );
    assert_eq!(
        emu.calls("GET", "/wc/v3/customers"),
        1,
        "51 ids in one request"
    );
}

/// Runs the futures side by side, each on its own task; their outputs in order.
async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for handle in handles {
        out.push(handle.await.expect("the caller did not panic"));
    }
    out
}
