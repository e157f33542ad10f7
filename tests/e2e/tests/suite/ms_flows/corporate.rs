//! Corporate customers: the order on the corporate counterparty with its
//! contact person (MS-C2), counterparty changes back to the corporate
//! customer's address notes, never its name (MS-B4).

use super::*;
use synclane::connectors::retailcrm::{CrmCorporate, NewCorporate};
use synclane::model::{Address, Company, LegalDetails};

/// A corporate customer "Romashka Group" with Anna as its contact person
/// and one address.
pub(super) async fn romashka(app: &MsApp, anna: i64) -> CrmCorporate {
    app.crm_client()
        .corporate_create(&NewCorporate {
            external_id: None,
            nick_name: "Romashka Group".into(),
            company: Company {
                name: "Romashka".into(),
                legal: LegalDetails {
                    tax_id: Some("7701234567".into()),
                    ..LegalDetails::default()
                },
                address: None,
            },
            contact_customer_id: anna,
            addresses: vec![Address {
                city: Some("Moscow".into()),
                line1: Some("Lenina 1".into()),
                ..Address::default()
            }],
        })
        .await
        .unwrap()
}

/// A manager's order of `corp` placed by contact person `contact`.
pub(super) fn corporate_order_by(
    app: &MsApp,
    number: &str,
    corp: &CrmCorporate,
    contact: i64,
) -> i64 {
    app.crm.user_create_order(json!({
        "site": "shop", "number": number, "status": "new", "shipmentStore": "main",
        "customer": {"id": corp.id}, "contact": {"id": contact}, "company": {"id": corp.company_ids[0]},
        "contragent": {"contragentType": "legal-entity"},
        "items": [{"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100, "quantity": 1}]
    }))
}

/// MS-C2: an order of a corporate customer goes to a legal counterparty
/// named after it, with its legal details; the order's contact person is
/// one of the counterparty's contact persons. MoySklad's customer order has
/// no contact-person field, so the agent is the counterparty itself. A
/// second order by another contact person adds that one, never twice.
async fn corporate_order(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let corp = romashka(&app, anna).await;
    corporate_order_by(&app, "106A", &corp, anna);
    app.poll().await;
    app.drain().await;
    let cps = app.counterparties();
    assert_eq!(cps.len(), 1, "{cps:#?}");
    let cp_id = cps[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(cps[0]["name"], "Romashka Group");
    assert_eq!(cps[0]["companyType"], "legal");
    assert_eq!(cps[0]["inn"], "7701234567");
    let order = &app.ms_orders()[0];
    let agent = order["agent"]["meta"]["href"].as_str().unwrap();
    assert!(
        agent.ends_with(&cp_id),
        "the order is on the corporate counterparty"
    );
    let contacts = app.ms.nested("counterparty", &cp_id, "contactpersons");
    assert_eq!(contacts.len(), 1, "{contacts:#?}");
    assert_eq!(contacts[0]["email"], "anna@example.com");
    let key = LinkKey::new(
        &app.tenant,
        EntityKind::CorporateCustomer,
        System::RetailCrm,
        corp.id.to_string(),
    );
    let link = app.store().links.get_link(&key).await.unwrap().unwrap();
    assert_eq!(link.peer(System::MoySklad), Some(cp_id.as_str()));

    // Another contact person of the same company orders.
    let ivan = app
        .customer("Ivan", "Sidorov", "ivan@example.com", "+79161112233")
        .await;
    app.crm_client()
        .corporate_add_contact(corp.id, ivan)
        .await
        .unwrap();
    corporate_order_by(&app, "107A", &corp, ivan);
    corporate_order_by(&app, "108A", &corp, anna);
    app.poll().await;
    app.drain().await;
    assert_eq!(app.counterparties().len(), 1, "one corporate counterparty");
    assert_eq!(app.ms_orders().len(), 3);
    let contacts = app.ms.nested("counterparty", &cp_id, "contactpersons");
    let mut emails: Vec<&str> = contacts
        .iter()
        .filter_map(|c| c["email"].as_str())
        .collect();
    emails.sort();
    assert_eq!(emails, ["anna@example.com", "ivan@example.com"]);
}

/// MS-B4: a change of a corporate customer's counterparty in MoySklad: the
/// actual address goes to the corporate customer's address notes; its name
/// is not changed (only individuals' are).
async fn corporate_counterparty_changes_come_back(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    app.register_webhooks().await;
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let corp = romashka(&app, anna).await;
    corporate_order_by(&app, "109A", &corp, anna);
    app.poll().await;
    app.drain().await;
    let cp_id = app.counterparties()[0]["id"].as_str().unwrap().to_owned();
    let change = Counterparty {
        name: Some("Romashka Holding".into()),
        actual_address: Some("Moscow, Tverskaya 7".into()),
        ..Counterparty::default()
    };
    app.ms_user()
        .counterparty_update(&cp_id, &change)
        .await
        .unwrap();
    wait_for_deliveries(&app, 1).await;
    app.drain().await;
    let record = app
        .crm
        .corporates()
        .into_iter()
        .find(|c| c["id"] == corp.id)
        .unwrap();
    assert_eq!(record["nickName"], "Romashka Group", "the name is kept");
    let addresses = record["addresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 1, "the address is edited, not added");
    assert_eq!(addresses[0]["notes"], "Moscow, Tverskaya 7");
    assert_eq!(addresses[0]["city"], "Moscow");
    // Our CRM write is not polled back as a change.
    app.poll().await;
    assert_eq!(app.depth().await, 0);
}

on_both_backends! {
    corporate_order => ms_c2_corporate_order_on_counterparty_with_contact_person_sqlite, ms_c2_corporate_order_on_counterparty_with_contact_person_aws;
    corporate_counterparty_changes_come_back => ms_b4_corporate_address_to_notes_name_kept_sqlite, ms_b4_corporate_address_to_notes_name_kept_aws;
}
