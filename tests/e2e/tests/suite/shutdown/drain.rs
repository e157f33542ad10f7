//! Issue 18, item 6, one worker loop in-process: a stop while a message is
//! in flight lets it finish within `WORKER_GRACE` and gives the rest of the
//! batch back at once (visible again, not left hidden for the visibility
//! timeout); the loop returns what it drained.

use crate::support::app::{Backend, TestApp};
use crate::support::on_both_backends;
use crate::support::opencart::{ANNA, BORIS, order_event};
use std::time::{Duration, Instant};
use synclane::runtime::worker_loop::{self, LoopSettings, WORKER_GRACE};

async fn stop_mid_batch(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // The first order's creation answers late: the loop is in it at the stop.
    app.crm
        .delay_answers("/orders/create", 1, Duration::from_secs(2));
    for (n, buyer) in [&ANNA, &BORIS, &ANNA].into_iter().enumerate() {
        let event = order_event(4100 + n as i64, buyer, None, 1, "2026-12-01 10:00:00");
        assert_eq!(app.post_opencart(&event).await.status(), 202);
    }
    let settings = LoopSettings {
        batch: 10,
        // Long: a message given back must not wait for it.
        visibility: Duration::from_secs(300),
        wait: Duration::from_millis(200),
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let running = tokio::spawn(worker_loop::run(
        app.local.queue.clone(),
        app.worker.clone(),
        settings,
        stopped,
    ));
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.crm.calls("POST", "/orders/create") == 0 {
        assert!(Instant::now() < deadline, "no order creation started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let since = Instant::now();
    stop.send(true).unwrap();
    let drained = running.await.unwrap();
    println!("drain at stop: {drained:?} in {:?}", since.elapsed());
    assert!(since.elapsed() < WORKER_GRACE, "{:?}", since.elapsed());
    assert_eq!(drained.finished, 1, "{drained:?}");
    assert_eq!(drained.abandoned, 0, "{drained:?}");
    // However the queue batched them, the other two were not started.
    assert!(drained.returned <= 2, "{drained:?}");
    assert_eq!(app.crm.orders().len(), 1);

    // Given back: handled now, though their visibility timeout is long.
    let quick = LoopSettings {
        visibility: Duration::from_secs(300),
        ..settings
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.crm.orders().len() < 3 {
        assert!(
            Instant::now() < deadline,
            "given-back messages stayed hidden"
        );
        worker_loop::run_once(app.local.queue.as_ref(), &app.worker, quick)
            .await
            .unwrap();
    }
    app.drain().await;
    assert_eq!(app.crm.orders().len(), 3, "each order once");
}

on_both_backends! {
    stop_mid_batch => stop_mid_batch_finishes_the_message_and_gives_back_the_rest_sqlite,
        stop_mid_batch_finishes_the_message_and_gives_back_the_rest_aws;
}
