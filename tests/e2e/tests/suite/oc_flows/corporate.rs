//! OC-F3 and OC-F4: an order whose billing company is a corporate customer
//! the CRM has, or does not have yet.

use super::{crm_client, customer_ids_by_email, deliver, only_order, person};
use crate::support::app::{Backend, TestApp, tenant_id};
use crate::support::on_both_backends;
use crate::support::opencart::{ANNA, BORIS, VERA, order_event};
use synclane::model::{Address, Company, Customer, EntityKind, System};
use synclane::store::LinkKey;

/// OC-F3: the billing company is a corporate customer the CRM has.
async fn existing_corporate_is_set_and_gets_addresses(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let crm = crm_client(&app);
    let contact = crm
        .customer_create(
            None,
            &Customer {
                person: person(&VERA),
                address: None,
            },
        )
        .await
        .unwrap();
    let existing = crm
        .corporate_create(&synclane::connectors::retailcrm::NewCorporate {
            external_id: None,
            nick_name: "Romashka".into(),
            company: Company {
                name: "Romashka LLC".into(),
                ..Default::default()
            },
            contact_customer_id: contact,
            addresses: vec![],
        })
        .await
        .unwrap();
    deliver(
        &app,
        &order_event(1003, &BORIS, Some("Romashka LLC"), 1, "2026-11-20 10:00:00"),
    )
    .await;
    app.drain().await;

    let corporates = app.crm.corporates();
    assert_eq!(corporates.len(), 1, "no new corporate customer");
    let order = only_order(&app);
    assert_eq!(
        order["customer"]["id"], existing.id,
        "the order's corporate customer is the existing one"
    );
    assert_eq!(order["company"]["id"], existing.company_ids[0]);
    let card = crm
        .corporate_get(
            synclane::connectors::retailcrm::By::Id,
            &existing.id.to_string(),
        )
        .await
        .unwrap()
        .unwrap();
    let lines: Vec<_> = card
        .corporate
        .addresses
        .iter()
        .filter_map(|a: &Address| a.line1.clone())
        .collect();
    assert!(
        lines.contains(&"Lenina 1".to_string()) && lines.contains(&"Mira 2".to_string()),
        "billing and delivery addresses on the card: {lines:?}"
    );
    let boris = customer_ids_by_email(&app, BORIS.email);
    assert!(
        card.contact_ids.contains(&boris[0]),
        "the order's contact is a contact of the corporate customer"
    );

    // The same event again changes nothing on the card.
    deliver(
        &app,
        &order_event(1003, &BORIS, Some("Romashka LLC"), 1, "2026-11-20 10:30:00"),
    )
    .await;
    app.drain().await;
    let again = crm
        .corporate_get(
            synclane::connectors::retailcrm::By::Id,
            &existing.id.to_string(),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.corporate.addresses.len(),
        card.corporate.addresses.len(),
        "addresses are not added twice"
    );
}

/// OC-F4: the billing company is unknown to the CRM.
async fn missing_corporate_is_created_with_contact_and_company(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    deliver(
        &app,
        &order_event(1004, &ANNA, None, 1, "2026-11-20 10:00:00"),
    )
    .await;
    deliver(
        &app,
        &order_event(1004, &ANNA, Some("Vasilek JSC"), 1, "2026-11-20 10:10:00"),
    )
    .await;
    app.drain().await;
    let corporates = app.crm.corporates();
    assert_eq!(corporates.len(), 1, "one corporate customer was created");
    let corporate_id = corporates[0]["id"].as_i64().unwrap();
    let card = crm_client(&app)
        .corporate_get(
            synclane::connectors::retailcrm::By::Id,
            &corporate_id.to_string(),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(card.corporate.companies[0].name, "Vasilek JSC");
    let anna = customer_ids_by_email(&app, ANNA.email);
    assert_eq!(anna.len(), 1, "the contact person is Anna, created once");
    assert_eq!(card.contact_ids, vec![anna[0]]);
    assert_eq!(
        card.corporate.addresses.len(),
        2,
        "billing and delivery addresses: {:?}",
        card.corporate.addresses
    );
    let order = only_order(&app);
    assert_eq!(
        order["customer"]["id"], corporate_id,
        "the order's corporate customer changed"
    );
    assert_eq!(order["contact"]["id"], anna[0]);
    let key = LinkKey::new(
        &tenant_id(),
        EntityKind::CorporateCustomer,
        System::OpenCart,
        "company:vasilek jsc",
    );
    let link = app
        .store()
        .links
        .get_link(&key)
        .await
        .unwrap()
        .expect("the company is linked");
    assert_eq!(
        link.peer(System::RetailCrm),
        Some(corporate_id.to_string().as_str())
    );
}

on_both_backends! {
    existing_corporate_is_set_and_gets_addresses => oc_f3_existing_corporate_is_set_and_gets_addresses_sqlite, oc_f3_existing_corporate_is_set_and_gets_addresses_aws;
    missing_corporate_is_created_with_contact_and_company => oc_f4_missing_corporate_is_created_sqlite, oc_f4_missing_corporate_is_created_aws;
}
