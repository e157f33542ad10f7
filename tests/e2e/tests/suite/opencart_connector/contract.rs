//! The refusals of API.md §3, each answered with its status and stable
//! code, in the extension's order, and with nothing changed.

use super::{SECRET, connector, setup};
use serde_json::Value;
use synclane::Error;
use synclane::connectors::opencart::api::signing::{canonical, rawurlencode, signature};
use synclane::connectors::opencart::api::{CustomerSection, OrderChanges};

/// A request signed by hand: `query` without `route`; `timestamp` as sent.
async fn raw(
    shop: &synclane_emulators::OpenCartEmulator,
    method: &str,
    query: &[(&str, &str)],
    body: &str,
    timestamp: i64,
) -> (u16, Value) {
    let params: Vec<(&str, String)> = query.iter().map(|(k, v)| (*k, v.to_string())).collect();
    let ts = timestamp.to_string();
    let signed = canonical(
        method,
        "extension/synclane/api",
        &params,
        &ts,
        body.as_bytes(),
    );
    let url = format!(
        "{}index.php?route=extension/synclane/api{}",
        shop.base_url(),
        query
            .iter()
            .map(|(k, v)| format!("&{k}={}", rawurlencode(v)))
            .collect::<String>()
    );
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let answer = reqwest::Client::new()
        .request(method, url)
        .header("X-Synclane-Timestamp", ts)
        .header("X-Synclane-Signature", signature(SECRET, &signed))
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

fn now() -> i64 {
    synclane::clock::now_ms() / 1000
}

fn code(answer: &(u16, Value)) -> (u16, &str) {
    (answer.0, answer.1["error"]["code"].as_str().unwrap_or("-"))
}

#[tokio::test]
async fn the_emulator_refuses_what_the_extension_refuses() {
    let (shop, _) = setup().await;
    let get = |q: &'static [(&str, &str)]| raw(&shop, "GET", q, "", now());
    assert_eq!(
        code(&get(&[("op", "order.get"), ("order_id", "42")]).await).0,
        200
    );
    assert_eq!(code(&get(&[("op", "nope")]).await), (400, "unknown_op"));
    assert_eq!(code(&get(&[]).await), (400, "unknown_op"));
    assert_eq!(
        code(&get(&[("op", "order.update"), ("order_id", "42")]).await),
        (405, "method_not_allowed")
    );
    let unknown = get(&[("op", "order.get"), ("order_id", "42"), ("x", "1")]).await;
    assert_eq!(code(&unknown), (422, "invalid_field"));
    assert_eq!(unknown.1["error"]["field"], "x");
    let repeated = get(&[("op", "order.get"), ("order_id", "42"), ("order_id", "43")]).await;
    assert_eq!(code(&repeated), (422, "invalid_field"));
    // 305 s, not 301: the second may turn between our clock read and the shop's.
    let stale = raw(&shop, "GET", &[("op", "ping")], "", now() - 305).await;
    assert_eq!(code(&stale), (401, "stale_timestamp"));
    let ahead = raw(&shop, "GET", &[("op", "ping")], "", now() + 305).await;
    assert_eq!(code(&ahead), (401, "stale_timestamp"));
    let post = |body: &'static str| {
        raw(
            &shop,
            "POST",
            &[("op", "order.update"), ("order_id", "42")],
            body,
            now(),
        )
    };
    for body in ["[]", "\"x\"", "null", "{broken"] {
        assert_eq!(code(&post(body).await), (400, "malformed_json"), "{body}");
    }
    let bad = post(r#"{"customer": {"email": "not-an-address"}}"#).await;
    assert_eq!(code(&bad), (422, "invalid_field"));
    assert_eq!(bad.1["error"]["field"], "customer.email");
    let long = post(r#"{"shipping_address": {"postcode": "12345678901"}}"#).await;
    assert_eq!(long.1["error"]["field"], "shipping_address.postcode");
    let zone = post(r#"{"payment_address": {"zone": "Moscow"}}"#).await;
    assert_eq!(zone.1["error"]["field"], "payment_address.zone");
    assert_eq!(code(&post("").await).0, 200, "an empty body is {{}}");
    assert_eq!(
        shop.order(42).unwrap()["order"]["email"],
        "anna@example.com",
        "refused requests changed nothing"
    );
    let shop_page = reqwest::get(format!("{}index.php?route=common/home", shop.base_url()))
        .await
        .unwrap();
    assert_eq!(shop_page.status(), 404);
}

#[tokio::test]
async fn signature_timestamp_and_switch_refusals_are_auth_errors() {
    let (shop, oc) = setup().await;
    assert_eq!(oc.ping().await.unwrap().opencart_version, "4.0.2.3");
    let wrong = connector(&shop, "another-secret-0123456789");
    let changes = OrderChanges {
        customer: Some(CustomerSection {
            firstname: Some("Mallory".into()),
            ..CustomerSection::default()
        }),
        ..OrderChanges::default()
    };
    let e = wrong.order_update(42, &changes).await.unwrap_err();
    assert!(
        matches!(&e, Error::PeerAuth { message, .. } if message.starts_with("bad_signature")),
        "{e}"
    );
    assert_eq!(
        shop.calls("order.update"),
        1,
        "an auth error is not retried"
    );
    shop.set_clock_offset(400);
    let e = oc.order_get(42).await.unwrap_err();
    assert!(
        matches!(&e, Error::PeerAuth { message, .. } if message.starts_with("stale_timestamp")),
        "{e}"
    );
    shop.set_clock_offset(-250);
    assert!(
        oc.order_get(42).await.unwrap().is_some(),
        "inside the window"
    );
    shop.set_clock_offset(0);
    shop.set_enabled(false);
    let e = oc.ping().await.unwrap_err();
    assert!(
        matches!(&e, Error::PeerAuth { message, .. } if message.starts_with("disabled")),
        "{e}"
    );
    shop.set_enabled(true);
    assert_eq!(shop.order(42).unwrap()["order"]["firstname"], "Anna");
    assert!(shop.events_posted().is_empty());
}
