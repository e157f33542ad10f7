//! `order.get` and `order.update` through the connector.

use super::setup;
use synclane::Error;
use synclane::connectors::opencart::api::{AddressFields, CustomerSection, OrderChanges};

#[tokio::test]
async fn order_update_writes_only_what_is_given_and_answers_the_new_order() {
    let (shop, oc) = setup().await;
    let before = oc.order_get(42).await.unwrap().unwrap();
    assert_eq!(before.order.email.as_deref(), Some("anna@example.com"));
    assert_eq!(before.order.payment_iso_code_2.as_deref(), Some("RU"));
    assert_eq!(before.products.len(), 1);
    assert_eq!(before.to_order().id, "42");
    let boris =
        shop.seed_customer(serde_json::json!({"firstname": "Boris", "customer_group_id": "2"}));
    let changes = OrderChanges {
        customer: Some(CustomerSection {
            customer_id: Some(boris),
            customer_group_id: Some(2),
            firstname: Some("Boris".into()),
            email: Some("boris@example.com".into()),
            ..CustomerSection::default()
        }),
        payment_address: Some(AddressFields {
            company: Some("Sirius LLC".into()),
            iso_code_2: Some("gb".into()),
            zone: Some("gla".into()),
            ..AddressFields::default()
        }),
        shipping_address: Some(AddressFields {
            firstname: Some("Boris".into()),
            ..AddressFields::default()
        }),
    };
    let after = oc.order_update(42, &changes).await.unwrap().unwrap();
    let o = &after.order;
    assert_eq!(o.customer_id, boris);
    assert_eq!(o.customer_group_id, 2);
    assert_eq!(
        (o.firstname.as_deref(), o.lastname.as_deref()),
        (Some("Boris"), Some("Petrova"))
    );
    assert_eq!(o.payment_company.as_deref(), Some("Sirius LLC"));
    assert_eq!(o.payment_iso_code_2.as_deref(), Some("GB"));
    assert_eq!(o.payment_zone.as_deref(), Some("Greater London"));
    assert_eq!(
        o.payment_address_1.as_deref(),
        Some("Lenina 1"),
        "not given, kept"
    );
    assert_eq!(o.shipping_firstname.as_deref(), Some("Boris"));
    assert_ne!(o.date_modified, before.order.date_modified);
    assert_eq!(oc.order_get(42).await.unwrap().unwrap(), after);
    assert!(shop.events_posted().is_empty(), "API writes fire no event");
}

#[tokio::test]
async fn unknown_records_are_none_or_a_typed_refusal() {
    let (shop, oc) = setup().await;
    assert_eq!(oc.order_get(999).await.unwrap(), None);
    let guest = OrderChanges {
        customer: Some(CustomerSection {
            customer_id: Some(0),
            ..CustomerSection::default()
        }),
        ..OrderChanges::default()
    };
    assert_eq!(oc.order_update(999, &guest).await.unwrap(), None);
    let missing = OrderChanges {
        customer: Some(CustomerSection {
            customer_id: Some(4242),
            firstname: Some("Ghost".into()),
            ..CustomerSection::default()
        }),
        ..OrderChanges::default()
    };
    let e = oc.order_update(42, &missing).await.unwrap_err();
    assert!(
        matches!(&e, Error::PeerRejected { status: 404, message, .. } if message.starts_with("customer_not_found")),
        "{e}"
    );
    let e = oc
        .order_update(
            42,
            &OrderChanges {
                shipping_address: Some(AddressFields {
                    iso_code_2: Some("ZZ".into()),
                    ..AddressFields::default()
                }),
                ..OrderChanges::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::PeerRejected { status: 422, message, .. } if message.contains("shipping_address.iso_code_2")),
        "{e}"
    );
    assert_eq!(shop.order(42).unwrap()["order"]["firstname"], "Anna");
    assert_eq!(
        oc.order_update(42, &guest)
            .await
            .unwrap()
            .unwrap()
            .order
            .customer_id,
        0
    );
}
