//! OpenCart → CRM → MoySklad: an order the `opencart_crm` flow writes to
//! the CRM is a change for the MoySklad export, although the CRM's history
//! shows it as made with our own key (which the export drops as its own
//! echoes). The writer raises it for the export directly (`flows::events`).

use super::*;
use crate::support::opencart::{ANNA, order_event};

/// MS-B1: a shop order reaches the MoySklad flow without a manager touching
/// it; once it has a shipping warehouse it is exported, once.
async fn opencart_order_reaches_moysklad(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    // The shop's product 40 is the CRM offer whose xmlId is MoySklad's "ext-1".
    app.crm.add_offer("40", "ext-1");
    app.crm.add_offer("41", "ext-2");
    app.post_opencart(&order_event(7001, &ANNA, None, 1, "2026-11-20 10:00:00"))
        .await;
    app.drain().await;
    let crm_orders = app.crm.orders();
    assert_eq!(crm_orders.len(), 1, "{crm_orders:#?}");
    let crm_id = crm_orders[0]["id"].as_i64().unwrap();
    // The MoySklad flow saw it at once: the order has no shipping warehouse yet (MS-M5).
    let entries = journal::recent(app.store(), &app.tenant).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.external_id == crm_id.to_string() && e.message.contains("MS-M5")),
        "{entries:#?}"
    );
    assert!(app.ms_orders().is_empty());

    // A manager picks the warehouse in the CRM: the order goes to MoySklad.
    app.crm
        .user_edit_order(crm_id, json!({"shipmentStore": "main"}));
    app.poll().await;
    app.drain().await;
    let orders = app.ms_orders();
    let entries = journal::recent(app.store(), &app.tenant).await.unwrap();
    assert_eq!(orders.len(), 1, "{entries:#?}");
    assert_eq!(
        app.crm_order(crm_id)["customFields"]["moysklad_id"],
        orders[0]["id"]
    );
    // Our own later writes (the MS-B10 id) do not export it again.
    app.poll().await;
    app.drain().await;
    assert_eq!(app.ms_orders().len(), 1);
}

on_both_backends! {
    opencart_order_reaches_moysklad => ms_b1_an_opencart_order_reaches_moysklad_through_the_crm_sqlite, ms_b1_an_opencart_order_reaches_moysklad_through_the_crm_aws;
}
