//! CM-2: create, edit and delete a shop's customer through the admin API
//! (the extension's `customer.*` ops); the IP address is read-only.

use super::Admin;
use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn cm_2_create_edit_delete_through_the_shop() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let admin = Admin::of(&app);

    let new = json!({
        "customer_group_id": 2, "firstname": "Cleo", "lastname": "Park",
        "email": "cleo@example.com", "telephone": "+49 30 123456", "newsletter": true,
        "addresses": [{"firstname": "Cleo", "lastname": "Park", "company": "Park AG",
            "address_1": "Alexanderplatz 1", "city": "Berlin", "postcode": "10178",
            "iso_code_2": "DE", "zone": "Berlin", "default": true}]
    });
    let (status, created) = admin.send(Method::POST, "/customers", new.clone()).await;
    assert_eq!(status, 201, "{created}");
    let id: i64 = created["customer"]["id"].as_str().unwrap().parse().unwrap();
    let stored = app.shop.customer(id).expect("the shop has the customer");
    assert_eq!(stored["customer"]["customer_group_id"], "2");
    assert_eq!(stored["customer"]["newsletter"], "1");
    assert_eq!(stored["addresses"][0]["city"], "Berlin");
    assert_eq!(created["addresses"][0]["default"], true);
    assert_eq!(created["customer"]["group_id"], "2");

    // The same e-mail again: refused, nothing created.
    let count = app.shop.customer_count();
    let (status, taken) = admin.send(Method::POST, "/customers", new).await;
    assert_eq!(status, 409, "{taken}");
    assert_eq!(app.shop.customer_count(), count);

    // The IP address cannot be written, on create or edit.
    let (status, refused) = admin
        .send(
            Method::PUT,
            &format!("/customers/{id}"),
            json!({"ip": "198.51.100.1"}),
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("read-only"),
        "{refused}"
    );
    let (status, _) = admin
        .send(
            Method::POST,
            "/customers",
            json!({"firstname": "X", "ip": "1.2.3.4"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(app.shop.customer_count(), count);
    // An unknown member is refused too.
    let (status, _) = admin
        .send(
            Method::PUT,
            &format!("/customers/{id}"),
            json!({"password": "x"}),
        )
        .await;
    assert_eq!(status, 400);

    // Edit: group, names, newsletter; the address book replaced.
    let address_id = created["addresses"][0]["address_id"].as_i64().unwrap();
    let (status, edited) = admin
        .send(Method::PUT, &format!("/customers/{id}"), json!({
            "customer_group_id": 1, "lastname": "Park-Lee", "newsletter": false,
            "addresses": [
                {"address_id": address_id, "firstname": "Cleo", "lastname": "Park-Lee",
                 "address_1": "Unter den Linden 5", "city": "Berlin", "iso_code_2": "DE"},
                {"firstname": "Cleo", "lastname": "Park-Lee", "address_1": "1 High St",
                 "city": "London", "iso_code_2": "GB", "zone": "Greater London", "default": true}
            ]
        }))
        .await;
    assert_eq!(status, 200, "{edited}");
    let stored = app.shop.customer(id).unwrap();
    assert_eq!(stored["customer"]["lastname"], "Park-Lee");
    assert_eq!(stored["customer"]["customer_group_id"], "1");
    assert_eq!(stored["customer"]["newsletter"], "0");
    let addresses = stored["addresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 2);
    assert_eq!(
        addresses[0]["address_id"],
        address_id.to_string(),
        "kept its id"
    );
    assert_eq!(addresses[0]["address_1"], "Unter den Linden 5");

    // Read back through the API, with the IP addresses read-only beside.
    let (status, shown) = admin.get(&format!("/customers/{id}")).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["customer"]["last_name"], "Park-Lee");
    assert!(shown["ips"].is_array());

    // A field the shop refuses: its message, nothing written.
    let (status, bad) = admin
        .send(
            Method::PUT,
            &format!("/customers/{id}"),
            json!({"customer_group_id": 77}),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(
        app.shop.customer(id).unwrap()["customer"]["customer_group_id"],
        "1"
    );

    // Delete, then it is gone; a second delete is a 404.
    let (status, deleted) = admin
        .send(Method::DELETE, &format!("/customers/{id}"), json!({}))
        .await;
    assert_eq!(status, 200, "{deleted}");
    assert!(app.shop.customer(id).is_none());
    let (status, _) = admin
        .send(Method::DELETE, &format!("/customers/{id}"), json!({}))
        .await;
    assert_eq!(status, 404);
    let (status, _) = admin.get(&format!("/customers/{id}")).await;
    assert_eq!(status, 404);
    let (status, _) = admin.get("/customers/0").await;
    assert_eq!(status, 400);

    // Writes made through the extension's API never come back as events.
    assert!(app.shop.events_posted().is_empty());
}
