//! CM-1: a shop's customers listed by group, "no group" and search (text,
//! and phone compared by digits), each row with its linked records.

use super::{Admin, ids};
use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use serde_json::json;
use synclane::model::{EntityKind, System};
use synclane::store::{Link, LinkKey};

/// Five customers: two in Default, one Wholesale, one in no group (0) and
/// one in a deleted group (9). Returns their ids in that order.
fn seed(app: &OcApp) -> Vec<i64> {
    let shop = &app.shop;
    vec![
        shop.seed_customer(json!({"firstname": "Анна", "lastname": "Кузнецова",
            "email": "anna@example.ru", "telephone": "+7 (912) 345-67-89"})),
        shop.seed_customer(json!({"firstname": "Cleo", "lastname": "Park",
            "email": "cleo@example.com", "telephone": "030 123456", "newsletter": "1"})),
        shop.seed_customer(
            json!({"firstname": "Bo", "lastname": "Trade", "email": "bo@trade.example",
            "customer_group_id": "2"}),
        ),
        shop.seed_customer(
            json!({"firstname": "Zoë", "lastname": "D'Arcy", "email": "zoe@example.fr",
            "customer_group_id": "0", "telephone": "79123450000"}),
        ),
        shop.seed_customer(
            json!({"firstname": "Old", "lastname": "Group", "email": "old@example.com",
            "customer_group_id": "9"}),
        ),
    ]
}

async fn cm_1_list(backend: Backend) {
    let app = OcApp::spawn(backend).await;
    let admin = Admin::of(&app);
    let c = seed(&app);
    let id = |i: usize| c[i].to_string();

    // A link the flows recorded: the first customer is CRM customer 42.
    let key = LinkKey::new(
        &app.tenant,
        EntityKind::Customer,
        System::OpenCart,
        format!("c:{}", c[0]),
    );
    let mut link = Link::pending("group-anna", "test", 0);
    link.peers.insert(System::OpenCart, format!("c:{}", c[0]));
    link.peers.insert(System::RetailCrm, "42".into());
    app.store()
        .links
        .put_link_if_absent(&key, &link)
        .await
        .unwrap();

    let (status, all) = admin.get("/customers").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["total"], 5);
    assert_eq!(ids(&all), (0..5).map(id).collect::<Vec<_>>());
    let anna = &all["customers"][0];
    assert_eq!(anna["first_name"], "Анна");
    assert_eq!(anna["group"], "Default");
    assert_eq!(anna["ip"], "203.0.113.7");
    assert_eq!(anna["linked"], json!([{"system": "retailcrm", "id": "42"}]));
    assert_eq!(all["customers"][1]["newsletter"], true);
    assert_eq!(all["customers"][1]["linked"], json!([]));

    let (_, wholesale) = admin.get("/customers?group=2").await;
    assert_eq!(ids(&wholesale), [id(2)]);
    let (_, none) = admin.get("/customers?no_group=1").await;
    assert_eq!(
        ids(&none),
        [id(3), id(4)],
        "group 0 and a deleted group are 'no group'"
    );

    let (_, text) = admin.get("/customers?q=%D0%B0%D0%BD%D0%BD%D0%B0").await; // "анна"
    assert_eq!(ids(&text), [id(0)]);
    let (_, by_mail) = admin.get("/customers?q=CLEO%40example").await;
    assert_eq!(ids(&by_mail), [id(1)]);
    // A phone formatted differently from the stored one.
    let (_, phone) = admin.get("/customers?q=912-345-67-89").await;
    assert_eq!(ids(&phone), [id(0)]);
    let (_, prefix) = admin.get("/customers?q=%2B7%20(912)%20345").await;
    assert_eq!(ids(&prefix), [id(0), id(3)]);
    assert_eq!(prefix["total"], 2);
    let (_, prefix_no_group) = admin.get("/customers?q=7912345&no_group=1").await;
    assert_eq!(ids(&prefix_no_group), [id(3)]);

    let (_, page2) = admin.get("/customers?per_page=2&page=2").await;
    assert_eq!(ids(&page2), [id(2), id(3)]);
    assert_eq!(page2["total"], 5);
    let (_, phone_page2) = admin.get("/customers?q=7912345&per_page=1&page=2").await;
    assert_eq!(ids(&phone_page2), [id(3)]);
    assert_eq!(phone_page2["total"], 2);

    let (status, groups) = admin.get("/customers/groups").await;
    assert_eq!(status, 200, "{groups}");
    assert_eq!(
        groups["groups"],
        json!([{"id": "1", "name": "Default", "count": 2}, {"id": "2", "name": "Wholesale", "count": 1}])
    );
    assert_eq!(groups["no_group_count"], 2);

    for bad in [
        "/customers?per_page=0",
        "/customers?page=0",
        "/customers?colour=red",
        "/customers?group=2&no_group=1",
        "/customers?system=ebay",
        "/customers?group=abc",
    ] {
        let (status, body) = admin.get(bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["error"], "bad_request", "{bad}: {body}");
    }
}

#[tokio::test]
async fn cm_1_list_filter_and_search_sqlite() {
    cm_1_list(Backend::Sqlite).await;
}

#[tokio::test]
async fn cm_1_list_filter_and_search_aws() {
    cm_1_list(Backend::Aws).await;
}
