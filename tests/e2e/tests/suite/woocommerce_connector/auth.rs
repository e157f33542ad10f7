//! Keys: Basic and query auth, refused credentials, key permissions.

use super::{KEY, SECRET, connector, customer, settings, setup};
use synclane::Error;
use synclane::settings::WooAuth;
use synclane_emulators::WooCommerceEmulator;

#[tokio::test]
async fn a_wrong_secret_is_peer_auth_and_not_retried() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    let woo = connector(settings(&emu.base_url(), KEY, "cs_wrong"));
    let err = woo.customers(None).await.unwrap_err();
    assert!(
        matches!(&err, Error::PeerAuth { message, .. } if message.contains("woocommerce_rest_authentication_error: Consumer secret is invalid.")),
        "{err}"
    );
    assert!(!err.is_retryable());
    assert_eq!(emu.calls("GET", "/wc/v3/customers"), 1);
}

#[tokio::test]
async fn an_unknown_key_is_anonymous_and_refused_by_the_endpoint() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    let woo = connector(settings(&emu.base_url(), "ck_unknown", SECRET));
    let err = woo.customers(None).await.unwrap_err();
    assert!(
        matches!(&err, Error::PeerAuth { message, .. } if message.contains("woocommerce_rest_cannot_view")),
        "{err}"
    );
    let err = woo.customer_create(&customer("a@b.fr")).await.unwrap_err();
    assert!(
        matches!(&err, Error::PeerAuth { message, .. } if message.contains("woocommerce_rest_cannot_create")),
        "{err}"
    );
    assert!(emu.customers().is_empty());
}

#[tokio::test]
async fn query_auth_works_and_never_reaches_the_log() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    let mut s = settings(&emu.base_url(), KEY, SECRET);
    s.auth = WooAuth::Query;
    let woo = connector(s);
    woo.customer_create(&customer("q@b.fr")).await.unwrap();
    assert_eq!(woo.customers_by_email("Q@B.FR").await.unwrap().len(), 1);
    let log = emu.requests();
    assert!(log.iter().all(|r| r.query_auth));
    let text = format!("{log:?}");
    assert!(
        !text.contains(SECRET) && !text.contains("a-long-random-password"),
        "{text}"
    );
}

#[tokio::test]
async fn a_read_only_key_cannot_write() {
    let (emu, woo) = setup().await;
    emu.set_key_permissions("read");
    assert!(woo.customers(None).await.is_ok());
    let err = woo.customer_create(&customer("a@b.fr")).await.unwrap_err();
    assert!(
        matches!(&err, Error::PeerAuth { message, .. } if message.contains("does not have write permissions")),
        "{err}"
    );
}

/// Issue 18, item 4: with query auth the request URL carries the key and
/// secret; a shop that cannot be reached yields an error (and its debug
/// form, as journalled and logged) without them.
#[tokio::test]
async fn query_auth_transport_errors_carry_no_secret() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", dead.local_addr().unwrap());
    drop(dead);
    let mut s = settings(&url, KEY, SECRET);
    s.auth = WooAuth::Query;
    let err = connector(s).customers_by_email("q@b.fr").await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains(SECRET) && !text.contains(KEY), "{text}");
}
