//! CM-3: a customer's transactions listed (newest first, with the balance)
//! and added (description, amount) through the admin API.

use super::Admin;
use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use reqwest::Method;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn cm_3_transactions_list_and_add() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let admin = Admin::of(&app);
    let id = app
        .shop
        .seed_customer(json!({"firstname": "Ann", "lastname": "Lee",
        "email": "ann@example.com"}));
    let path = format!("/customers/{id}/transactions");

    let (status, empty) = admin.get(&path).await;
    assert_eq!(status, 200, "{empty}");
    assert_eq!(empty["total"], 0);

    let (status, added) = admin
        .send(
            Method::POST,
            &path,
            json!({"description": "Goodwill credit", "amount": "10.50"}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["transaction"]["amount"], "10.5000");
    let (status, _) = admin
        .send(
            Method::POST,
            &path,
            json!({"description": "Refund «ÉTÉ»", "amount": -2.25}),
        )
        .await;
    assert_eq!(status, 201);

    let (_, listed) = admin.get(&path).await;
    assert_eq!(listed["total"], 2);
    assert_eq!(listed["balance"], "8.2500");
    assert_eq!(
        listed["transactions"][0]["description"], "Refund «ÉTÉ»",
        "newest first"
    );
    assert_eq!(listed["transactions"][1]["amount"], "10.5000");

    // Refused before the shop is called: nothing added.
    for bad in [
        json!({"description": "", "amount": "1"}),
        json!({"description": "x", "amount": "1e3"}),
        json!({"description": "x", "amount": "0"}),
        json!({"description": "x"}),
        json!({"description": "x", "amount": "1", "order_id": 5}),
    ] {
        let (status, body) = admin.send(Method::POST, &path, bad.clone()).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    assert_eq!(admin.get(&path).await.1["total"], 2);

    // A lost answer: the transaction is added once, not twice.
    app.shop
        .lose_answer_next("transaction.add", 1, Duration::from_millis(0));
    let (status, body) = admin
        .send(
            Method::POST,
            &path,
            json!({"description": "Once", "amount": "1"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, listed) = admin.get(&path).await;
    assert_eq!(listed["total"], 3);

    let (status, _) = admin.get("/customers/999999/transactions").await;
    assert_eq!(status, 404);
}
