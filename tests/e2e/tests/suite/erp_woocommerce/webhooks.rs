//! WooCommerce webhooks: the ping, signatures, deduplication by delivery
//! id, echoes of our own writes, and accounts changed or deleted in the
//! shop journalled and repaired at the next feed.

use super::*;
use crate::support::ew_app::WC_HOOK_SECRET;
use synclane::model::TenantId;
use synclane_emulators::woocommerce::{Delivery, sign};

fn people() -> Vec<Value> {
    vec![contact("C1", Some("anna@sirius.fr"), false)]
}

/// Posts a delivery as WooCommerce would, with a chosen delivery id.
async fn deliver(app: &EwApp, topic: &str, body: &Value, delivery_id: &str) -> reqwest::Response {
    let raw = body.to_string();
    let (resource, event) = topic.split_once('.').unwrap();
    app.http
        .post(app.url("woocommerce"))
        .header("content-type", "application/json")
        .header("X-WC-Webhook-Source", "https://shop.example/")
        .header("X-WC-Webhook-Topic", topic)
        .header("X-WC-Webhook-Resource", resource)
        .header("X-WC-Webhook-Event", event)
        .header(
            "X-WC-Webhook-Signature",
            sign(raw.as_bytes(), WC_HOOK_SECRET),
        )
        .header("X-WC-Webhook-ID", "7")
        .header("X-WC-Webhook-Delivery-ID", delivery_id)
        .body(raw)
        .send()
        .await
        .unwrap()
}

/// The ping gets 200 and queues nothing; forged deliveries are refused;
/// a delivery sent twice is queued once.
async fn ping_signature_and_dedupe(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let hook = app.webhook();
    assert!(hook.ping().await, "the activation ping gets exactly 200");
    let forged = hook
        .deliver_raw("customer.updated", br#"{"id":1}"#, Some("bm9wZQ=="))
        .await;
    assert!(
        matches!(forged, Delivery::Answered { status: 401, .. }),
        "{forged:?}"
    );
    let unsigned = app
        .http
        .post(app.url("woocommerce"))
        .header("X-WC-Webhook-Topic", "customer.updated")
        .body(r#"{"id":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    assert_eq!(app.depth().await, 0);

    for _ in 0..2 {
        let r = deliver(&app, "customer.deleted", &json!({"id": 41}), "delivery-1").await;
        assert_eq!(r.status(), 200);
    }
    assert_eq!(app.depth().await, 1, "one delivery id, one message");
    let created = deliver(&app, "customer.created", &json!({"id": 42}), "delivery-2").await;
    assert_eq!(created.status(), 200);
    assert_eq!(
        app.depth().await,
        1,
        "a new account is no business of the ERP flow"
    );
    app.drain().await;
    assert!(
        app.journal().await.is_empty(),
        "account 41 is not linked: nothing to say"
    );
}

/// Our own writes come back as `customer.updated`: echoes, not journalled.
/// A change made in the shop is journalled and put back by the next feed,
/// even one whose content did not change.
async fn changed_account_is_repaired_at_the_next_feed(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    app.feed(&[party("T1", V1, people())]).await;
    app.drain().await;
    let anna = app.account("anna@sirius.fr");
    let hook = app.webhook();
    hook.deliver("customer.updated", &anna).await;
    app.drain().await;
    assert!(
        app.journal().await.is_empty(),
        "an echo: {:?}",
        app.journal().await
    );

    let edited = app
        .woo
        .edit_customer(
            id(&anna),
            &json!({"billing": {"company": "Typo SARL"}, "first_name": "Ana"}),
        )
        .unwrap();
    hook.deliver("customer.updated", &edited).await;
    app.drain().await;
    let journal = app.journal().await;
    assert_eq!(journal.len(), 1, "{journal:?}");
    assert!(
        journal[0].message.contains("changed in the shop"),
        "{journal:?}"
    );
    assert_eq!(journal[0].external_id, id(&anna).to_string());

    app.feed(&[party("T1", V2, people())]).await;
    app.drain().await;
    let anna = app.account("anna@sirius.fr");
    assert_eq!(anna["billing"]["company"], "Boulangerie T1");
    assert_eq!(anna["first_name"], "Prénom-C1");
}

/// A deleted account is journalled; the done-key of the version applied is
/// released, so even the same version brings it back; the next feed
/// creates it again (the ERP still has it active) and links the new one.
async fn deleted_account_is_recreated_at_the_next_feed(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    app.feed(&[party("T1", V1, people())]).await;
    app.drain().await;
    let old = id(&app.account("anna@sirius.fr"));
    let done = applied_done_key(&app, &app.tenant, "T1").await;
    let idem = &app.store().idempotency;
    assert!(idem.has_idempotency_key(&app.tenant, &done).await.unwrap());

    app.woo.remove_customer(old).unwrap();
    app.webhook()
        .deliver("customer.deleted", &json!({"id": old}))
        .await;
    app.drain().await;
    let journal = app.journal().await;
    assert_eq!(journal.len(), 1, "{journal:?}");
    assert!(
        journal[0].message.contains("deleted in the shop"),
        "{journal:?}"
    );
    assert!(
        !idem.has_idempotency_key(&app.tenant, &done).await.unwrap(),
        "released"
    );

    app.feed(&[party("T1", V2, people())]).await;
    app.drain().await;
    let new = id(&app.account("anna@sirius.fr"));
    assert_ne!(new, old);
    assert_eq!(super::linked_account(&app, "T1/C1").await, Some(new));
    assert_eq!(
        super::linked_party(&app, new).await.as_deref(),
        Some("T1/C1")
    );
    assert_eq!(
        app.woo.customers().len(),
        2,
        "the third party's own account untouched"
    );
}

/// The done-key of the version last applied to `tiers_id`, from its record.
async fn applied_done_key(app: &EwApp, tenant: &TenantId, tiers_id: &str) -> String {
    let cursor = app
        .store()
        .cursors
        .get_cursor(tenant, &format!("erp_woocommerce:{tiers_id}"))
        .await
        .unwrap()
        .expect("the version applied is recorded");
    let record: Value = serde_json::from_str(&cursor.value).unwrap();
    synclane::flows::done_key(record["dedupe_key"].as_str().unwrap())
}

on_both_backends! {
    ping_signature_and_dedupe => ew_webhook_ping_signature_and_dedupe_sqlite, ew_webhook_ping_signature_and_dedupe_aws;
    changed_account_is_repaired_at_the_next_feed => ew_webhook_changed_account_repaired_at_next_feed_sqlite, ew_webhook_changed_account_repaired_at_next_feed_aws;
    deleted_account_is_recreated_at_the_next_feed => ew_webhook_deleted_account_recreated_at_next_feed_sqlite, ew_webhook_deleted_account_recreated_at_next_feed_aws;
}
