//! Retries: 503 with Retry-After honoured, persistent 503 retryable, 400 and
//! connection failures.

use super::{KEY, SECRET, connector, customer, settings, setup};
use std::time::{Duration, Instant};
use synclane::Error;
use synclane::connectors::RetryPolicy;
use synclane::connectors::woocommerce::WooCommerce;

#[tokio::test]
async fn a_503_with_retry_after_is_retried_after_the_pause() {
    let (emu, _) = setup().await;
    let woo = WooCommerce::new(
        reqwest::Client::new(),
        settings(&emu.base_url(), KEY, SECRET),
    )
    .with_retry(RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(2),
    });
    emu.set_fail_next_with_retry_after(1, 503, 1);
    let started = Instant::now();
    woo.customer_create(&customer("a@b.fr")).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited as asked"
    );
    assert_eq!(emu.calls("POST", "/wc/v3/customers"), 2);
    assert_eq!(emu.customers().len(), 1);
}

#[tokio::test]
async fn persistent_503_is_retryable_with_the_pause_asked() {
    let (emu, woo) = setup().await;
    emu.set_fail_next_with_retry_after(100, 503, 30);
    let err = woo.customers(None).await.unwrap_err();
    assert!(
        matches!(err, Error::PeerUnavailable { .. }) && err.is_retryable(),
        "{err}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(
        emu.calls("GET", "/wc/v3/customers"),
        1,
        "the worker waits, not the connector"
    );
    emu.set_fail_next(100, 502);
    let err = woo.customer(1).await.unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(
        emu.calls("GET", "/wc/v3/customers/1"),
        3,
        "three attempts in all"
    );
}

#[tokio::test]
async fn a_rejected_400_is_not_retried() {
    let (emu, woo) = setup().await;
    let id = emu.seed_customer("a@b.fr", "customer");
    emu.seed_customer("b@b.fr", "customer");
    let mut w = customer("b@b.fr");
    w.password = None;
    let err = woo.customer_update(id, &w).await.unwrap_err();
    assert!(
        matches!(&err, Error::PeerRejected { status: 400, message, .. } if message.contains("woocommerce_rest_customer_invalid_email")),
        "{err}"
    );
    assert_eq!(emu.calls("PUT", &format!("/wc/v3/customers/{id}")), 1);
}

#[tokio::test]
async fn connection_refused_is_retryable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = connector(settings(&url, KEY, SECRET))
        .customer(1)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PeerUnavailable { .. }), "{err}");
}
