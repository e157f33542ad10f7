//! Customers, groups and transactions through the connector.

use super::setup;
use synclane::connectors::opencart::api::{
    AddressFields, Created, CustomerAddress, CustomerFields, CustomerQuery, GroupFilter,
    NewTransaction,
};

fn cleo() -> CustomerFields {
    CustomerFields {
        customer_group_id: Some(2),
        firstname: Some("Cleo".into()),
        lastname: Some("Park".into()),
        email: Some("Cleo@Example.com".into()),
        telephone: Some("+49 30 123456".into()),
        newsletter: Some(true),
        addresses: Some(vec![
            CustomerAddress {
                fields: AddressFields {
                    firstname: Some("Cleo".into()),
                    lastname: Some("Park".into()),
                    company: Some("Park AG".into()),
                    address_1: Some("Alexanderplatz 1".into()),
                    city: Some("Berlin".into()),
                    iso_code_2: Some("DE".into()),
                    zone: Some("Berlin".into()),
                    ..AddressFields::default()
                },
                ..CustomerAddress::default()
            },
            CustomerAddress {
                fields: AddressFields {
                    firstname: Some("Cleo".into()),
                    lastname: Some("Park".into()),
                    address_1: Some("1 High St".into()),
                    city: Some("London".into()),
                    country_id: Some(222),
                    ..AddressFields::default()
                },
                default: Some(true),
                ..CustomerAddress::default()
            },
        ]),
        ..CustomerFields::default()
    }
}

#[tokio::test]
async fn customers_are_created_listed_updated_and_deleted() {
    let (shop, oc) = setup().await;
    let Created::Customer(created) = oc.customer_create(&cleo()).await.unwrap() else {
        panic!("created")
    };
    let id = created.customer_id;
    assert_eq!(created.customer.newsletter, 1);
    assert_eq!(created.customer.status, 1, "active by default");
    assert_eq!(created.addresses.len(), 2);
    assert_eq!(created.addresses[1].default, 1);
    assert_eq!(created.addresses[0].zone.as_deref(), Some("Berlin"));
    let again = CustomerFields {
        email: Some("cleo@example.COM".into()),
        ..cleo()
    };
    assert_eq!(
        oc.customer_create(&again).await.unwrap(),
        Created::EmailTaken { customer_id: id },
        "e-mail addresses compare case-insensitively"
    );
    let found = oc
        .customer_by_email("CLEO@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.customer_id, id);
    let page = oc
        .customer_list(&CustomerQuery {
            group: Some(GroupFilter::Group(2)),
            search: Some("cleo park".into()),
            ..CustomerQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (page.total, page.customers[0].customer_group.as_deref()),
        (1, Some("Wholesale"))
    );
    let keep = created.addresses[1].address_id;
    let updated = oc
        .customer_update(
            id,
            &CustomerFields {
                status: Some(false),
                addresses: Some(vec![CustomerAddress {
                    address_id: Some(keep),
                    fields: AddressFields {
                        firstname: Some("Cleo".into()),
                        lastname: Some("Park".into()),
                        address_1: Some("2 High St".into()),
                        city: Some("London".into()),
                        iso_code_2: Some("GB".into()),
                        ..AddressFields::default()
                    },
                    default: None,
                }]),
                ..CustomerFields::default()
            },
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(updated.customer.status, 0);
    assert_eq!(
        updated.addresses.len(),
        1,
        "the list replaces the address book"
    );
    assert_eq!(
        updated.addresses[0].address_id, keep,
        "a listed address keeps its id"
    );
    let groups = oc.customer_groups().await.unwrap();
    assert_eq!(groups.customer_groups[1].customer_count, 1);
    assert_eq!(groups.default_customer_group_id, 1);
    shop.seed_customer(serde_json::json!({"customer_group_id": "9", "email": "x@example.com"}));
    let orphans = oc
        .customer_list(&CustomerQuery {
            group: Some(GroupFilter::NoGroup),
            ..CustomerQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(orphans.total, 1);
    assert_eq!(oc.customer_groups().await.unwrap().no_group_count, 1);
    assert!(oc.customer_delete(id).await.unwrap());
    assert!(!oc.customer_delete(id).await.unwrap(), "already gone");
    assert_eq!(oc.customer_get(id).await.unwrap(), None);
    assert!(shop.events_posted().is_empty(), "API writes fire no event");
}

#[tokio::test]
async fn transactions_add_up_to_the_balance() {
    let (shop, oc) = setup().await;
    let id =
        shop.seed_customer(serde_json::json!({"firstname": "Boris", "email": "b@example.com"}));
    let refund = NewTransaction {
        description: "Refund".into(),
        amount: "-5.00".into(),
        order_id: Some(42),
    };
    let added = oc.transaction_add(id, &refund).await.unwrap().unwrap();
    assert_eq!((added.amount.as_str(), added.order_id), ("-5.0000", 42));
    let credit = NewTransaction {
        description: "Welcome credit".into(),
        amount: "12.5".into(),
        order_id: None,
    };
    oc.transaction_add(id, &credit).await.unwrap().unwrap();
    let page = oc.transaction_list(id, 1, 50).await.unwrap().unwrap();
    assert_eq!((page.total, page.balance.as_str()), (2, "7.5000"));
    assert_eq!(
        page.transactions[0].description, "Welcome credit",
        "newest first"
    );
    assert_eq!(oc.transaction_add(4242, &credit).await.unwrap(), None);
    let e = oc
        .transaction_add(
            id,
            &NewTransaction {
                order_id: Some(999),
                ..credit
            },
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("order_not_found"), "{e}");
}
