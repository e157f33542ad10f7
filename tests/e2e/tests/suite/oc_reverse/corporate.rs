//! OC-R1, OC-R4 and OC-R5: corporate customers, their companies and
//! contact persons.

use super::{on_both_backends, section, with_order};
use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use serde_json::{Value, json};
use synclane::connectors::retailcrm::NewCorporate;
use synclane::model::Company;

/// A corporate customer made in the CRM (never seen by the shop) with one
/// contact person and one company; returns (corporate, contact, company) ids.
async fn crm_corporate(app: &OcApp, name: &str, contact: (&str, &str, &str)) -> (i64, i64, i64) {
    let email = contact.2;
    let person = app
        .crm_customer(contact.0, contact.1, email, "+7 900 000-00-01")
        .await;
    let created = app
        .crm_client()
        .corporate_create(&NewCorporate {
            external_id: None,
            nick_name: name.into(),
            company: Company {
                name: name.into(),
                ..Company::default()
            },
            contact_customer_id: person,
            addresses: vec![],
        })
        .await
        .unwrap();
    (created.id, person, created.company_ids[0])
}

/// The manager's pick of a corporate customer, its contact and (maybe) its company.
fn pick_corporate(
    corporate: i64,
    contact: i64,
    company: Option<i64>,
    who: (&str, &str, &str),
) -> Value {
    let mut edit = json!({"customer": {"id": corporate}, "contact": {"id": contact},
        "contragent": {"contragentType": "legal-entity"},
        "firstName": who.0, "lastName": who.1, "email": who.2, "phone": "+7 900 000-00-01"});
    if let Some(company) = company {
        edit["company"] = json!({"id": company});
    }
    edit
}

const GLEB: (&str, &str, &str) = ("Gleb", "Orlov", "gleb@example.com");
const BILLING: [&str; 3] = ["payment_company", "payment_firstname", "payment_lastname"];

/// OC-R1: without a company name in the legal details the corporate change
/// does not reach the billing section; with it, it does.
async fn corporate_change_needs_company_name(backend: Backend) {
    let (app, crm_id) = with_order(backend, json!({})).await;
    let (orion, gleb, company) = crm_corporate(&app, "Orion JSC", GLEB).await;
    app.crm
        .user_edit_order(crm_id, pick_corporate(orion, gleb, None, GLEB));
    app.poll_and_drain().await;
    let order = app.shop_order(1001);
    assert_eq!(
        order["payment_company"], "",
        "OC-R1: no company name, no corporate change"
    );
    assert_eq!(order["firstname"], "Gleb", "the contact person still shows");
    let journal = synclane::flows::journal::recent(app.store(), &app.tenant)
        .await
        .unwrap();
    assert!(
        journal.iter().any(|e| e.message.contains("OC-R1")),
        "{journal:?}"
    );
    app.crm
        .user_edit_order(crm_id, json!({"company": {"id": company}}));
    app.poll_and_drain().await;
    assert_eq!(
        section(&app.shop_order(1001), &BILLING),
        json!({"payment_company": "Orion JSC", "payment_firstname": "Gleb", "payment_lastname": "Orlov"})
    );
}

/// OC-R4: a corporate customer the shop knows (from another order's billing
/// address) and one it never saw: either way the billing section changes.
async fn corporate_customer_changes_billing(backend: Backend) {
    let (app, crm_id) = with_order(backend, json!({})).await;
    let vera = json!({"firstname": "Vera", "lastname": "Smirnova", "email": "vera@example.com",
        "payment_firstname": "Vera", "payment_lastname": "Smirnova", "payment_company": "Sirius LLC"});
    app.order_synced_forward(1002, vera).await;
    app.poll_and_drain().await;
    let sirius = app.crm.corporates()[0].clone();
    let contact = sirius["customerContacts"][0]["customer"]["id"]
        .as_i64()
        .unwrap();
    let company = sirius["companies"][0]["id"].as_i64().unwrap();
    let who = ("Vera", "Smirnova", "vera@example.com");
    let corporate = sirius["id"].as_i64().unwrap();
    app.crm.user_edit_order(
        crm_id,
        pick_corporate(corporate, contact, Some(company), who),
    );
    app.poll_and_drain().await;
    let order = app.shop_order(1001);
    assert_eq!(
        section(&order, &BILLING),
        json!({"payment_company": "Sirius LLC", "payment_firstname": "Vera", "payment_lastname": "Smirnova"})
    );
    assert_eq!(
        order["payment_address_1"], "Lenina 1",
        "the street address stays"
    );
    let (orion, gleb, orion_company) = crm_corporate(&app, "Orion JSC", GLEB).await;
    app.crm.user_edit_order(
        crm_id,
        pick_corporate(orion, gleb, Some(orion_company), GLEB),
    );
    app.poll_and_drain().await;
    assert_eq!(
        section(&app.shop_order(1001), &BILLING),
        json!({"payment_company": "Orion JSC", "payment_firstname": "Gleb", "payment_lastname": "Orlov"})
    );
    assert_eq!(app.shop.calls("customer.create"), 0);
    assert_eq!(app.shop.customer_count(), 0, "no account for anyone");
    assert_eq!(
        app.shop_order(1002)["payment_company"],
        "Sirius LLC",
        "the other order is untouched"
    );
}

/// OC-R5: another contact person: full name, phone and e-mail in the
/// Customer section and the delivery name; later only what changed.
async fn contact_person_change(backend: Backend) {
    let sirius = json!({"firstname": "Vera", "lastname": "Smirnova", "email": "vera@example.com",
        "payment_firstname": "Vera", "payment_lastname": "Smirnova", "payment_company": "Sirius LLC",
        "shipping_firstname": "Vera", "shipping_lastname": "Smirnova"});
    let (app, crm_id) = with_order(backend, sirius).await;
    let corporate = app.crm.corporates()[0]["id"].as_i64().unwrap();
    let gleb = app
        .crm_customer(GLEB.0, GLEB.1, GLEB.2, "+7 900 000-00-01")
        .await;
    app.crm_client()
        .corporate_add_contact(corporate, gleb)
        .await
        .unwrap();
    app.crm.user_edit_order(
        crm_id,
        json!({"contact": {"id": gleb}, "firstName": "Gleb", "lastName": "Orlov",
            "email": "gleb@example.com", "phone": "+7 900 000-00-01"}),
    );
    app.poll_and_drain().await;
    let order = app.shop_order(1001);
    let customer = [
        "firstname",
        "lastname",
        "email",
        "telephone",
        "shipping_firstname",
        "shipping_lastname",
    ];
    assert_eq!(
        section(&order, &customer),
        json!({"firstname": "Gleb", "lastname": "Orlov", "email": "gleb@example.com",
            "telephone": "+7 900 000-00-01", "shipping_firstname": "Gleb", "shipping_lastname": "Orlov"})
    );
    assert_eq!(order["payment_company"], "Sirius LLC", "the same company");
    // The shop sends the parcel to someone else; then the contact's phone changes in the CRM.
    let edits = app.crm_order_edits();
    app.shop
        .user_edit_order(
            1001,
            json!({"shipping_firstname": "Carol", "shipping_lastname": "Gift"}),
        )
        .await;
    app.drain().await;
    assert_eq!(
        app.crm_order_edits(),
        edits,
        "a delivery name is not the CRM's buyer"
    );
    app.crm
        .user_edit_order(crm_id, json!({"phone": "+7 999 111-22-33"}));
    app.poll_and_drain().await;
    let order = app.shop_order(1001);
    assert_eq!(order["telephone"], "+7 999 111-22-33");
    assert_eq!(
        (&order["shipping_firstname"], &order["firstname"]),
        (&json!("Carol"), &json!("Gleb")),
        "only the phone changed"
    );
    let last = app
        .shop
        .requests()
        .into_iter()
        .rev()
        .find(|c| c.op == "order.update")
        .unwrap();
    assert_eq!(
        last.body,
        json!({"customer": {"telephone": "+7 999 111-22-33"}})
    );
}

on_both_backends! {
    corporate_change_needs_company_name => oc_r1_corporate_change_needs_company_name_sqlite, oc_r1_corporate_change_needs_company_name_aws;
    corporate_customer_changes_billing => oc_r4_corporate_customer_changes_billing_section_sqlite, oc_r4_corporate_customer_changes_billing_section_aws;
    contact_person_change => oc_r5_contact_person_change_writes_what_changed_sqlite, oc_r5_contact_person_change_writes_what_changed_aws;
}
