//! CRM → MoySklad shipments: MS-M6 (now or ever), MS-S10, MS-S11, MS-S14,
//! and MoySklad's own demands through the demand CREATE webhook.

use super::*;
use synclane::connectors::moysklad::{Document, DocumentKind};

fn shipping(s: &mut synclane::settings::MoySkladSync) {
    s.auto_reserve = true;
    s.shipment_statuses = vec!["send".into()];
    s.shipment_cancel_statuses = vec!["returned".into()];
}

/// MS-M6: reaching a shipment status creates one conducted demand with the
/// MoySklad order's positions; the reserves are written off; later changes
/// make no second demand.
async fn shipment_on_reaching_the_status(backend: Backend) {
    let app = MsApp::spawn(backend, shipping).await;
    let order = app.stocked_order("300A", "new").await;
    app.sync().await;
    let ms = app.ms_order_of(order).await;
    let ms_id = ms["id"].as_str().unwrap().to_owned();
    let reserved = app.doc_positions("customerorder", &ms_id);
    assert!(
        reserved
            .iter()
            .all(|p| p["reserve"].as_f64() == p["quantity"].as_f64()),
        "{reserved:#?}"
    );
    assert!(app.docs("demand").is_empty(), "not yet shipped");
    let before = app.ms.request_log().len();
    app.set_status(order, "send").await;
    let calls = app.ms.request_log()[before..].to_vec();
    // The goods lookup, the order (reserves off), its positions, the demand
    // (BENCHMARKS.md, MoySklad requests per event).
    assert!(calls.len() <= 4, "MoySklad calls per shipment: {calls:#?}");
    let demands = app.docs("demand");
    assert_eq!(demands.len(), 1, "{demands:#?}");
    let d = &demands[0];
    assert_eq!(d["applicable"], true, "conducted");
    assert_eq!(d["name"], "300A");
    assert!(
        d["customerOrder"]["meta"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&ms_id)
    );
    assert_eq!(d["sum"], 2 * 10050 + 900);
    let shipped = app.doc_positions("demand", d["id"].as_str().unwrap());
    assert_eq!(shipped.len(), 2);
    let after = app.doc_positions("customerorder", &ms_id);
    assert!(
        after
            .iter()
            .all(|p| p["reserve"].as_f64().unwrap_or(0.0) == 0.0),
        "{after:#?}"
    );
    assert_eq!(
        app.ms.stock_of(&app.seeded.phone_id, &app.seeded.store).0,
        8.0
    );
    let order_ms = app.ms.entity("customerorder", &ms_id).unwrap();
    assert_eq!(order_ms["demands"].as_array().map(Vec::len), Some(1));
    for status in ["complete", "send"] {
        app.set_status(order, status).await;
    }
    assert_eq!(app.docs("demand").len(), 1, "never a second demand");
}

/// MS-M6 "ever": an order that passed a shipment status before it could be
/// exported (it waited for an export status) is shipped once exported.
async fn shipment_from_status_history(backend: Backend) {
    let app = MsApp::spawn(backend, |s| {
        shipping(s);
        s.export_statuses = vec!["approved".into()];
    })
    .await;
    let order = app.stocked_order("301A", "new").await;
    app.set_status(order, "send").await;
    assert!(
        app.ms_orders().is_empty(),
        "MS-M4: waits for an export status"
    );
    app.set_status(order, "approved").await;
    assert_eq!(app.ms_orders().len(), 1);
    assert_eq!(
        app.docs("demand").len(),
        1,
        "the status history says it was shipped"
    );
    let histories = app
        .crm
        .requests()
        .into_iter()
        .filter(|r| {
            r.path == "/orders/history" && r.params.iter().any(|(k, _)| k == "filter[orderId]")
        })
        .count();
    assert_eq!(histories, 1, "the order's own history is read once");
}

/// MS-S10 / MS-S11: cost prices on shipment, where empty or always;
/// MS-S14: MoySklad numbers the shipment.
async fn cost_prices_and_shipment_numbers(backend: Backend) {
    for overwrite in [false, true] {
        let app = MsApp::spawn(backend, |s| {
            shipping(s);
            s.load_cost_on_shipment = true;
            s.overwrite_cost_on_shipment = overwrite;
            s.skip_shipment_number = true;
        })
        .await;
        let order = app.stocked_order("302A", "new").await;
        app.sync().await;
        let items = app.crm_items(order);
        let case = items
            .iter()
            .find(|i| i["offer"]["xmlId"] == "ext-2")
            .unwrap()["id"]
            .clone();
        app.crm.user_edit_order(
            order,
            json!({"items": [
            {"id": items[0]["id"]}, {"id": case, "purchasePrice": 1.5}]}),
        );
        app.set_status(order, "send").await;
        let items = app.crm_items(order);
        let price = |xml: &str| {
            items.iter().find(|i| i["offer"]["xmlId"] == xml).unwrap()["purchasePrice"].clone()
        };
        assert_eq!(
            price("ext-1"),
            json!(50.0),
            "MS-S10: the empty one, from MoySklad's cost"
        );
        let case_price = if overwrite { json!(3.0) } else { json!(1.5) };
        assert_eq!(price("ext-2"), case_price, "MS-S11 {overwrite}");
        let demand = &app.docs("demand")[0];
        assert_ne!(demand["name"], "302A", "MS-S14: MoySklad's own number");
        assert!(demand["name"].as_str().is_some_and(|n| !n.is_empty()));
    }
}

/// MoySklad's demand CREATE webhook: a shipment made in MoySklad for an
/// exported order loads the cost prices (MS-S10) and is the order's shipment.
async fn demand_made_in_moysklad(backend: Backend) {
    let app = MsApp::spawn(backend, |s| {
        shipping(s);
        s.load_cost_on_shipment = true;
    })
    .await;
    app.register_webhooks().await;
    let order = app.stocked_order("303A", "new").await;
    app.sync().await;
    let ms = app.ms_order_of(order).await;
    let body = json!({"organization": ms["organization"], "agent": ms["agent"], "store": ms["store"],
        "customerOrder": app.ms_ref("customerorder", ms["id"].as_str().unwrap()),
        "positions": [{"assortment": app.ms_ref("product", &app.seeded.phone_id), "quantity": 1, "price": 10050}]});
    let body: Document = serde_json::from_value(body).unwrap();
    let created = app
        .ms_user()
        .document_create(DocumentKind::Demand, &body)
        .await
        .unwrap();
    wait_for_deliveries(&app, 1).await;
    app.drain().await;
    let items = app.crm_items(order);
    let phone = items
        .iter()
        .find(|i| i["offer"]["xmlId"] == "ext-1")
        .unwrap();
    assert_eq!(
        phone["purchasePrice"],
        json!(50.0),
        "MS-S10 from MoySklad's demand"
    );
    app.set_status(order, "send").await;
    let demands = app.docs("demand");
    assert_eq!(
        demands.len(),
        1,
        "the order is shipped already: {demands:#?}"
    );
    assert_eq!(demands[0]["id"].as_str(), created.id.as_deref());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_shipment_status_creates_one_conducted_demand_sqlite() {
    shipment_on_reaching_the_status(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_shipment_status_creates_one_conducted_demand_aws() {
    shipment_on_reaching_the_status(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_status_reached_in_the_past_still_ships_sqlite() {
    shipment_from_status_history(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_status_reached_in_the_past_still_ships_aws() {
    shipment_from_status_history(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s10_ms_s11_ms_s14_cost_prices_and_shipment_numbers_sqlite() {
    cost_prices_and_shipment_numbers(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s10_ms_s11_ms_s14_cost_prices_and_shipment_numbers_aws() {
    cost_prices_and_shipment_numbers(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_ms_s10_demand_made_in_moysklad_is_the_orders_shipment_sqlite() {
    demand_made_in_moysklad(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_ms_s10_demand_made_in_moysklad_is_the_orders_shipment_aws() {
    demand_made_in_moysklad(Backend::Aws).await
}
