//! Echoes of both directions, shop deletions, and CRM changes that do not
//! concern the buyer.

use super::{on_both_backends, pick_private, with_order};
use crate::support::app::Backend;
use serde_json::json;
use synclane_emulators::opencart::OrderEvent;

/// A change applied in both directions once never comes back: an OpenCart
/// edit reaches the CRM and the history poll finds OpenCart already says
/// so; a CRM edit reaches OpenCart, fires no event, and an event that comes
/// anyway with what was written changes nothing in the CRM.
async fn changes_never_echo(backend: Backend) {
    let (app, crm_id) = with_order(backend, json!({})).await;
    // OpenCart → CRM → (history) → nothing back to OpenCart.
    app.shop
        .user_edit_order(1001, json!({"telephone": "+7 903 999-00-00"}))
        .await;
    app.drain().await;
    assert_eq!(app.crm_order(crm_id)["phone"], "+7 903 999-00-00");
    app.poll_and_drain().await;
    assert_eq!(
        app.shop.calls("order.update"),
        0,
        "OpenCart already shows it"
    );
    // CRM → OpenCart → no event back.
    let boris = app
        .crm_customer("Boris", "Ivanov", "boris@example.com", "+7 916 000-11-22")
        .await;
    app.crm.user_edit_order(
        crm_id,
        pick_private(
            boris,
            "Boris",
            "Ivanov",
            "boris@example.com",
            "+7 916 000-11-22",
        ),
    );
    app.poll_and_drain().await;
    assert_eq!(app.shop_order(1001)["firstname"], "Boris");
    assert_eq!(app.shop.succeeded("order.update"), 1);
    let events = app.shop.events_posted().len();
    assert_eq!(
        events, 2,
        "the order placed and the admin's edit; none for the API write"
    );
    assert_eq!(app.depth().await, 0);
    // An event with exactly what was written (an admin re-saving the order).
    let (edits, customers) = (app.crm_order_edits(), app.crm.customers().len());
    assert_eq!(app.shop.post_order_event(1001, OrderEvent::Edit).await, 202);
    app.drain().await;
    assert_eq!(
        app.crm_order_edits(),
        edits,
        "the forward flow found nothing to write"
    );
    assert_eq!(
        app.crm.customers().len(),
        customers,
        "Boris was found, not created"
    );
    assert_eq!(app.crm_order(crm_id)["customer"]["id"], boris);
    app.poll_and_drain().await;
    assert_eq!(
        app.shop.succeeded("order.update"),
        1,
        "and nothing bounced back"
    );
}

/// A CRM change of status, items or delivery costs no read at all.
async fn unrelated_crm_changes_cost_nothing(backend: Backend) {
    let (app, crm_id) = with_order(backend, json!({})).await;
    let reads = |app: &crate::support::oc_app::OcApp| {
        let path = format!("/orders/{crm_id}");
        app.crm
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == path)
            .count()
    };
    let before = reads(&app);
    app.crm.user_edit_order(
        crm_id,
        json!({"status": "complete", "managerComment": "call first"}),
    );
    app.poll_and_drain().await;
    assert_eq!(reads(&app), before, "no CRM read");
    assert!(app.shop.requests().is_empty(), "no OpenCart call");
}

/// An order deleted in the shop keeps its CRM order; the journal says so.
async fn shop_deletion_keeps_the_crm_order(backend: Backend) {
    let (app, crm_id) = with_order(backend, json!({})).await;
    assert_eq!(app.shop.delete_order(1001).await, 202);
    app.drain().await;
    assert_eq!(
        app.crm_order(crm_id)["externalId"],
        "1001",
        "the CRM order stays"
    );
    let journal = synclane::flows::journal::recent(app.store(), &app.tenant)
        .await
        .unwrap();
    assert!(
        journal
            .iter()
            .any(|e| e.external_id == "1001" && e.message.contains("deleted in OpenCart")),
        "{journal:?}"
    );
    // A CRM edit now finds no shop order: skipped and journalled, not failed.
    app.crm
        .user_edit_order(crm_id, json!({"firstName": "Anya"}));
    app.poll_and_drain().await;
    let journal = synclane::flows::journal::recent(app.store(), &app.tenant)
        .await
        .unwrap();
    assert!(
        journal.iter().any(|e| e.message.contains("is gone")),
        "{journal:?}"
    );
}

on_both_backends! {
    changes_never_echo => oc_r_changes_applied_in_both_directions_never_echo_sqlite, oc_r_changes_applied_in_both_directions_never_echo_aws;
    unrelated_crm_changes_cost_nothing => oc_r_unrelated_crm_changes_cost_no_read_sqlite, oc_r_unrelated_crm_changes_cost_no_read_aws;
    shop_deletion_keeps_the_crm_order => oc_shop_deletion_keeps_the_crm_order_sqlite, oc_shop_deletion_keeps_the_crm_order_aws;
}
