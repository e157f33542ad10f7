//! MS-M7: shipment cancel → a sales return per linked demand; redelivery,
//! a lost answer and reordering never make a second demand or return.

use super::*;
use synclane::connectors::moysklad::{Document, DocumentKind};

fn shipping(s: &mut synclane::settings::MoySkladSync) {
    s.auto_reserve = true;
    s.shipment_statuses = vec!["send".into()];
    s.shipment_cancel_statuses = vec!["returned".into()];
}

/// MS-M7: an order with two demands (ours and one made in MoySklad) reaching
/// a shipment-cancel status gets two returns, each on its demand; the same
/// change delivered again makes none.
async fn two_demands_two_returns(backend: Backend) {
    let app = MsApp::spawn(backend, shipping).await;
    let order = app.stocked_order("310A", "new").await;
    app.set_status(order, "send").await;
    assert_eq!(app.docs("demand").len(), 1);
    let ms = app.ms_order_of(order).await;
    let ms_id = ms["id"].as_str().unwrap().to_owned();
    let body = json!({"organization": ms["organization"], "agent": ms["agent"], "store": ms["store"],
        "customerOrder": app.ms_ref("customerorder", &ms_id),
        "positions": [{"assortment": app.ms_ref("product", &app.seeded.case_id), "quantity": 1, "price": 900}]});
    let body: Document = serde_json::from_value(body).unwrap();
    app.ms_user()
        .document_create(DocumentKind::Demand, &body)
        .await
        .unwrap();
    assert!(app.docs("salesreturn").is_empty());
    app.set_status(order, "returned").await;
    let returns = app.docs("salesreturn");
    assert_eq!(returns.len(), 2, "{returns:#?}");
    let mut demands: Vec<String> = app
        .docs("demand")
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    let mut returned: Vec<String> = returns
        .iter()
        .map(|r| {
            let href = r["demand"]["meta"]["href"].as_str().unwrap();
            href.rsplit('/').next().unwrap().to_owned()
        })
        .collect();
    demands.sort();
    returned.sort();
    assert_eq!(demands, returned, "one return on each demand");
    app.publish_order_change(order, &["returned"], &[]).await;
    app.drain().await;
    app.set_status(order, "returned").await;
    assert_eq!(app.docs("salesreturn").len(), 2, "never a second return");
}

/// MS-M6/MS-M7 redelivery: the shipping change delivered again, delivered
/// after the cancel (reordered), and a demand whose answer was lost (the
/// worker retries; MoySklad answers the first by `syncId`) make one demand
/// and one return.
async fn redelivery_and_lost_answers(backend: Backend) {
    let app = MsApp::spawn(backend, shipping).await;
    let order = app.stocked_order("311A", "new").await;
    app.sync().await;
    app.ms.lose_answers("demand", 1);
    app.set_status(order, "send").await;
    assert_eq!(app.docs("demand").len(), 1, "a lost answer, one demand");
    let posts = |kind: &str| {
        let start = format!("POST /entity/{kind}");
        app.ms
            .request_log()
            .iter()
            .filter(|r| r.starts_with(&start))
            .count()
    };
    assert_eq!(posts("demand"), 2, "the lost answer was retried");
    app.publish_order_change(order, &["send"], &[]).await;
    app.drain().await;
    assert_eq!(app.docs("demand").len(), 1, "redelivered, one demand");
    app.ms.lose_answers("salesreturn", 1);
    app.set_status(order, "returned").await;
    assert_eq!(app.docs("salesreturn").len(), 1);
    assert_eq!(posts("salesreturn"), 2, "the lost answer was retried");
    app.publish_order_change(order, &["send"], &[]).await;
    app.publish_order_change(order, &["returned"], &[]).await;
    app.drain().await;
    assert_eq!(app.docs("demand").len(), 1, "reordered, still one demand");
    assert_eq!(app.docs("salesreturn").len(), 1, "and one return");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m7_shipment_cancel_returns_each_linked_demand_sqlite() {
    two_demands_two_returns(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m7_shipment_cancel_returns_each_linked_demand_aws() {
    two_demands_two_returns(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_ms_m7_redelivery_and_lost_answers_make_no_second_document_sqlite() {
    redelivery_and_lost_answers(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_ms_m7_redelivery_and_lost_answers_make_no_second_document_aws() {
    redelivery_and_lost_answers(Backend::Aws).await
}
