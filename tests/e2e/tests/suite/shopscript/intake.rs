//! Change intake: the Shop-Script hook (secret header, body as the shop
//! sends it), the catch-up poll for lost notifications, and notifications
//! delivered several times or raced.

use super::*;
use std::time::Duration;

/// The shop's notifications are never retried. Lost ones — the order's
/// creation, then its payment — are brought by the catch-up poll, which
/// then has nothing more to send.
async fn lost_notification_is_caught_up_by_the_poll(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    app.poll_orders().await;
    app.poll_deals().await;
    app.shop.lose_notifications(1);
    let order = app.place("anna@example.com").await;
    assert_eq!(app.depth().await, 0, "the notification was lost");
    app.poll_orders().await;
    assert!(app.depth().await > 0, "the poll found the order");
    app.drain().await;
    let deal = app.deal_of(order).await.expect("SS-2 through the poll");
    assert_eq!(app.crm.deal(deal).unwrap()["stage_id"], app.stages[0]);

    app.shop.lose_notifications(1);
    assert!(app.shop.act(order, "pay").await);
    assert_eq!(app.depth().await, 0);
    app.poll_orders().await;
    app.drain().await;
    assert_eq!(
        app.crm.deal(deal).unwrap()["stage_id"],
        app.stages[2],
        "SS-4 through the poll"
    );

    app.poll_orders().await;
    assert_eq!(app.depth().await, 0, "synced orders are not sent again");
    assert_eq!(app.crm.deals().len(), 1);
}

/// Each notification arrives three times: the order gets one deal (one
/// contact, one add) and its payment moves the deal once.
async fn notification_delivered_three_times_applies_once(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    app.shop.repeat_notifications(3);
    let order = app.place("anna@example.com").await;
    assert_eq!(app.shop.notifications_delivered(), 3);
    app.drain().await;
    assert!(app.deal_of(order).await.is_some());
    assert_eq!(app.crm.deals().len(), 1);
    assert_eq!(app.crm.contacts().len(), 1);
    assert_eq!(app.crm.calls("crm.deal.add"), 1);
    assert!(app.shop.act(order, "pay").await);
    app.drain().await;
    assert_eq!(app.crm.calls("crm.deal.move"), 1, "moved once");
    assert_eq!(app.deal(order).await["stage_id"], app.stages[2]);
}

/// One order's creation handled by two workers at once (a delivery raced
/// by its redelivery): one deal, one contact.
async fn racing_deliveries_make_one_deal(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    let order = app.place("anna@example.com").await;
    let got = app
        .local
        .queue
        .receive(1, Duration::from_secs(60), Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(got.len(), 1, "the notification's event");
    let worker = &app.local.worker;
    let (a, b) = tokio::join!(
        worker.handle("worker-a", &got[0].body),
        worker.handle("worker-b", &got[0].body)
    );
    assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
    assert!(app.deal_of(order).await.is_some());
    assert_eq!(app.crm.deals().len(), 1, "one deal");
    assert_eq!(app.crm.calls("crm.deal.add"), 1);
    assert_eq!(app.crm.contacts().len(), 1, "one contact");
}

/// The hook: the secret header is required, the order must be named, a
/// form body is read like JSON.
async fn the_hook_takes_only_notifications_with_the_secret(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    let body = json!({ "order_id": "5", "action_id": "pay", "log_id": "9" });
    assert_eq!(app.post_hook(&body, None).await.status(), 401);
    assert_eq!(
        app.post_hook(&body, Some("not-the-secret")).await.status(),
        401
    );
    assert_eq!(
        app.post_hook(&json!({ "state": "paid" }), Some(NOTIFY_SECRET))
            .await
            .status(),
        400
    );
    let r = app.post_hook(&body, Some(NOTIFY_SECRET)).await;
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["flows"], 1, "{answer}");
    let url = format!("http://{}/hooks/{}/shopscript", app.local.addr, app.tenant);
    let form = app
        .http
        .post(url)
        .header("X-Synclane-Secret", NOTIFY_SECRET)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("order%5Bid%5D=6&action_data%5Bid%5D=10")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    assert_eq!(app.depth().await, 2);
}

on_both_backends! {
    lost_notification_is_caught_up_by_the_poll => ss_2_lost_notification_is_caught_up_by_the_poll_sqlite, ss_2_lost_notification_is_caught_up_by_the_poll_aws;
    notification_delivered_three_times_applies_once => ss_2_notification_delivered_three_times_applies_once_sqlite, ss_2_notification_delivered_three_times_applies_once_aws;
    racing_deliveries_make_one_deal => ss_2_racing_deliveries_make_one_deal_sqlite, ss_2_racing_deliveries_make_one_deal_aws;
    the_hook_takes_only_notifications_with_the_secret => shopscript_hook_takes_only_notifications_with_the_secret_sqlite, shopscript_hook_takes_only_notifications_with_the_secret_aws;
}
