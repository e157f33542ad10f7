//! Hook bodies that are well signed but hostile, and strangers guessing
//! tenants: each is refused and changes nothing.

use crate::support::app::{Backend, SECRET, TENANT, TestApp, sign, tenant_id};
use crate::support::opencart::{ANNA, order_event};
use serde_json::{Value, json};
use synclane::secret::Secret;
use synclane::settings::{MoySkladSettings, MoySkladSync};

const MS_BASE: &str = "https://api.moysklad.ru/api/remap/1.2";
const MS_HOOK_TOKEN: &str = "ms-hook-token-0123456789";
const ORDER_ID: &str = "7944ef04-f831-11e5-7a69-971500188b19";

async fn depth(app: &TestApp) -> u64 {
    app.local.queue.depth().await.unwrap()
}

/// An OpenCart order id that is not an exact integer in range is refused:
/// `9223372036854775808` must not become order `9223372036854775807`, nor
/// `1e3` order 1000 (distinct shop orders would merge into one record).
#[tokio::test]
async fn opencart_order_ids_must_be_exact_integers_in_range() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let body =
        serde_json::to_string(&order_event(1, &ANNA, None, 1, "2026-11-20 10:00:00")).unwrap();
    assert_eq!(body.matches("\"order_id\":\"1\"").count(), 2, "{body}");
    for id in [
        "9223372036854775808",
        "18446744073709551616",
        "1e19",
        "1e3",
        "1.0",
        "-1e2",
    ] {
        let raw = body.replace("\"order_id\":\"1\"", &format!("\"order_id\":{id}"));
        let response = app
            .post_raw(TENANT, raw.as_bytes(), Some(&sign(SECRET, raw.as_bytes())))
            .await;
        assert_eq!(response.status(), 400, "order_id {id}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"], "bad_request", "{answer}");
        assert_eq!(depth(&app).await, 0, "order_id {id} queued nothing");
    }
    let largest = body.replace("\"order_id\":\"1\"", "\"order_id\":9223372036854775807");
    let response = app
        .post_raw(
            TENANT,
            largest.as_bytes(),
            Some(&sign(SECRET, largest.as_bytes())),
        )
        .await;
    assert_eq!(response.status(), 202, "the largest id is an id");
}

/// A test app whose tenant also has a MoySklad account (webhooks on).
async fn with_moysklad() -> TestApp {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let store = app.store();
    let mut settings = store
        .tenants
        .get_tenant(&tenant_id())
        .await
        .unwrap()
        .unwrap();
    settings.moysklad = Some(MoySkladSettings {
        base_url: MS_BASE.into(),
        token: Secret::new("ms-api-token"),
        disable_webhook_prefixes: Vec::new(),
        request_weight: 1,
        webhook_token: Secret::new(MS_HOOK_TOKEN),
        public_base_url: None,
        sync: Some(MoySkladSync {
            accept_order_changes: true,
            ..MoySkladSync::default()
        }),
    });
    store.tenants.put_tenant(&settings).await.unwrap();
    app
}

fn ms_event(href: &str) -> Value {
    json!({ "meta": { "type": "customerorder", "href": href }, "action": "UPDATE",
            "accountId": "84e60e93-f7c0-11e5-7a69-971500000000",
            "updatedFields": ["state"] })
}

async fn post_ms(app: &TestApp, tenant: &str, token: &str, body: &Value) -> reqwest::Response {
    app.http
        .post(format!(
            "http://{}/hooks/{tenant}/moysklad/{token}",
            app.local.addr
        ))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// A MoySklad event whose href is empty, a path, another entity type or
/// another host is refused before anything is queued or fetched: a worker
/// would follow it with the tenant's token.
#[tokio::test]
async fn moysklad_hrefs_must_name_an_entity_of_the_tenants_account() {
    let app = with_moysklad().await;
    let good = format!("{MS_BASE}/entity/customerorder/{ORDER_ID}");
    for href in [
        String::new(),
        "../../../etc/passwd".to_owned(),
        format!("{MS_BASE}/entity/customerorder/../../../etc/passwd"),
        format!("{MS_BASE}/entity/counterparty/{ORDER_ID}"),
        format!("https://attacker.example/api/remap/1.2/entity/customerorder/{ORDER_ID}"),
    ] {
        // A good event first: one bad event refuses the whole body.
        let body = json!({ "events": [ms_event(&good), ms_event(&href)] });
        let response = post_ms(&app, TENANT, MS_HOOK_TOKEN, &body).await;
        assert_eq!(response.status(), 400, "href {href:?}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"], "bad_request", "{answer}");
        assert_eq!(depth(&app).await, 0, "href {href:?} queued nothing");
    }
    let response = post_ms(
        &app,
        TENANT,
        MS_HOOK_TOKEN,
        &json!({ "events": [ms_event(&good)] }),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(depth(&app).await, 1);
}

/// A stranger cannot tell a tenant that exists from one that does not: on
/// every hook, an unknown tenant gets exactly what wrong credentials get.
#[tokio::test]
async fn unknown_tenants_answer_as_wrong_credentials_on_every_hook() {
    let app = with_moysklad().await;
    let base = format!("http://{}", app.local.addr);
    let body =
        json!({ "events": [ms_event(&format!("{MS_BASE}/entity/customerorder/{ORDER_ID}"))] });
    let answer = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        (status, r.json::<Value>().await.unwrap())
    };
    let wrong_token = answer(post_ms(&app, TENANT, "wrong-token-0123456789", &body).await).await;
    let no_tenant = answer(post_ms(&app, "nobody", MS_HOOK_TOKEN, &body).await).await;
    assert_eq!(wrong_token.0, 404);
    assert_eq!(wrong_token, no_tenant, "MoySklad hook");
    for hook in ["opencart", "erp", "woocommerce", "shopscript"] {
        let post = |tenant: &str| {
            app.http
                .post(format!("{base}/hooks/{tenant}/{hook}"))
                .header("content-type", "application/json")
                .header("x-synclane-signature", "00")
                .header("x-wc-webhook-signature", "AAAA")
                .header("x-wc-webhook-topic", "customer.updated")
                .body("{}")
                .send()
        };
        let known = answer(post(TENANT).await.unwrap()).await;
        let unknown = answer(post("nobody").await.unwrap()).await;
        assert_eq!(known.0, 401, "{hook}: {known:?}");
        assert_eq!(known, unknown, "{hook}");
    }
    assert_eq!(depth(&app).await, 0);
}

/// MoySklad gives up on a delivery after 1.5 s and sends it again: the
/// largest body a hook takes (1 MiB: some 6,500 events with full hrefs) is
/// queued in batches, whole. Its speed is measured by `synclane-bench
/// hooks`, not asserted here.
#[tokio::test]
async fn the_largest_moysklad_body_is_queued_whole() {
    let app = with_moysklad().await;
    let events: Vec<Value> = (0..6_500)
        .map(|n| {
            let href =
                format!("{MS_BASE}/entity/customerorder/{n:08x}-f831-11e5-7a69-971500188b19");
            json!({ "meta": { "type": "customerorder", "href": href }, "action": "UPDATE" })
        })
        .collect();
    let body = json!({ "events": events });
    let size = serde_json::to_vec(&body).unwrap().len();
    assert!(
        (900_000..=synclane::hooks::MAX_BODY_BYTES).contains(&size),
        "{size} bytes"
    );
    let response = post_ms(&app, TENANT, MS_HOOK_TOKEN, &body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(depth(&app).await, 6_500);
}
