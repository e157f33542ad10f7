//! Every error answer of the OpenCart hook, each asserting that nothing was
//! enqueued: bad input changes nothing.

use crate::support::app::{Backend, SECRET, TENANT, TestApp, sign};
use crate::support::opencart::{ANNA, order_event};
use serde_json::{Value, json};

async fn assert_refused(
    app: &TestApp,
    response: reqwest::Response,
    status: u16,
    code: &str,
) -> Value {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "a message says what: {body}"
    );
    assert_eq!(
        app.local.queue.depth().await.unwrap(),
        0,
        "nothing was enqueued"
    );
    body
}

fn valid() -> Vec<u8> {
    serde_json::to_vec(&order_event(1, &ANNA, None, 1, "2026-11-20 10:00:00")).unwrap()
}

#[tokio::test]
async fn hook_accepts_a_signed_event_with_202() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let raw = valid();
    let response = app.post_raw(TENANT, &raw, Some(&sign(SECRET, &raw))).await;
    assert_eq!(response.status(), 202);
    assert_eq!(app.local.queue.depth().await.unwrap(), 1);
}

#[tokio::test]
async fn hook_refuses_malformed_json_with_400() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let raw = b"{\"route\": \"checkout/order/addOrderHistory\", ".to_vec();
    let response = app.post_raw(TENANT, &raw, Some(&sign(SECRET, &raw))).await;
    let body = assert_refused(&app, response, 400, "bad_request").await;
    assert!(body["message"].as_str().unwrap().contains("malformed"));
}

#[tokio::test]
async fn hook_refuses_unknown_fields_and_wrong_shapes_with_400() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut event = order_event(1, &ANNA, None, 1, "2026-11-20 10:00:00");
    event["surprise"] = json!(true);
    let cases = [
        (event, "unknown field"),
        (
            json!({ "route": "checkout/order/addOrderHistory", "order_id": "1" }),
            "missing field `order`",
        ),
        (
            json!({ "route": "account/customer/add", "order_id": "1", "order": { "order_id": "1" } }),
            "unsupported route",
        ),
        (
            json!({ "route": "checkout/order/addOrderHistory", "order_id": "2", "order": { "order_id": "1" } }),
            "does not match",
        ),
        (
            json!({ "route": "checkout/order/addOrderHistory", "order_id": "x1", "order": { "order_id": "1" } }),
            "integer",
        ),
    ];
    for (body, expected) in cases {
        let raw = serde_json::to_vec(&body).unwrap();
        let response = app.post_raw(TENANT, &raw, Some(&sign(SECRET, &raw))).await;
        let answer = assert_refused(&app, response, 400, "bad_request").await;
        assert!(
            answer["message"].as_str().unwrap().contains(expected),
            "{answer} should mention {expected}"
        );
    }
}

#[tokio::test]
async fn hook_refuses_missing_or_wrong_signature_with_401() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let raw = valid();
    let missing = app.post_raw(TENANT, &raw, None).await;
    assert_refused(&app, missing, 401, "bad_signature").await;
    let wrong_key = app
        .post_raw(TENANT, &raw, Some(&sign("another-secret", &raw)))
        .await;
    assert_refused(&app, wrong_key, 401, "bad_signature").await;
    let mut tampered = raw.clone();
    tampered[10] ^= 1;
    let tampered_body = app
        .post_raw(TENANT, &tampered, Some(&sign(SECRET, &raw)))
        .await;
    assert_refused(&app, tampered_body, 401, "bad_signature").await;
    let not_hex = app.post_raw(TENANT, &raw, Some("sha256=zz")).await;
    assert_refused(&app, not_hex, 401, "bad_signature").await;
}

/// An unknown tenant gets what a wrong signature gets: a stranger cannot
/// tell which tenants exist (issue 18).
#[tokio::test]
async fn hook_refuses_unknown_tenant_as_a_bad_signature() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let raw = valid();
    let response = app
        .post_raw("nobody", &raw, Some(&sign(SECRET, &raw)))
        .await;
    assert_refused(&app, response, 401, "bad_signature").await;
    let bad_id = app
        .post_raw("bad%20id", &raw, Some(&sign(SECRET, &raw)))
        .await;
    assert_refused(&app, bad_id, 401, "bad_signature").await;
}

#[tokio::test]
async fn hook_refuses_bodies_over_1_mib_with_413() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut event = order_event(1, &ANNA, None, 1, "2026-11-20 10:00:00");
    event["order"]["comment"] = json!("x".repeat(1024 * 1024));
    let raw = serde_json::to_vec(&event).unwrap();
    let response = app.post_raw(TENANT, &raw, Some(&sign(SECRET, &raw))).await;
    assert_refused(&app, response, 413, "body_too_large").await;
}
