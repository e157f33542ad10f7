//! MS-R4: retail custom fields and the standard fields of the CRM order.

use super::world::World;
use crate::support::app::tenant_id;
use serde_json::{Value, json};
use synclane::settings::RetailOptions;

fn attribute(w: &World, id: &str, kind: &str, value: Value) -> Value {
    let href = format!(
        "{}/entity/retaildemand/metadata/attributes/{id}",
        w.ms.base_url()
    );
    json!({"meta": {"href": href, "type": "attributemetadata", "mediaType": "application/json"},
        "id": id, "name": id, "type": kind, "value": value})
}

#[tokio::test]
async fn ms_r4_custom_fields_and_standard_fields_reach_the_order() {
    let mut options = RetailOptions {
        enabled: true,
        ..RetailOptions::default()
    };
    options
        .custom_fields
        .insert("attr-gift".into(), "gift_note".into());
    options.customer_comment_attribute = Some("attr-comment".into());
    options.delivery_date_attribute = Some("attr-date".into());
    options.delivery_time_attribute = Some("attr-time".into());
    options.delivery_method_attribute = Some("attr-method".into());
    let w = World::start(options).await;
    w.app.crm.define_custom_field("order", "gift_note");
    w.app.crm.set_delivery_types(&["courier", "pickup"]);
    let methods = w.ms.seed_dictionary("Delivery methods");
    let courier = w.ms.seed_dictionary_value(&methods, "Courier", "courier");
    let drone = w.ms.seed_dictionary_value(&methods, "Drone", "drone");

    let buyer = w.individual("Anna", "anna@example.com");
    let good = w.product("A");
    let attrs = |method: Value| {
        json!({"attributes": [
            attribute(&w, "attr-gift", "string", json!("Happy birthday")),
            attribute(&w, "attr-comment", "text", json!("Leave at the door")),
            attribute(&w, "attr-date", "time", json!("2026-12-01 00:00:00.000")),
            attribute(&w, "attr-time", "string", json!("10:00-14:00")),
            attribute(&w, "attr-method", "customentity", method),
            attribute(&w, "attr-other", "string", json!("not mapped")),
        ]})
    };
    let sale = w.sale(&buyer, &[(&good, 1.0, 1_000)], attrs(courier));
    w.fire(&sale).await;
    w.drain().await;
    let order = &w.app.crm.orders()[0];
    assert_eq!(
        order["customFields"],
        json!({"gift_note": "Happy birthday"})
    );
    assert_eq!(order["customerComment"], "Leave at the door");
    assert_eq!(order["delivery"]["date"], "2026-12-01");
    assert_eq!(order["delivery"]["time"]["custom"], "10:00-14:00");
    assert_eq!(order["delivery"]["code"], "courier");

    // A dictionary value whose code matches no CRM delivery type: not passed, journalled.
    let sale = w.sale(&buyer, &[(&good, 1.0, 1_000)], attrs(drone));
    w.fire(&sale).await;
    w.drain().await;
    let order = w
        .app
        .crm
        .orders()
        .into_iter()
        .find(|o| o["externalId"] == sale.as_str())
        .unwrap();
    assert!(order["delivery"]["code"].is_null(), "{order:#}");
    let journal = w
        .app
        .store()
        .journal
        .list_journal(&tenant_id(), 10)
        .await
        .unwrap();
    assert!(
        journal
            .iter()
            .any(|e| e.external_id == sale && e.message.contains("drone")),
        "{journal:#?}"
    );
}
