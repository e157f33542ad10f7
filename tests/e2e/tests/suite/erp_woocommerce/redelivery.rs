//! Resumable deliveries and racing workers: a redelivery finishes what a
//! failed delivery left, and two workers on one third party create each
//! account once.

use super::*;
use std::time::Duration;
use synclane::secret::Secret;
use synclane::settings::Deactivation;

fn people() -> Vec<Value> {
    vec![
        contact("C1", Some("anna@sirius.fr"), false),
        contact("C2", Some("boris@sirius.fr"), false),
    ]
}

/// The feed's one queued message.
async fn take_message(app: &EwApp) -> synclane::queue::Received {
    let mut got = app
        .local
        .queue
        .receive(1, Duration::from_secs(60), Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(got.len(), 1);
    got.remove(0)
}

/// The accounts are created, then their roles cannot be set (WordPress
/// down): the delivery fails, retryably, with the accounts already linked.
/// The redelivery only sets the roles: no second create, no look-up.
async fn redelivery_finishes_a_failed_delivery(backend: Backend) {
    let app = EwApp::spawn_with(backend, |shop| {
        shop.deactivation = Deactivation::Role {
            active: "b2b_customer".into(),
            inactive: "b2b_blocked".into(),
            wp_user: "sync".into(),
            application_password: Secret::new("app pass"),
        };
    })
    .await;
    app.woo.add_role("b2b_customer");
    app.woo.add_role("b2b_blocked");
    app.woo.set_wp_admin("sync", "app pass");
    app.feed(&[party("T1", V1, people())]).await;
    let message = take_message(&app).await;
    app.woo.set_fail_next_on("/wp/v2/users", 1000, 503);
    let first = app.worker.handle(&message.message_id, &message.body).await;
    let error = first.expect_err("the roles could not be set");
    assert!(error.is_retryable(), "{error}");
    assert_eq!(app.woo.customers().len(), 3, "created before the failure");
    assert_eq!(
        super::linked_account(&app, "T1/C2").await,
        Some(id(&app.account("boris@sirius.fr")))
    );

    app.woo.set_fail_next_on("/wp/v2/users", 0, 503);
    app.woo.clear_log();
    let second = app.worker.handle(&message.message_id, &message.body).await;
    assert!(second.is_ok(), "{second:?}");
    assert_eq!(app.woo.customers().len(), 3);
    for email in ["t1@erp.fr", "anna@sirius.fr", "boris@sirius.fr"] {
        assert_eq!(app.account(email)["role"], "b2b_customer", "{email}");
    }
    let requests = app.woo.requests();
    assert_eq!(
        super::creates_sent(&app),
        0,
        "nothing created twice: {requests:#?}"
    );
    assert!(
        requests
            .iter()
            .all(|r| r.query.iter().all(|(k, _)| k != "email")),
        "linked accounts are read by id, not looked up"
    );
}

/// Two workers handle the same third party at once (a delivery raced by
/// its own copy): one creates each account, the other waits on its claims
/// and finds them linked.
async fn racing_workers_create_each_account_once(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    app.feed(&[party("T1", V1, people())]).await;
    let message = take_message(&app).await;
    let (a, b) = tokio::join!(
        app.worker.handle("worker-a", &message.body),
        app.worker.handle("worker-b", &message.body),
    );
    assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
    assert_eq!(app.woo.customers().len(), 3);
    assert_eq!(super::creates_sent(&app), 3, "each account asked for once");
    for party in ["T1", "T1/C1", "T1/C2"] {
        assert!(
            super::linked_account(&app, party).await.is_some(),
            "{party}"
        );
    }
}

on_both_backends! {
    redelivery_finishes_a_failed_delivery => ew_redelivery_finishes_a_failed_delivery_sqlite, ew_redelivery_finishes_a_failed_delivery_aws;
    racing_workers_create_each_account_once => ew_4_racing_workers_create_each_account_once_sqlite, ew_4_racing_workers_create_each_account_once_aws;
}
