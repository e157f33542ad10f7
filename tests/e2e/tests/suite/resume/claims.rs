//! Issue 10, item 2: the worker that claimed a new customer is killed in
//! the middle of creating it; the customer's next orders, arriving
//! meanwhile, wait for the claim (never failing on it), take it over once
//! its lease ends, and find the customer the dead worker created.

use crate::support::app::{Backend, TestApp};
use crate::support::on_both_backends;
use crate::support::opencart::{ANNA, order_event};
use std::time::Duration;
use synclane::flows::links::ClaimPolicy;
use synclane::runtime::worker_loop::{self, LoopSettings};

async fn claimant_killed_mid_creation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let policy = ClaimPolicy {
        lease: Duration::from_secs(2),
        max_hold: Duration::from_secs(20),
        poll: Duration::from_millis(100),
    };
    let worker = app.worker.clone().with_claim_policy(policy);
    let loop_settings = LoopSettings {
        batch: 1,
        visibility: Duration::from_secs(5),
        wait: Duration::from_millis(100),
    };
    // The CRM creates the first order's customer but answers too late: the
    // worker is killed while it waits.
    app.crm
        .delay_answers("/customers/create", 1, Duration::from_secs(60));
    let first = order_event(3201, &ANNA, None, 1, "2026-11-20 10:00:00");
    assert_eq!(app.post_opencart(&first).await.status(), 202);
    let queue = app.local.queue.clone();
    let doomed = tokio::spawn({
        let (queue, worker) = (queue.clone(), worker.clone());
        async move { worker_loop::run_once(queue.as_ref(), &worker, loop_settings).await }
    });
    for _ in 0..200 {
        if app.crm.calls("POST", "/customers/create") == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(app.crm.calls("POST", "/customers/create"), 1);
    doomed.abort(); // no code of the killed worker runs again: its claim stays
    let _ = doomed.await;

    // The customer's next three orders arrive meanwhile.
    for (order_id, at) in [(3202, "10:05"), (3203, "10:06"), (3204, "10:07")] {
        let event = order_event(order_id, &ANNA, None, 1, &format!("2026-11-20 {at}:00"));
        assert_eq!(app.post_opencart(&event).await.status(), 202);
    }
    for _ in 0..400 {
        let handled = worker_loop::run_once(queue.as_ref(), &worker, loop_settings)
            .await
            .unwrap();
        if handled == 0 && queue.depth().await.unwrap() == 0 {
            break;
        }
    }
    assert_eq!(queue.depth().await.unwrap(), 0, "every message was handled");
    assert!(
        queue.dead_letters(10).await.unwrap().is_empty(),
        "waiting on the dead worker's claim is never a failure"
    );
    let annas: Vec<_> = app
        .crm
        .customers()
        .into_iter()
        .filter(|c| c["email"] == ANNA.email)
        .collect();
    assert_eq!(
        annas.len(),
        1,
        "the customer the dead worker created, found and linked"
    );
    let mut external: Vec<String> = app
        .crm
        .orders()
        .iter()
        .map(|o| o["externalId"].as_str().unwrap().to_owned())
        .collect();
    external.sort();
    assert_eq!(
        external,
        ["3201", "3202", "3203", "3204"],
        "each order once"
    );
    assert!(
        app.crm
            .orders()
            .iter()
            .all(|o| o["customer"]["id"] == annas[0]["id"]),
        "all on the one customer"
    );
}

on_both_backends! {
    claimant_killed_mid_creation => oc_x1_claimant_killed_mid_creation_its_customers_orders_arrive_once_sqlite, oc_x1_claimant_killed_mid_creation_its_customers_orders_arrive_once_aws;
}
