//! The positions of exported orders: MS-S1/S13 delivery lines, MS-M8
//! reserves by item status, MS-B5 cancelled lines; MS-S3/S4 moves.

use super::*;
use serde_json::Value;

/// Position of `assortment` id in MoySklad order `ms_id`.
fn position_of(app: &MsApp, ms_id: &str, assortment: &str) -> Option<Value> {
    app.doc_positions("customerorder", ms_id)
        .into_iter()
        .find(|p| {
            p["assortment"]["meta"]["href"]
                .as_str()
                .is_some_and(|h| h.ends_with(assortment))
        })
}

/// MS-S1 / MS-S13: the delivery is a line on the service its type maps to;
/// an unmapped type sends the plain line and is journalled; a zeroed
/// delivery removes the line.
async fn delivery_lines(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let plain = app.ms.seed_service("Delivery", "dlv");
    let courier = app.ms.seed_service("Courier", "dlv-courier");
    app.update_sync(|s| {
        s.delivery_as_line = true;
        s.delivery_service = Some(plain.clone());
        s.delivery_services = [("courier".to_owned(), courier.clone())].into();
    })
    .await;
    let anna = app
        .customer("Anna", "Petrova", "dl@example.com", "+79031234567")
        .await;
    let order = app.crm.user_create_order(json!({
        "site": "shop", "number": "330A", "status": "new", "shipmentStore": "main",
        "customer": {"id": anna}, "delivery": {"code": "courier", "cost": 300},
        "items": [{"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100.5, "quantity": 1}]
    }));
    app.sync().await;
    let ms_id = app.ms_order_of(order).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let line = position_of(&app, &ms_id, &courier).expect("MS-S13 courier service line");
    assert_eq!(line["price"], 30000);
    assert_eq!(line["quantity"], 1.0);
    assert!(position_of(&app, &ms_id, &plain).is_none());
    app.crm
        .user_edit_order(order, json!({"delivery": {"code": "pickup", "cost": 200}}));
    app.sync().await;
    assert!(position_of(&app, &ms_id, &courier).is_none());
    let line = position_of(&app, &ms_id, &plain).expect("MS-S1 plain line for an unmapped type");
    assert_eq!(line["price"], 20000);
    let entries = journal::recent(app.store(), &app.tenant).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.message.contains("MS-S13") && e.message.contains("pickup")),
        "{entries:?}"
    );
    app.crm
        .user_edit_order(order, json!({"delivery": {"code": "pickup", "cost": 0}}));
    app.sync().await;
    assert!(
        position_of(&app, &ms_id, &plain).is_none(),
        "MS-S1: zeroed, removed"
    );
    assert_eq!(app.doc_positions("customerorder", &ms_id).len(), 1);
}

/// A new order of a phone in `phone_status` and a case in `case_status`.
async fn order_with_statuses(app: &MsApp, number: &str, phone: &str, case: &str) -> i64 {
    let anna = app
        .customer(
            "Anna",
            "Petrova",
            &format!("{number}@example.com"),
            "+79031234567",
        )
        .await;
    app.crm.user_create_order(json!({
        "site": "shop", "number": number, "status": "new", "shipmentStore": "main",
        "customer": {"id": anna},
        "items": [
            {"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100.5, "quantity": 2, "status": phone},
            {"offer": {"xmlId": "ext-2"}, "productName": "Case", "initialPrice": 9, "quantity": 1, "status": case}
        ]
    }))
}

/// MS-M8: only lines in the chosen item statuses are reserved; a line
/// moved into one is reserved on the next change.
async fn reserves_by_item_status(backend: Backend) {
    let app = MsApp::spawn(backend, |s| {
        s.auto_reserve = true;
        s.reserve_item_statuses = vec!["in-reserve".into()];
    })
    .await;
    let order = order_with_statuses(&app, "331A", "in-reserve", "new-item").await;
    app.sync().await;
    let ms_id = app.ms_order_of(order).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let phone = position_of(&app, &ms_id, &app.seeded.phone_id).unwrap();
    let case = position_of(&app, &ms_id, &app.seeded.case_id).unwrap();
    assert_eq!(phone["reserve"].as_f64(), Some(2.0), "{phone:#?}");
    assert_eq!(case["reserve"].as_f64().unwrap_or(0.0), 0.0, "{case:#?}");
    let items = app.crm_items(order);
    let case_item = items
        .iter()
        .find(|i| i["offer"]["xmlId"] == "ext-2")
        .unwrap()["id"]
        .clone();
    let phone_item = items
        .iter()
        .find(|i| i["offer"]["xmlId"] == "ext-1")
        .unwrap()["id"]
        .clone();
    app.crm.user_edit_order(
        order,
        json!({"items": [{"id": phone_item}, {"id": case_item, "status": "in-reserve"}]}),
    );
    app.sync().await;
    let case = position_of(&app, &ms_id, &app.seeded.case_id).unwrap();
    assert_eq!(case["reserve"].as_f64(), Some(1.0), "{case:#?}");
}

/// MS-B5: a new order's cancelled line is sent unreserved at zero price
/// when on, and left out when off.
async fn cancelled_lines(backend: Backend) {
    for unreserve in [true, false] {
        let app = MsApp::spawn(backend, |s| {
            s.auto_reserve = true;
            s.unreserve_cancelled_lines = unreserve;
        })
        .await;
        app.crm.set_cancel_item_statuses(&["cancelled"]);
        let order = order_with_statuses(&app, "332A", "new-item", "cancelled").await;
        app.sync().await;
        let ms_id = app.ms_order_of(order).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let phone = position_of(&app, &ms_id, &app.seeded.phone_id).unwrap();
        assert_eq!(phone["reserve"].as_f64(), Some(2.0));
        let case = position_of(&app, &ms_id, &app.seeded.case_id);
        if unreserve {
            let case = case.expect("MS-B5 on: sent");
            assert_eq!(case["price"], 0, "{case:#?}");
            assert_eq!(case["reserve"].as_f64().unwrap_or(0.0), 0.0);
        } else {
            assert!(case.is_none(), "MS-B5 off: left out");
        }
        // An exported line cancelled later: unreserved at zero, or deleted.
        let items = app.crm_items(order);
        let ids: Vec<Value> = items.iter().map(|i| i["id"].clone()).collect();
        let phone_item = items
            .iter()
            .find(|i| i["offer"]["xmlId"] == "ext-1")
            .unwrap()["id"]
            .clone();
        let edits: Vec<Value> = ids
            .iter()
            .map(|id| {
                if *id == phone_item {
                    json!({"id": id, "status": "cancelled"})
                } else {
                    json!({ "id": id })
                }
            })
            .collect();
        app.crm.user_edit_order(order, json!({ "items": edits }));
        app.sync().await;
        let phone = position_of(&app, &ms_id, &app.seeded.phone_id);
        if unreserve {
            let phone = phone.expect("MS-B5 on: kept");
            assert_eq!(phone["price"], 0, "{phone:#?}");
            assert_eq!(phone["reserve"].as_f64().unwrap_or(0.0), 0.0);
        } else {
            assert!(phone.is_none(), "MS-B5 off: deleted");
        }
    }
}

/// MS-S3 / MS-S4: an item taken from another warehouse makes one move to the
/// shipment warehouse, conducted when MS-S4 is on; redelivery makes no
/// second move.
async fn moves_from_other_warehouses(backend: Backend) {
    for conduct in [true, false] {
        let app = MsApp::spawn(backend, |s| {
            s.create_moves = true;
            s.conduct_moves = conduct;
        })
        .await;
        let south = app.ms.seed_store("South");
        app.ms
            .set_stock(&app.seeded.phone_id, &south, 5.0, 0.0, 0.0);
        app.update_sync(|s| {
            s.stores.insert("south".into(), south.clone());
        })
        .await;
        let order = app.stocked_order("333A", "new").await;
        let items = app.crm_items(order);
        let phone = items
            .iter()
            .find(|i| i["offer"]["xmlId"] == "ext-1")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let case = items
            .iter()
            .find(|i| i["offer"]["xmlId"] == "ext-2")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        app.crm.user_add_pack(order, phone, "south", 2.0);
        app.crm.user_add_pack(order, case, "main", 1.0);
        app.ms.lose_answers("move", 1);
        app.sync().await;
        let moves = app.docs("move");
        assert_eq!(moves.len(), 1, "{moves:#?}");
        let posts = app
            .ms
            .request_log()
            .iter()
            .filter(|r| r.starts_with("POST /entity/move"))
            .count();
        assert_eq!(posts, 2, "the lost answer was retried, by syncId");
        let m = &moves[0];
        assert!(
            m["sourceStore"]["meta"]["href"]
                .as_str()
                .unwrap()
                .ends_with(&south)
        );
        assert!(
            m["targetStore"]["meta"]["href"]
                .as_str()
                .unwrap()
                .ends_with(&app.seeded.store)
        );
        assert_eq!(m["applicable"], conduct, "MS-S4 {conduct}");
        let lines = app.doc_positions("move", m["id"].as_str().unwrap());
        assert_eq!(lines.len(), 1, "only the phone moves: {lines:#?}");
        assert_eq!(lines[0]["quantity"].as_f64(), Some(2.0));
        app.publish_order_change(order, &[], &[]).await;
        app.drain().await;
        app.set_status(order, "complete").await;
        assert_eq!(
            app.docs("move").len(),
            1,
            "never a second move (a lost answer, a redelivery)"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s1_ms_s13_delivery_lines_by_type_and_cost_sqlite() {
    delivery_lines(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s1_ms_s13_delivery_lines_by_type_and_cost_aws() {
    delivery_lines(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m8_reserves_follow_item_statuses_sqlite() {
    reserves_by_item_status(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m8_reserves_follow_item_statuses_aws() {
    reserves_by_item_status(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b5_cancelled_lines_unreserved_at_zero_or_left_out_sqlite() {
    cancelled_lines(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b5_cancelled_lines_unreserved_at_zero_or_left_out_aws() {
    cancelled_lines(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s3_ms_s4_moves_from_other_warehouses_once_sqlite() {
    moves_from_other_warehouses(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s3_ms_s4_moves_from_other_warehouses_once_aws() {
    moves_from_other_warehouses(Backend::Aws).await
}
