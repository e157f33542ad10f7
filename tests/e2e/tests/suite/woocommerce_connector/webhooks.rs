//! Webhook deliveries signed by the emulator as WooCommerce signs them,
//! checked by `verify_signature`; the ping; disabling after 5 failures.

use super::{KEY, SECRET};
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use serde_json::json;
use std::sync::{Arc, Mutex};
use synclane::connectors::woocommerce::{WebhookDelivery, verify_signature};
use synclane::secret::Secret;
use synclane_emulators::WooCommerceEmulator;
use synclane_emulators::woocommerce::{Delivery, MAX_FAILURES};

/// A receiver that verifies as our hook will, and records what it accepted.
async fn receiver(secret: &'static str, seen: Arc<Mutex<Vec<WebhookDelivery>>>) -> String {
    let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let seen = seen.clone();
        async move {
            if let Some(id) = WebhookDelivery::ping_id(&body) {
                assert_eq!(id, 7);
                return StatusCode::OK;
            }
            let signature = headers
                .get("x-wc-webhook-signature")
                .and_then(|v| v.to_str().ok());
            if verify_signature(&body, &Secret::new(secret), signature).is_err() {
                return StatusCode::UNAUTHORIZED;
            }
            seen.lock()
                .unwrap()
                .extend(WebhookDelivery::from_headers(&headers));
            StatusCode::OK
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/hooks/t1/woocommerce",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn signed_deliveries_verify_and_forged_ones_do_not() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    let id = emu.seed_customer("a@b.fr", "customer");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let url = receiver("whsec-1", seen.clone()).await;
    let hook = emu.webhook(7, &url, "whsec-1");
    assert!(hook.ping().await, "the ping gets 200");
    let body = emu.customer(id).unwrap();
    let Delivery::Answered {
        status: 200,
        delivery_id,
    } = hook.deliver("customer.updated", &body).await
    else {
        panic!("accepted");
    };
    let got = seen.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].topic.as_str(), got[0].event.as_str()),
        ("customer.updated", "updated")
    );
    assert_eq!(got[0].delivery_id, delivery_id);
    assert_eq!(got[0].webhook_id, "7");
    let forged = hook
        .deliver_raw(
            "customer.deleted",
            json!({"id": id}).to_string().as_bytes(),
            Some("AAAA"),
        )
        .await;
    assert!(matches!(forged, Delivery::Answered { status: 401, .. }));
}

#[tokio::test]
async fn a_webhook_is_disabled_after_more_than_5_failures_in_a_row() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    let url = receiver("right-secret", Arc::new(Mutex::new(Vec::new()))).await;
    let hook = emu.webhook(7, &url, "wrong-secret");
    for _ in 0..=MAX_FAILURES {
        assert!(matches!(
            hook.deliver("customer.created", &json!({"id": 1})).await,
            Delivery::Answered { status: 401, .. }
        ));
    }
    assert!(hook.is_disabled());
    assert_eq!(
        hook.deliver("customer.created", &json!({"id": 1})).await,
        Delivery::Disabled
    );
}
