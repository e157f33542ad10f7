//! Issue 10, item 1: every answer type the connector reads, with `[]` in
//! each map-typed field, as RetailCRM (PHP) sends an empty map. A stub
//! answers exactly those bodies, so each test fails if one reader still
//! expects an object.

use super::connector;
use axum::extract::Request;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use synclane::connectors::retailcrm::{By, HistoryFeed};
use synclane::error::Error;

/// Serves `answers` by path (after `/api/v5`), 404 otherwise.
async fn stub(answers: Vec<(&'static str, u16, Value)>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(move |request: Request| {
        let answers = answers.clone();
        async move {
            let path = request
                .uri()
                .path()
                .trim_start_matches("/api/v5")
                .to_owned();
            match answers.iter().find(|(p, _, _)| *p == path) {
                Some((_, status, body)) => (
                    axum::http::StatusCode::from_u16(*status).unwrap(),
                    axum::Json(body.clone()),
                )
                    .into_response(),
                None => axum::http::StatusCode::NOT_FOUND.into_response(),
            }
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn customer(id: i64) -> Value {
    json!({"id": id, "firstName": "Anna", "email": "anna@example.com",
           "phones": [], "customFields": [], "contragent": {"contragentType": "individual"}})
}

#[tokio::test]
async fn php_shapes_customer_answers_with_empty_custom_fields() {
    let base = stub(vec![
        (
            "/customers/7",
            200,
            json!({"success": true, "customer": customer(7)}),
        ),
        (
            "/customers",
            200,
            json!({"success": true, "customers": [customer(7)],
            "pagination": {"limit": 100, "totalCount": 1, "currentPage": 1, "totalPageCount": 1}}),
        ),
    ])
    .await;
    let crm = connector(&base, "k");
    let details = crm.customer_details(7).await.unwrap().unwrap();
    assert!(details.custom_fields.is_empty());
    assert_eq!(crm.customer_get(By::Id, "7").await.unwrap().unwrap().id, 7);
    assert_eq!(
        crm.customers_by_email("anna@example.com")
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn php_shapes_order_answers_with_empty_custom_fields_and_payments() {
    let order = json!({"id": 5, "externalId": "5", "site": "opencart", "status": "new",
        "customer": {"id": 7, "type": "customer"}, "items": [], "customFields": [],
        "payments": [], "delivery": {"address": {}}});
    let base = stub(vec![(
        "/orders/5",
        200,
        json!({"success": true, "order": order}),
    )])
    .await;
    let crm = connector(&base, "k");
    let details = crm.order_details(5).await.unwrap().unwrap();
    assert!(details.custom_fields.is_empty());
    let retail = crm.retail_order_get(By::Id, "5").await.unwrap().unwrap();
    assert!(retail.payments.is_empty());
    assert_eq!(crm.order_get(By::Id, "5").await.unwrap().unwrap().id, 5);
}

#[tokio::test]
async fn php_shapes_corporate_answers_with_empty_custom_fields() {
    let corporate = json!({"id": 3, "nickName": "Romashka", "customFields": [],
        "customerContacts": [], "companies": [], "addresses": []});
    let empty_list = |field: &str| {
        json!({"success": true, field: [], "pagination":
            {"limit": 100, "totalCount": 0, "currentPage": 1, "totalPageCount": 1}})
    };
    let base = stub(vec![
        (
            "/customers-corporate/3",
            200,
            json!({"success": true, "customerCorporate": corporate}),
        ),
        (
            "/customers-corporate/3/addresses",
            200,
            empty_list("addresses"),
        ),
        (
            "/customers-corporate/3/companies",
            200,
            empty_list("companies"),
        ),
        (
            "/customers-corporate/3/contacts",
            200,
            empty_list("contacts"),
        ),
    ])
    .await;
    let crm = connector(&base, "k");
    let found = crm.corporate_get(By::Id, "3").await.unwrap().unwrap();
    assert_eq!(found.id, 3);
    assert!(found.custom_fields.is_empty());
}

#[tokio::test]
async fn php_shapes_reference_and_history_answers_with_empty_maps() {
    let base = stub(vec![
        (
            "/reference/delivery-types",
            200,
            json!({"success": true, "deliveryTypes": []}),
        ),
        (
            "/orders/history",
            200,
            json!({"success": true, "history": [],
            "pagination": {"limit": 100, "totalCount": 0, "currentPage": 1, "totalPageCount": 0}}),
        ),
    ])
    .await;
    let crm = connector(&base, "k");
    assert!(crm.delivery_type_codes().await.unwrap().is_empty());
    assert!(
        crm.history_since(HistoryFeed::Orders, None)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn php_shapes_delivery_types_keyed_or_listed_give_their_codes() {
    let base = stub(vec![(
        "/reference/delivery-types",
        200,
        json!({"success": true, "deliveryTypes": [{"code": "courier"}, {"code": "pickup"}]}),
    )])
    .await;
    let mut codes = connector(&base, "k").delivery_type_codes().await.unwrap();
    codes.sort();
    assert_eq!(
        codes,
        ["courier", "pickup"],
        "a list is read by each entry's code"
    );
}

#[tokio::test]
async fn php_shapes_error_answer_with_empty_errors_is_a_typed_error() {
    let base = stub(vec![(
        "/customers/9",
        400,
        json!({"success": false, "errorMsg": "Errors in the input parameters", "errors": []}),
    )])
    .await;
    let error = connector(&base, "k").customer_details(9).await.unwrap_err();
    match error {
        Error::PeerRejected {
            status: 400,
            message,
            ..
        } => {
            assert_eq!(message, "Errors in the input parameters")
        }
        other => panic!("a typed rejection, not {other:?}"),
    }
}
