//! Only failed attempts bring a message closer to the dead letters
//! (`worker::settle_result`), on both queues: a worker that died holding
//! it, or a wait on a peer's rate limit, is not one. SQS counts every
//! receive, so there the worker counts the failures in the store; the
//! embedded queue counts them itself.
//!
//! The worker allows 2 failed attempts (`max_receives = 2`); the queues'
//! own limits are 5 (SQS's redrive, the embedded queue's failures).

use crate::support::app::{Backend, TENANT, TestApp};
use crate::support::on_both_backends;
use crate::support::opencart::{ANNA, order_event};
use std::time::{Duration, Instant};
use synclane::model::TenantId;
use synclane::runtime::worker_loop::{self, LoopSettings};

const SETTINGS: LoopSettings = LoopSettings {
    batch: 1,
    visibility: Duration::from_secs(30),
    wait: Duration::from_millis(100),
};

async fn app(backend: Backend) -> TestApp {
    TestApp::spawn_configured(backend, |config| config.max_receives = 2).await
}

/// One attempt by the worker, once the message is visible.
async fn attempt(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while worker_loop::run_once(app.local.queue.as_ref(), &app.worker, SETTINGS)
        .await
        .unwrap()
        == 0
    {
        assert!(Instant::now() < deadline, "the message never came back");
    }
}

/// A worker that receives the message and dies: it never settles it.
async fn receive_and_die(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = app
            .local
            .queue
            .receive(1, Duration::from_secs(1), Duration::from_millis(100))
            .await
            .unwrap();
        if !got.is_empty() {
            return;
        }
        assert!(Instant::now() < deadline, "the message never came back");
    }
}

fn crm_orders(app: &TestApp) -> usize {
    app.crm
        .orders()
        .iter()
        .filter(|o| o["externalId"] == "4101")
        .count()
}

async fn dead_letters(app: &TestApp) -> usize {
    let tenant = TenantId::parse(TENANT).unwrap();
    app.store()
        .dead_letters
        .list_dead_letters(&tenant, 10)
        .await
        .unwrap()
        .len()
}

async fn deaths_and_waits_are_not_failed_attempts(backend: Backend) {
    let app = app(backend).await;
    let event = order_event(4101, &ANNA, None, 1, "2026-12-02 10:00:00");
    assert_eq!(app.post_opencart(&event).await.status(), 202);

    // Two workers die holding it (on SQS: receives 1 and 2).
    receive_and_die(&app).await;
    receive_and_die(&app).await;
    // The CRM throttles every try of one attempt and says when to come
    // back: a wait (receive 3).
    app.crm.set_fail_next_with_retry_after(3, 503, 1);
    attempt(&app).await;
    // A real failure, every try of one attempt: failed attempt 1 (receive 4).
    app.crm.set_fail_next(3, 503);
    attempt(&app).await;
    assert_eq!(crm_orders(&app), 0);
    assert_eq!(dead_letters(&app).await, 0, "one failed attempt of 2");

    // Receive 5, past the worker's 2 attempts had receives been counted.
    attempt(&app).await;
    assert_eq!(crm_orders(&app), 1, "applied once");
    assert_eq!(dead_letters(&app).await, 0);
    assert!(app.local.queue.dead_letters(10).await.unwrap().is_empty());
    assert_eq!(app.local.queue.depth().await.unwrap(), 0);
}

async fn the_last_failed_attempt_dead_letters_the_message(backend: Backend) {
    let app = app(backend).await;
    let event = order_event(4101, &ANNA, None, 1, "2026-12-02 10:00:00");
    assert_eq!(app.post_opencart(&event).await.status(), 202);
    // A worker died holding it first: not counted.
    receive_and_die(&app).await;
    app.crm.set_fail_next(100, 503);

    attempt(&app).await;
    assert_eq!(dead_letters(&app).await, 0, "failed attempt 1 of 2");
    attempt(&app).await;
    assert_eq!(dead_letters(&app).await, 1, "failed attempt 2 of 2");
    let moved = app.local.queue.dead_letters(10).await.unwrap();
    assert_eq!(moved.len(), 1, "moved by the worker, not by a redrive");
    assert_eq!(app.local.queue.depth().await.unwrap(), 0);
    assert_eq!(crm_orders(&app), 0);
}

on_both_backends! {
    deaths_and_waits_are_not_failed_attempts =>
        deaths_and_waits_are_not_failed_attempts_sqlite,
        deaths_and_waits_are_not_failed_attempts_aws;
    the_last_failed_attempt_dead_letters_the_message =>
        the_last_failed_attempt_dead_letters_the_message_sqlite,
        the_last_failed_attempt_dead_letters_the_message_aws;
}
