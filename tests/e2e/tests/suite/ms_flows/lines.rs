//! MS-S5 (lines): a linked MoySklad order's positions changed by a user in
//! MoySklad reach the CRM order's items (quantity, price, added and removed
//! goods, matched by xmlId = external code, `product#variant` for
//! modifications), and neither direction echoes.

use super::*;
use serde_json::Value;
use synclane::connectors::moysklad::{Kopecks, MetaRef, Position, PositionsField};

fn position(app: &MsApp, kind: &str, id: &str, quantity: f64, kopecks: i64) -> Position {
    Position {
        assortment: Some(MetaRef::entity(&app.ms.base_url(), kind, id)),
        quantity: Some(quantity),
        price: Some(Kopecks(kopecks)),
        ..Position::default()
    }
}

fn items(app: &MsApp, order_id: i64) -> Vec<Value> {
    app.crm_order(order_id)["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn successful_deliveries(app: &MsApp) -> usize {
    let ok = |d: &&synclane_emulators::moysklad::Delivery| matches!(d.status, Some(200 | 204));
    app.ms.deliveries().iter().filter(ok).count()
}

async fn lines_follow_moysklad(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    app.register_webhooks().await;
    let shirt = app.ms.seed_product("Shirt", "shirt", 1000);
    let red = app.ms.seed_variant(&shirt, "Shirt red", "shirt-red", 1000);
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let order_id = app.user_order("110A", anna, "new", "main");
    let phone_item = items(&app, order_id)[0]["id"].clone();
    app.poll().await;
    app.drain().await;
    let ms_id = app.ms_orders()[0]["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        successful_deliveries(&app),
        0,
        "our MoySklad writes fire no webhook"
    );

    // A MoySklad user: 3 phones at 95.00, the case removed, a red shirt added.
    let change = CustomerOrder {
        positions: Some(PositionsField::Rows(vec![
            position(&app, "product", &app.seeded.phone_id, 3.0, 9500),
            position(&app, "variant", &red, 1.0, 4200),
        ])),
        ..CustomerOrder::default()
    };
    app.ms_user()
        .customer_order_update(&ms_id, &change)
        .await
        .unwrap();
    wait_for_deliveries(&app, 1).await;
    app.drain().await;
    let got = items(&app, order_id);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(
        got[0]["id"], phone_item,
        "the phone item is updated in place"
    );
    assert_eq!(got[0]["quantity"], 3.0);
    assert_eq!(got[0]["initialPrice"], 95.0);
    assert_eq!(got[1]["offer"]["xmlId"], "shirt#shirt-red");
    assert_eq!(got[1]["quantity"], 1.0);
    assert_eq!(got[1]["initialPrice"], 42.0);
    // CRM-side echo: our item write is in the history under our key.
    app.poll().await;
    assert_eq!(app.depth().await, 0, "our CRM write came back as a change");
    assert_eq!(app.ms.nested("customerorder", &ms_id, "positions").len(), 2);

    // The other way: a manager sets 4 phones in the CRM; MoySklad follows and
    // our write there fires no webhook back.
    let shirt_item = got[1]["id"].clone();
    app.crm.user_edit_order(
        order_id,
        json!({"items": [{"id": phone_item, "quantity": 4}, {"id": shirt_item}]}),
    );
    app.poll().await;
    app.drain().await;
    let positions = app.ms.nested("customerorder", &ms_id, "positions");
    let phone = positions
        .iter()
        .find(|p| {
            p["assortment"]["meta"]["href"]
                .as_str()
                .is_some_and(|h| h.ends_with(&app.seeded.phone_id))
        })
        .expect("the phone position");
    assert_eq!(phone["quantity"], 4.0);
    assert_eq!(phone["price"], 9500);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        successful_deliveries(&app),
        1,
        "no webhook for our own write"
    );
    assert_eq!(app.depth().await, 0);
    assert_eq!(items(&app, order_id).len(), 2);
}

/// MS-S5 with the option off: positions changed in MoySklad leave the CRM alone.
async fn lines_stay_when_off(backend: Backend) {
    let app = MsApp::spawn(backend, |s| {
        s.accept_order_changes = false;
        s.receive_counterparty_address = false;
        s.receive_counterparty_name = false;
    })
    .await;
    assert_eq!(app.register_webhooks().await, 1, "only demand CREATE");
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let order_id = app.user_order("111A", anna, "new", "main");
    app.poll().await;
    app.drain().await;
    let ms_id = app.ms_orders()[0]["id"].as_str().unwrap().to_owned();
    let change = CustomerOrder {
        positions: Some(PositionsField::Rows(vec![position(
            &app,
            "product",
            &app.seeded.phone_id,
            7.0,
            100,
        )])),
        ..CustomerOrder::default()
    };
    app.ms_user()
        .customer_order_update(&ms_id, &change)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.drain().await;
    assert_eq!(items(&app, order_id).len(), 2, "the CRM order is untouched");
    assert_eq!(successful_deliveries(&app), 0, "not subscribed");
}

on_both_backends! {
    lines_follow_moysklad => ms_s5_lines_follow_moysklad_without_echo_sqlite, ms_s5_lines_follow_moysklad_without_echo_aws;
    lines_stay_when_off => ms_s5_lines_stay_when_option_off_sqlite, ms_s5_lines_stay_when_option_off_aws;
}
