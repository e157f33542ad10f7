//! The order backfill through the admin API, on each store backend: CRM
//! orders whose `externalId` is an OpenCart order are linked both ways
//! under the keys the `opencart_crm` flow reads (shown by a shop event
//! afterwards editing the CRM order instead of creating one); orders
//! without `externalId` or whose shop order does not exist are unmatched;
//! a shop order linked to another CRM order is a conflict; nothing is
//! written to either peer; a second run links nothing new.

use crate::support::app::Backend;
use crate::support::oc_app::{OcApp, SITE};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use synclane::backfill::link_pair;
use synclane::model::{EntityKind, System};
use synclane::store::LinkKey;
use synclane_emulators::opencart::OrderEvent;

const SHOP_ORDERS: i64 = 40;
/// Shop orders 1..=30 have their CRM order; 31 is linked to another CRM
/// order already; 32 is linked to its own already.
const MATCHED: i64 = 30;

pub async fn call(app: &OcApp, method: &str, query: &str) -> (u16, Value) {
    let url = format!("{}/backfill/orders{query}", app.admin_url());
    let client = reqwest::Client::new();
    let request = match method {
        "GET" => client.get(url),
        _ => client.post(url),
    };
    let answer = request.bearer_auth(&app.key).send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

pub async fn run_to_the_end(app: &OcApp) -> Value {
    let before = call(app, "GET", "?limit=1000").await.1["progress"]["run"].clone();
    let (status, answer) = call(app, "POST", "").await;
    assert_eq!(status, 202, "{answer}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, answer) = call(app, "GET", "?limit=1000").await;
        let progress = &answer["progress"];
        // Done, and a new run (not the one before the start).
        if status == 200 && progress["status"] == "done" && progress["run"] != before {
            // The run releases its lease after its last checkpoint.
            tokio::time::sleep(Duration::from_millis(200)).await;
            return answer;
        }
        assert!(Instant::now() < deadline, "{answer}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub fn key(app: &OcApp, system: System, id: impl ToString) -> LinkKey {
    LinkKey::new(&app.tenant, EntityKind::Order, system, id.to_string())
}

pub fn shop_order(app: &OcApp, order_id: i64) {
    let fields = json!({
        "firstname": "Anna", "lastname": "Petrova", "email": format!("buyer{order_id}@example.com"),
        "telephone": "+7 903 123-45-67",
        "payment_firstname": "Anna", "payment_lastname": "Petrova",
        "payment_address_1": "Lenina 1", "payment_city": "Moscow", "payment_postcode": "101000",
        "payment_iso_code_2": "RU", "payment_zone": "Moscow",
        "shipping_firstname": "Anna", "shipping_lastname": "Petrova",
        "shipping_address_1": "Mira 2", "shipping_city": "Moscow", "shipping_postcode": "129000",
        "shipping_iso_code_2": "RU", "shipping_zone": "Moscow",
    });
    let line = json!([{"product_id": "40", "quantity": "1"}]);
    app.shop.seed_order(order_id, fields, line);
}

pub fn crm_order(app: &OcApp, external_id: Option<String>) -> i64 {
    let mut order = json!({"site": SITE, "status": "new", "firstName": "Anna",
        "items": [{"offer": {"xmlId": "40"}, "productName": "Item", "quantity": 1, "initialPrice": 10}]});
    if let Some(ext) = external_id {
        order["externalId"] = json!(ext);
    }
    app.crm.seed_order(order)
}

async fn orders_linked_by_external_id(backend: Backend) {
    let app = OcApp::spawn(backend).await;
    for id in 1..=SHOP_ORDERS {
        shop_order(&app, id);
    }
    let matched: Vec<(i64, i64)> = (1..=MATCHED)
        .map(|id| (crm_order(&app, Some(id.to_string())), id))
        .collect();
    let unmatched: Vec<i64> = (0..3)
        .map(|i| crm_order(&app, Some(format!("{}", 9_000 + i))))
        .chain((0..3).map(|_| crm_order(&app, None)))
        .collect();
    // Shop order 31 belongs to another CRM order (one the CRM lost); 32 is
    // linked to its CRM order already.
    let taken = crm_order(&app, Some("31".into()));
    let links = app.store().links.clone();
    link_pair(
        links.as_ref(),
        &key(&app, System::RetailCrm, 777_777),
        &key(&app, System::OpenCart, 31),
    )
    .await
    .unwrap();
    let before = crm_order(&app, Some("32".into()));
    link_pair(
        links.as_ref(),
        &key(&app, System::RetailCrm, before),
        &key(&app, System::OpenCart, 32),
    )
    .await
    .unwrap();

    let (status, _) = call(&app, "GET", "").await;
    assert_eq!(status, 404, "no run yet");
    let answer = run_to_the_end(&app).await;
    let p = &answer["progress"];
    assert_eq!(
        (
            p["linked"].as_i64(),
            p["already_linked"].as_i64(),
            p["conflicts"].as_i64(),
            p["unmatched_crm"].as_i64(),
            p["crm_records"].as_i64(),
        ),
        (Some(MATCHED), Some(1), Some(1), Some(6), Some(MATCHED + 8)),
        "{answer}"
    );
    assert_eq!(answer["issues_total"], 7);
    let issues = answer["issues"].as_array().unwrap();
    let issue = |id: i64| {
        issues
            .iter()
            .find(|i| i["id"].as_str() == Some(id.to_string().as_str()))
            .unwrap_or_else(|| panic!("{id} reported: {answer}"))
    };
    for id in &unmatched {
        assert_eq!(issue(*id)["kind"], "unmatched");
    }
    assert!(
        issue(unmatched[0])["reason"]
            .as_str()
            .unwrap()
            .contains("no order 9000")
    );
    assert!(
        issue(unmatched[5])["reason"]
            .as_str()
            .unwrap()
            .contains("no externalId")
    );
    assert_eq!(
        (
            issue(taken)["kind"].as_str(),
            issue(taken)["candidates"][0].as_str()
        ),
        (Some("conflict"), Some("31"))
    );

    for &(crm_id, shop_id) in &matched {
        let forward = links
            .get_link(&key(&app, System::RetailCrm, crm_id))
            .await
            .unwrap()
            .expect("CRM order linked");
        let back = links
            .get_link(&key(&app, System::OpenCart, shop_id))
            .await
            .unwrap()
            .expect("shop order linked");
        assert_eq!(
            forward.peer(System::OpenCart),
            Some(shop_id.to_string().as_str())
        );
        assert_eq!(
            back.peer(System::RetailCrm),
            Some(crm_id.to_string().as_str())
        );
        assert_eq!(forward.group, back.group);
    }
    // Only reads: the CRM's order pages and one `order.get` a shop order named.
    assert!(app.crm.requests().iter().all(|r| r.method == "GET"));
    assert!(app.shop.requests().iter().all(|r| r.method == "GET"));
    assert_eq!(app.shop.calls("order.get") as i64, MATCHED + 2 + 3);

    let again = run_to_the_end(&app).await;
    assert_eq!(
        (
            again["progress"]["linked"].as_i64(),
            again["progress"]["already_linked"].as_i64()
        ),
        (Some(0), Some(MATCHED + 1)),
        "{again}"
    );

    // The flow reads the link: a shop event on order 1 edits its CRM order.
    let orders_before = app.crm.orders().len();
    assert_eq!(app.shop.post_order_event(1, OrderEvent::History).await, 202);
    app.drain().await;
    assert_eq!(
        app.crm.orders().len(),
        orders_before,
        "no CRM order created"
    );
    assert_eq!(app.crm_order_of(1).await, matched[0].0);
    assert_eq!(app.crm_order_edits(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_orders_linked_by_external_id_sqlite() {
    orders_linked_by_external_id(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_orders_linked_by_external_id_aws() {
    orders_linked_by_external_id(Backend::Aws).await;
}
