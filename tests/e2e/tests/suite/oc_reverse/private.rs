//! OC-R2 and OC-R3: the CRM order changes to another private person.

use super::{on_both_backends, pick_private, section, with_order};
use crate::support::app::Backend;
use serde_json::json;

/// OC-R2: Boris has an account in the shop: the order becomes his (Customer
/// section and delivery name and phone); no account is created.
async fn existing_private_person(backend: Backend) {
    let (app, crm_id) = with_order(backend, json!({})).await;
    let boris_oc = app
        .shop
        .seed_customer(json!({"firstname": "Boris", "lastname": "Ivanov",
        "email": "boris@example.com", "telephone": "+7 916 000-11-22", "customer_group_id": "2"}));
    let boris = app
        .crm_customer("Boris", "Ivanov", "boris@example.com", "+7 916 000-11-22")
        .await;
    let edits_before = app.crm_order_edits();
    app.crm.user_edit_order(
        crm_id,
        pick_private(
            boris,
            "Boris",
            "Ivanov",
            "Boris@Example.com",
            "+7 916 000-11-22",
        ),
    );
    app.poll_and_drain().await;
    let order = app.shop_order(1001);
    assert_eq!(
        section(
            &order,
            &[
                "customer_id",
                "customer_group_id",
                "firstname",
                "lastname",
                "email",
                "telephone"
            ]
        ),
        json!({"customer_id": boris_oc.to_string(), "customer_group_id": "2", "firstname": "Boris",
            "lastname": "Ivanov", "email": "Boris@Example.com", "telephone": "+7 916 000-11-22"})
    );
    assert_eq!(
        section(
            &order,
            &[
                "shipping_firstname",
                "shipping_lastname",
                "shipping_address_1"
            ]
        ),
        json!({"shipping_firstname": "Boris", "shipping_lastname": "Ivanov", "shipping_address_1": "Mira 2"})
    );
    assert_eq!(
        order["payment_firstname"], "Anna",
        "a private person's billing stays"
    );
    assert_eq!(app.shop.customer_count(), 1, "no new OpenCart customer");
    assert_eq!(app.shop.calls("customer.create"), 0);
    assert_eq!(app.shop.succeeded("order.update"), 1);
    assert_eq!(
        app.shop.events_posted().len(),
        1,
        "API writes fire no event"
    );
    app.poll_and_drain().await;
    assert_eq!(
        app.crm_order_edits(),
        edits_before,
        "nothing went back to the CRM"
    );
    assert_eq!(app.shop.succeeded("order.update"), 1, "applied once");
}

/// OC-R3: Vera has no account in the shop: Boris's order becomes a guest
/// order in her name; still no account is created.
async fn private_person_not_in_opencart(backend: Backend) {
    let app = crate::support::oc_app::OcApp::spawn(backend).await;
    let boris_oc = app
        .shop
        .seed_customer(json!({"firstname": "Boris", "lastname": "Ivanov",
        "email": "boris@example.com", "telephone": "+7 916 000-11-22"}));
    let crm_id = app
        .order_synced_forward(
            1001,
            json!({"customer_id": boris_oc.to_string(), "firstname": "Boris", "lastname": "Ivanov",
                "email": "boris@example.com", "telephone": "+7 916 000-11-22",
                "shipping_firstname": "Boris", "shipping_lastname": "Ivanov"}),
        )
        .await;
    app.poll_and_drain().await;
    let vera = app
        .crm_customer("Vera", "Smirnova", "vera@example.com", "+79250001122")
        .await;
    app.crm.user_edit_order(
        crm_id,
        pick_private(vera, "Vera", "Smirnova", "vera@example.com", "+79250001122"),
    );
    app.poll_and_drain().await;
    let order = app.shop_order(1001);
    assert_eq!(
        section(
            &order,
            &[
                "customer_id",
                "firstname",
                "lastname",
                "email",
                "telephone",
                "shipping_firstname",
                "shipping_lastname"
            ]
        ),
        json!({"customer_id": "0", "firstname": "Vera", "lastname": "Smirnova",
            "email": "vera@example.com", "telephone": "+79250001122",
            "shipping_firstname": "Vera", "shipping_lastname": "Smirnova"})
    );
    assert_eq!(app.shop.customer_count(), 1, "Vera got no account");
    assert_eq!(app.shop.calls("customer.create"), 0);
    assert_eq!(
        app.shop.calls("customer.list"),
        1,
        "looked up by e-mail, once"
    );
}

on_both_backends! {
    existing_private_person => oc_r2_existing_private_person_changes_customer_and_delivery_sqlite, oc_r2_existing_private_person_changes_customer_and_delivery_aws;
    private_person_not_in_opencart => oc_r3_private_person_not_in_opencart_makes_a_guest_order_sqlite, oc_r3_private_person_not_in_opencart_makes_a_guest_order_aws;
}
