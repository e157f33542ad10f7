//! An event delivered three times (the same message received thrice, then
//! the shop's outbox posting it twice more) is applied and counted once; the
//! usage API answers in JSON and CSV and checks its range.

use super::{admin_hash, tenant_key, usage};
use crate::support::app::{Backend, TENANT, TestApp};
use crate::support::on_both_backends;
use crate::support::opencart::{ANNA, order_event};
use std::time::Duration;
use synclane::store::Day;

async fn delivered_three_times_counts_once(backend: Backend) {
    let app = TestApp::spawn_configured(backend, |config| {
        config.admin_token_sha256 = Some(admin_hash());
    })
    .await;
    let event = order_event(4101, &ANNA, None, 1, "2026-11-20 10:00:00");
    assert_eq!(app.post_opencart(&event).await.status(), 202);
    // The flow's copy, handled three times under one message id: three
    // receipts of one message (e.g. its visibility ran out each time).
    let received = app
        .local
        .queue
        .receive(10, Duration::from_secs(60), Duration::from_secs(2))
        .await
        .unwrap();
    let copy = received
        .iter()
        .find(|m| m.body.contains("\"opencart_crm\""))
        .unwrap_or_else(|| panic!("the flow's copy: {received:#?}"));
    for _ in 0..3 {
        app.worker
            .handle(&copy.message_id, &copy.body)
            .await
            .unwrap();
    }
    for message in &received {
        app.local.queue.delete(&message.handle).await.unwrap();
    }
    // The shop posts it again twice (its outbox never heard the 202).
    for _ in 0..2 {
        assert_eq!(app.post_opencart(&event).await.status(), 202);
    }
    app.drain().await;
    assert_eq!(app.crm.orders().len(), 1, "applied once");

    let addr = app.local.addr.to_string();
    let today = Day::today().to_string();
    let (status, body) = usage(&addr, TENANT, "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["per_flow"]["opencart_crm"], 1, "{body:#}");
    assert_eq!(body["per_day"][&today], body["total"], "{body:#}");
    assert_eq!(body["to"], today.as_str());
    let rows = body["rows"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r["flow"] == "opencart_crm" && r["operations"] == 1 && r["day"] == today),
        "{body:#}"
    );

    // CSV, asked for by Accept or by format.
    let client = reqwest::Client::new();
    let key = tenant_key(&addr, TENANT).await;
    let url = format!("http://{addr}/admin/tenants/{TENANT}/usage?from={today}&to={today}");
    let by_accept = client
        .get(&url)
        .bearer_auth(&key)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(by_accept.status(), 200);
    assert!(
        by_accept.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = by_accept.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("day,flow,operations"));
    assert!(
        lines.any(|l| l == format!("{today},opencart_crm,1")),
        "{csv}"
    );
    let by_format = client
        .get(format!("{url}&format=csv"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(by_format.text().await.unwrap(), csv);

    // Bad ranges are refused with a JSON error; another tenant is unknown.
    for query in [
        "?from=2026-13-01",
        "?from=2026-12-02&to=2026-12-01",
        "?from=2020-01-01&to=2026-01-01",
        "?format=xml",
    ] {
        let (status, body) = usage(&addr, TENANT, query).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("bad_request")),
            "{query}: {body}"
        );
    }
    let (status, _) = usage(&addr, "no-such-tenant", "").await;
    assert_eq!(status, 404);
    // Before today: nothing.
    let (_, past) = usage(&addr, TENANT, "?from=2020-01-01&to=2020-12-31").await;
    assert_eq!(past["total"], 0, "{past}");
}

on_both_backends! {
    delivered_three_times_counts_once => metering_delivered_three_times_counts_once_sqlite, metering_delivered_three_times_counts_once_aws;
}
