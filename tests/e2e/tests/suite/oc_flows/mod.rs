//! OpenCart → CRM customer-change flows end to end: signed webhook → hook →
//! queue → worker → RetailCRM emulator state and links, on both backends.
//! Private buyers here; companies (OC-F3, OC-F4) in `corporate`.

mod corporate;

use crate::support::app::{Backend, TestApp, tenant_id};
use crate::support::opencart::{ANNA, BORIS, Buyer, VERA, order_event};
use serde_json::Value;
use synclane::connectors::retailcrm::RetailCrm;
use synclane::model::{Customer, EntityKind, Person, System};
use synclane::store::LinkKey;

pub(super) async fn deliver(app: &TestApp, body: &Value) {
    let response = app.post_opencart(body).await;
    assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
}

pub(super) fn crm_client(app: &TestApp) -> RetailCrm {
    let settings = crate::support::app::tenant_settings(&app.crm.base_url())
        .retailcrm
        .unwrap();
    RetailCrm::new(reqwest::Client::new(), settings)
}

pub(super) fn person(b: &Buyer) -> Person {
    Person {
        first_name: Some(b.first.into()),
        last_name: Some(b.last.into()),
        patronymic: None,
        email: Some(b.email.into()),
        phone: Some(b.phone.into()),
    }
}

pub(super) fn only_order(app: &TestApp) -> Value {
    let orders = app.crm.orders();
    assert_eq!(orders.len(), 1, "exactly one CRM order: {orders:#?}");
    orders[0].clone()
}

pub(super) fn customer_ids_by_email(app: &TestApp, email: &str) -> Vec<i64> {
    app.crm
        .customers()
        .iter()
        .filter(|c| c["email"] == email)
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

pub(super) async fn linked_crm_order(app: &TestApp, order_id: &str) -> String {
    let key = LinkKey::new(&tenant_id(), EntityKind::Order, System::OpenCart, order_id);
    let link = app
        .store()
        .links
        .get_link(&key)
        .await
        .unwrap()
        .expect("the order is linked");
    link.peer(System::RetailCrm)
        .expect("to a CRM order")
        .to_owned()
}

/// OC-F1: the order changes to a customer the CRM already has.
async fn existing_customer_changes_order_customer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let boris_id = crm_client(&app)
        .customer_create(
            None,
            &Customer {
                person: person(&BORIS),
                address: None,
            },
        )
        .await
        .unwrap();
    deliver(
        &app,
        &order_event(1001, &ANNA, None, 1, "2026-11-20 10:00:00"),
    )
    .await;
    app.drain().await;
    let anna_id = customer_ids_by_email(&app, ANNA.email);
    assert_eq!(anna_id.len(), 1, "the first buyer was created (OC-F2)");
    assert_eq!(only_order(&app)["customer"]["id"], anna_id[0]);

    deliver(
        &app,
        &order_event(1001, &BORIS, None, 1, "2026-11-20 11:00:00"),
    )
    .await;
    app.drain().await;
    assert_eq!(
        customer_ids_by_email(&app, BORIS.email),
        vec![boris_id],
        "no second Boris"
    );
    assert_eq!(app.crm.customers().len(), 2);
    let order = only_order(&app);
    assert_eq!(
        order["customer"]["id"], boris_id,
        "the CRM order's customer changed"
    );
    assert_eq!(order["externalId"], "1001");
    assert_eq!(
        linked_crm_order(&app, "1001").await,
        order["id"].to_string()
    );
}

/// OC-F1, found by the chaos soak: the order edit that changes the
/// customer carries no lines (edits leave the CRM's items alone), and sent
/// them as an empty list, which the CRM reads as "remove every item": an
/// edited order ended with no items.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oc_f1_an_order_edit_keeps_the_crm_items_sqlite() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let first = order_event(1002, &ANNA, None, 1, "2026-11-20 10:00:00");
    deliver(&app, &first).await;
    app.drain().await;
    let items = |order: &Value| order["items"].as_array().map_or(0, Vec::len);
    assert_eq!(items(&only_order(&app)), 2, "the order's two products");

    let edit = order_event(1002, &BORIS, None, 5, "2026-11-20 11:00:00");
    deliver(&app, &edit).await;
    app.drain().await;
    let order = only_order(&app);
    assert_eq!(
        order["customer"]["id"],
        customer_ids_by_email(&app, BORIS.email)[0],
        "the edit was applied"
    );
    assert_eq!(items(&order), 2, "the items are kept: {order:#}");
}

/// OC-F2: the order changes to a customer the CRM does not have.
async fn missing_customer_is_created_and_set(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    deliver(
        &app,
        &order_event(1002, &ANNA, None, 1, "2026-11-20 10:00:00"),
    )
    .await;
    deliver(
        &app,
        &order_event(1002, &VERA, None, 1, "2026-11-20 10:05:00"),
    )
    .await;
    app.drain().await;
    let vera = customer_ids_by_email(&app, VERA.email);
    assert_eq!(vera.len(), 1, "Vera was created once");
    assert_eq!(only_order(&app)["customer"]["id"], vera[0]);
    let key = LinkKey::new(
        &tenant_id(),
        EntityKind::Customer,
        System::OpenCart,
        "guest:vera@example.com",
    );
    let link = app
        .store()
        .links
        .get_link(&key)
        .await
        .unwrap()
        .expect("the customer is linked");
    assert_eq!(
        link.peer(System::RetailCrm),
        Some(vera[0].to_string().as_str())
    );
}

/// OC-X1: abandoned carts never reach the CRM; duplicates and reordering never create twice.
async fn abandoned_duplicate_and_reordered_events(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    deliver(
        &app,
        &order_event(1005, &ANNA, None, 0, "2026-11-20 09:00:00"),
    )
    .await;
    app.drain().await;
    assert!(
        app.crm.orders().is_empty() && app.crm.customers().is_empty(),
        "an abandoned cart is not synced"
    );

    let first = order_event(1005, &ANNA, None, 1, "2026-11-20 10:00:00");
    let second = order_event(1005, &BORIS, Some("Romashka LLC"), 1, "2026-11-20 11:00:00");
    // The newer edit arrives first, then the older one, then both again.
    for body in [&second, &first, &second, &first, &second] {
        deliver(&app, body).await;
    }
    app.drain().await;
    let order = only_order(&app);
    assert_eq!(app.crm.corporates().len(), 1);
    assert_eq!(
        order["customer"]["id"],
        app.crm.corporates()[0]["id"],
        "the newest state wins"
    );
    assert_eq!(customer_ids_by_email(&app, BORIS.email).len(), 1);
    assert!(customer_ids_by_email(&app, ANNA.email).len() <= 1);
}

/// The same event delivered three times creates one customer and one order.
async fn same_event_three_times(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = order_event(1006, &VERA, Some("Sirius LLC"), 1, "2026-11-20 10:00:00");
    for _ in 0..3 {
        deliver(&app, &body).await;
        app.drain().await;
    }
    only_order(&app);
    assert_eq!(customer_ids_by_email(&app, VERA.email).len(), 1);
    assert_eq!(app.crm.corporates().len(), 1);
}

/// Two workers race on the first events of one new customer (two orders).
async fn racing_workers_create_one_customer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for order_id in 1010..1016 {
        deliver(
            &app,
            &order_event(
                order_id,
                &VERA,
                Some("Sirius LLC"),
                1,
                "2026-11-20 10:00:00",
            ),
        )
        .await;
    }
    let (a, b) = tokio::join!(app.drain(), app.drain());
    let _ = (a, b);
    app.drain().await;
    assert_eq!(app.crm.orders().len(), 6);
    assert_eq!(
        customer_ids_by_email(&app, VERA.email).len(),
        1,
        "one CRM customer for the racing workers"
    );
    assert_eq!(
        app.crm.corporates().len(),
        1,
        "one corporate customer for the racing workers"
    );
}

use crate::support::on_both_backends;

on_both_backends! {
    existing_customer_changes_order_customer => oc_f1_existing_customer_changes_order_customer_sqlite, oc_f1_existing_customer_changes_order_customer_aws;
    missing_customer_is_created_and_set => oc_f2_missing_customer_is_created_and_set_sqlite, oc_f2_missing_customer_is_created_and_set_aws;
    abandoned_duplicate_and_reordered_events => oc_x1_abandoned_duplicate_and_reordered_events_sqlite, oc_x1_abandoned_duplicate_and_reordered_events_aws;
    same_event_three_times => oc_x1_same_event_three_times_sqlite, oc_x1_same_event_three_times_aws;
    racing_workers_create_one_customer => oc_x1_racing_workers_create_one_customer_sqlite, oc_x1_racing_workers_create_one_customer_aws;
}
