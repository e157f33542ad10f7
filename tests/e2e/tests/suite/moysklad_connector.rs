//! The MoySklad connector against the MoySklad emulator: auth, gzip, paging,
//! error bodies, 429 handling, the shared rate budget, webhook echo
//! suppression and webhook delivery retries.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use synclane::Error;
use synclane::budget::{LocalRateBudget, RateLimits};
use synclane::connectors::moysklad::{
    CallKind, Counterparty, GoodsKind, MoySklad, StockQuery, WebhookPayload, WebhookSpec, errors,
};
use synclane::secret::Secret;
use synclane::settings::MoySkladSettings;
use synclane_emulators::moysklad::{Faults, MoySkladEmulator};

const TOKEN: &str = "ms-test-token";

fn settings(emu: &MoySkladEmulator, token: &str, prefixes: &[&str]) -> MoySkladSettings {
    MoySkladSettings {
        base_url: emu.base_url(),
        token: Secret::new(token),
        disable_webhook_prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
        request_weight: 1,
        webhook_token: Secret::default(),
        public_base_url: None,
        sync: None,
    }
}

fn client_with(
    emu: &MoySkladEmulator,
    budget: Arc<LocalRateBudget>,
    prefixes: &[&str],
) -> MoySklad {
    MoySklad::new(
        reqwest::Client::new(),
        settings(emu, TOKEN, prefixes),
        budget,
    )
}

fn client(emu: &MoySkladEmulator) -> MoySklad {
    client_with(
        emu,
        Arc::new(LocalRateBudget::new(RateLimits::MOYSKLAD)),
        &[],
    )
}

/// A webhook receiver on 127.0.0.1:0 that records each delivery and answers `status`.
struct Receiver {
    base: String,
    seen: Arc<Mutex<Vec<(String, Value)>>>,
}

async fn receiver(status: StatusCode) -> Receiver {
    type Seen = Arc<Mutex<Vec<(String, Value)>>>;
    async fn hook(
        State((seen, status)): State<(Seen, StatusCode)>,
        Query(q): Query<HashMap<String, String>>,
        axum::Json(body): axum::Json<Value>,
    ) -> StatusCode {
        seen.lock()
            .unwrap()
            .push((q.get("requestId").cloned().unwrap_or_default(), body));
        status
    }
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route(
            "/hooks/{tenant}/moysklad/{token}",
            axum::routing::post(hook),
        )
        .with_state((seen.clone(), status));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Receiver { base, seen }
}

#[tokio::test]
async fn moysklad_bad_token_is_a_typed_auth_error() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let bad = MoySklad::new(
        reqwest::Client::new(),
        settings(&emu, "wrong", &[]),
        Arc::new(LocalRateBudget::new(RateLimits::MOYSKLAD)),
    );
    let err = bad
        .counterparty_get("00000000-0000-0000-0000-000000000000")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::PeerAuth { message, .. } if message.contains("1056")),
        "{err:?}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn moysklad_requires_gzip() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let resp = raw
        .get(format!("{}/entity/counterparty", emu.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 415);
    assert!(
        resp.bytes().await.unwrap().is_empty(),
        "415 comes with no body"
    );
    // With gzip the same call works, and the answer is gzipped.
    let resp = raw
        .get(format!("{}/entity/counterparty", emu.base_url()))
        .bearer_auth(TOKEN)
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn moysklad_pagination_walks_more_than_1000_rows() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    for i in 0..2345 {
        emu.seed_product(&format!("Good {i}"), &format!("ext-{i}"), 100 + i);
    }
    let ms = client(&emu);
    let goods = ms.goods_list(GoodsKind::Product, None).await.unwrap();
    assert_eq!(goods.len(), 2345);
    assert_eq!(goods[2344].external_code.as_deref(), Some("ext-2344"));
    assert_eq!(emu.counters().requests, 3, "1000 + 1000 + 345");
    // A page size outside 1..=1000 is refused before sending, and by the server.
    assert!(matches!(
        ms.pager("entity/product", vec![], CallKind::Ordinary, 1001),
        Err(Error::Invalid(_))
    ));
    let raw = reqwest::Client::new();
    let resp = raw
        .get(format!("{}/entity/product?limit=1001", emu.base_url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 412);
}

#[tokio::test]
async fn moysklad_error_body_is_parsed_with_code_and_parameter() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let ms = client(&emu);
    let err = ms
        .counterparty_create(&Counterparty {
            email: Some("a@b.c".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    match &err {
        Error::PeerRejected {
            status, message, ..
        } => {
            assert_eq!(*status, 412);
            assert!(
                message.contains("code 3000") && message.contains("parameter 'name'"),
                "{message}"
            );
        }
        other => panic!("expected PeerRejected, got {other:?}"),
    }
    // The raw body has MoySklad's shape.
    let raw = reqwest::Client::new();
    let resp = raw
        .post(format!("{}/entity/counterparty", emu.base_url()))
        .bearer_auth(TOKEN)
        .json(&json!({"email": "a@b.c"}))
        .send()
        .await
        .unwrap();
    let parsed = errors::parse_errors(&resp.bytes().await.unwrap());
    assert_eq!(parsed[0].code, Some(3000));
    assert_eq!(parsed[0].parameter.as_deref(), Some("name"));
    // Wrong Content-Type on a write: 1037.
    let resp = raw
        .post(format!("{}/entity/counterparty", emu.base_url()))
        .bearer_auth(TOKEN)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        errors::parse_errors(&resp.bytes().await.unwrap())[0].code,
        Some(1037)
    );
    // More than 1000 items in an array: 413.
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"name": format!("c{i}")}))
        .collect();
    let resp = raw
        .post(format!("{}/entity/counterparty", emu.base_url()))
        .bearer_auth(TOKEN)
        .json(&many)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
}

#[tokio::test]
async fn moysklad_429_honours_retry_after_and_succeeds() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let id = emu.seed_counterparty(json!({"name": "Иванов Иван", "email": "ivan@example.com"}));
    emu.set_faults(Faults {
        rate_429: 1.0,
        ..Faults::default()
    });
    let ms = client(&emu);
    let started = Instant::now();
    let call = tokio::spawn(async move { ms.counterparty_get(&id).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    emu.set_faults(Faults::default());
    let got = call.await.unwrap().unwrap().expect("found");
    assert_eq!(got.email.as_deref(), Some("ivan@example.com"));
    assert!(emu.counters().injected_faults >= 1);
    // Each refusal asked for 200 ms; the client waited at least that long.
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn moysklad_20_concurrent_tasks_share_one_budget_without_violations() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let id = emu.seed_counterparty(json!({"name": "Shared"}));
    let budget = Arc::new(LocalRateBudget::new(RateLimits::MOYSKLAD));
    twenty_tasks_three_gets(|| client_with(&emu, budget.clone(), &[]), &id).await;
    let c = emu.counters();
    assert_eq!(c.requests, 60);
    assert_eq!(c.rate_violations, 0, "{c:?}");
    assert_eq!(c.parallel_violations, 0, "{c:?}");
}

#[tokio::test]
async fn moysklad_disable_by_prefix_suppresses_our_echo() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let rx = receiver(StatusCode::OK).await;
    let id = emu.seed_counterparty(json!({"name": "Петров Пётр"}));
    let budget = Arc::new(LocalRateBudget::new(RateLimits::MOYSKLAD));
    let ours = client_with(&emu, budget.clone(), &[&rx.base]);
    let url = format!("{}/hooks/t1/moysklad/secret", rx.base);
    let spec = WebhookSpec {
        url: url.clone(),
        action: "UPDATE".into(),
        entity_type: "counterparty".into(),
        fields_diff: true,
    };
    let hook = ours.webhook_create(&spec).await.unwrap();
    // Registering again is refused by MoySklad (30003); the connector returns the existing one.
    assert_eq!(ours.webhook_create(&spec).await.unwrap().id, hook.id);
    assert_eq!(ours.webhooks().await.unwrap().len(), 1);

    let change = Counterparty {
        phone: Some("+79031234567".into()),
        ..Default::default()
    };
    ours.counterparty_update(&id, &change).await.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        rx.seen.lock().unwrap().is_empty(),
        "our own write must not come back"
    );

    let someone_else = client_with(&emu, budget, &[]);
    someone_else
        .counterparty_update(
            &id,
            &Counterparty {
                email: Some("p@example.com".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let seen = rx.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let payload: WebhookPayload = serde_json::from_value(seen[0].1.clone()).unwrap();
    let event = &payload.events[0];
    assert_eq!(
        (event.action.as_str(), event.meta.id()),
        ("UPDATE", id.as_str())
    );
    assert_eq!(event.updated_fields, vec!["email".to_string()]);
    assert!(!seen[0].0.is_empty(), "requestId is on the URL");
}

#[tokio::test]
async fn moysklad_webhook_is_retried_3_times_with_the_same_request_id() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    // 202 is not success for MoySklad: only 200 and 204 are.
    let rx = receiver(StatusCode::ACCEPTED).await;
    let ms = client(&emu);
    let url = format!("{}/hooks/t1/moysklad/secret", rx.base);
    ms.webhook_create(&WebhookSpec {
        url,
        action: "UPDATE".into(),
        entity_type: "customerorder".into(),
        fields_diff: false,
    })
    .await
    .unwrap();
    let deliveries = emu
        .fire_webhook(
            "customerorder",
            "UPDATE",
            "3f1c0b9e-0000-4000-8000-000000000001",
            &["state"],
        )
        .await;
    assert_eq!(deliveries.len(), 4, "the first attempt and 3 retries");
    let seen = rx.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4);
    assert!(
        seen.iter().all(|(rid, _)| *rid == seen[0].0),
        "same requestId on every attempt"
    );
    assert!(
        seen[0].1["events"][0].get("updatedFields").is_none(),
        "no updatedFields without diffType FIELDS"
    );
}

#[tokio::test]
async fn moysklad_stock_report_rows_and_zero_filter() {
    let emu = MoySkladEmulator::start(TOKEN).await;
    let store = emu.seed_store("Main");
    let a = emu.seed_product("A", "ext-a", 12345);
    let b = emu.seed_product("B", "ext-b", 500);
    emu.set_stock(&a, &store, 10.0, 2.0, 3.0);
    emu.set_stock(&b, &store, 0.0, 0.0, 0.0);
    let ms = client(&emu);
    let rows = ms.stock_all(&StockQuery::default()).await.unwrap();
    assert_eq!(rows.len(), 1, "zero rows are left out by default");
    let row = &rows[0];
    assert!(row.meta.href.ends_with("?expand=supplier"));
    assert_eq!(row.meta.id(), a);
    assert_eq!(
        (row.stock, row.reserve, row.in_transit, row.quantity),
        (10.0, 2.0, 3.0, 11.0)
    );
    assert_eq!(row.price.0, 12345, "cost price in kopecks");
    let all = ms
        .stock_all(&StockQuery {
            include_zero: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn moysklad_emulator_counts_violations_of_unshared_budgets() {
    // The control for the test above: budgets per task overrun the user's limits,
    // the emulator sees it, and the connector's retries still get every answer.
    let emu = MoySkladEmulator::start(TOKEN).await;
    let id = emu.seed_counterparty(json!({"name": "Unshared"}));
    twenty_tasks_three_gets(|| client(&emu), &id).await;
    let c = emu.counters();
    assert!(c.rate_violations + c.parallel_violations > 0, "{c:?}");
}

/// 20 concurrent tasks, each with its own client from `make`, read one
/// counterparty 3 times.
async fn twenty_tasks_three_gets(make: impl Fn() -> MoySklad, id: &str) {
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (ms, id) = (make(), id.to_owned());
        tasks.push(tokio::spawn(async move {
            for _ in 0..3 {
                ms.counterparty_get(&id).await.unwrap().expect("found");
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}
