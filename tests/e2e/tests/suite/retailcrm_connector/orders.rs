//! Orders: private and corporate create, get by externalId, idempotent
//! create, edit of buyer and addresses.

use super::{address, customer, person, setup};
use synclane::connectors::retailcrm::{By, CrmBuyer, NewCorporate, NewOrder, RetailCrm};
use synclane::model::{Company, OrderLine};

fn new_order(ext: &str, buyer: CrmBuyer) -> NewOrder {
    NewOrder {
        external_id: ext.into(),
        number: Some(format!("OC-{ext}")),
        status: None,
        buyer,
        person: person("Ivan", "Petrov", "ivan@example.com", "+79031234567"),
        billing_address: Some(address("Moscow", "Lenina 1")),
        delivery_address: Some(address("Moscow", "Tverskaya 10")),
        lines: vec![OrderLine {
            product_id: "42".into(),
            sku: None,
            name: "Tea".into(),
            quantity: 2.0,
            price: 150.5,
        }],
        comment: Some("ring twice".into()),
    }
}

async fn corporate_buyer(crm: &RetailCrm) -> CrmBuyer {
    let contact = crm
        .customer_create(
            None,
            &customer("Olga", "Smirnova", "olga@acme.ru", "+79035550000"),
        )
        .await
        .unwrap();
    let new = NewCorporate {
        external_id: None,
        nick_name: "Acme".into(),
        company: Company {
            name: "Acme".into(),
            ..Company::default()
        },
        contact_customer_id: contact,
        addresses: vec![],
    };
    let corp = crm.corporate_create(&new).await.unwrap();
    CrmBuyer::Corporate {
        corporate_id: corp.id,
        contact_id: contact,
        company_id: Some(corp.company_ids[0]),
    }
}

#[tokio::test]
async fn order_private_create_get_and_duplicate() {
    let (emu, crm) = setup().await;
    let customer_id = crm
        .customer_create(
            Some("oc-1"),
            &customer("Ivan", "Petrov", "ivan@example.com", "+79031234567"),
        )
        .await
        .unwrap();
    let order = new_order("1001", CrmBuyer::Private { customer_id });
    let id = crm.order_create(&order).await.unwrap();
    assert_eq!(
        crm.order_create(&order).await.unwrap(),
        id,
        "same externalId: the existing order"
    );
    assert_eq!(emu.orders().len(), 1);

    let got = crm
        .order_get(By::ExternalId, "1001")
        .await
        .unwrap()
        .expect("order");
    assert_eq!(got.id, id);
    assert_eq!(got.number.as_deref(), Some("OC-1001"));
    assert_eq!(got.buyer, Some(CrmBuyer::Private { customer_id }));
    assert_eq!(got.person, order.person);
    assert_eq!(
        got.delivery_address.unwrap().line1.as_deref(),
        Some("Tverskaya 10")
    );
    assert_eq!(got.lines, order.lines);
    assert!(
        crm.order_get(By::ExternalId, "404")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        emu.orders()[0]["contragent"]["contragentType"],
        "individual"
    );
}

#[tokio::test]
async fn order_corporate_create() {
    let (emu, crm) = setup().await;
    let buyer = corporate_buyer(&crm).await;
    let id = crm
        .order_create(&new_order("2001", buyer.clone()))
        .await
        .unwrap();

    let got = crm
        .order_get(By::Id, &id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.buyer, Some(buyer));
    let stored = &emu.orders()[0];
    assert_eq!(stored["customer"]["type"], "customer_corporate");
    assert_eq!(stored["contragent"]["contragentType"], "legal-entity");
    assert_eq!(
        stored["contragent"]["legalAddress"],
        "101000, RU, Moscow, Lenina 1"
    );
}

#[tokio::test]
async fn order_edit_changes_buyer_and_addresses() {
    let (_emu, crm) = setup().await;
    let customer_id = crm
        .customer_create(
            None,
            &customer("Ivan", "Petrov", "ivan@example.com", "+79031234567"),
        )
        .await
        .unwrap();
    crm.order_create(&new_order("3001", CrmBuyer::Private { customer_id }))
        .await
        .unwrap();

    let buyer = corporate_buyer(&crm).await;
    let mut edited = new_order("3001", buyer.clone());
    edited.person = person("Olga", "Smirnova", "olga@acme.ru", "+79035550000");
    edited.delivery_address = Some(address("Tula", "Mira 7"));
    crm.order_edit(&edited).await.unwrap();

    let got = crm
        .order_get(By::ExternalId, "3001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.buyer, Some(buyer));
    assert_eq!(got.person.first_name.as_deref(), Some("Olga"));
    assert_eq!(got.delivery_address.unwrap().city.as_deref(), Some("Tula"));

    crm.order_edit(&new_order("3001", CrmBuyer::Private { customer_id }))
        .await
        .unwrap();
    let back = crm
        .order_get(By::ExternalId, "3001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.buyer, Some(CrmBuyer::Private { customer_id }));
}

#[tokio::test]
async fn order_edit_of_unknown_order_is_rejected() {
    let (_emu, crm) = setup().await;
    let err = crm
        .order_edit(&new_order("nope", CrmBuyer::Private { customer_id: 1 }))
        .await
        .unwrap_err();
    assert!(
        matches!(err, synclane::Error::PeerRejected { status: 404, .. }),
        "{err}"
    );
}
