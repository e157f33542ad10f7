//! Corporate customers: create with contact, company and address; find by
//! company name; add addresses, companies and contacts.

use super::{address, customer, setup};
use synclane::connectors::retailcrm::{By, NewCorporate, RetailCrm};
use synclane::model::{Company, LegalDetails};

fn company(name: &str) -> Company {
    Company {
        name: name.into(),
        legal: LegalDetails {
            tax_id: Some("7701234567".into()),
            ..LegalDetails::default()
        },
        address: None,
    }
}

async fn new_corporate(crm: &RetailCrm, ext: &str) -> NewCorporate {
    let contact = crm
        .customer_create(
            Some("oc-c1"),
            &customer("Ivan", "Petrov", "ivan@acme.ru", "+79031234567"),
        )
        .await
        .unwrap();
    NewCorporate {
        external_id: Some(ext.into()),
        nick_name: "Acme LLC".into(),
        company: company("Acme LLC"),
        contact_customer_id: contact,
        addresses: vec![address("Moscow", "Lenina 1")],
    }
}

#[tokio::test]
async fn corporate_create_with_contact_company_and_address() {
    let (emu, crm) = setup().await;
    let new = new_corporate(&crm, "corp-1").await;
    let corp = crm.corporate_create(&new).await.unwrap();

    assert_eq!(corp.corporate.name, "Acme LLC");
    assert_eq!(corp.contact_ids, vec![new.contact_customer_id]);
    assert_eq!(
        corp.corporate.contacts[0].email.as_deref(),
        Some("ivan@acme.ru")
    );
    assert_eq!(corp.company_ids.len(), 1);
    assert_eq!(corp.corporate.companies[0].name, "Acme LLC");
    assert_eq!(
        corp.corporate.companies[0].legal.tax_id.as_deref(),
        Some("7701234567")
    );
    assert_eq!(corp.address_ids.len(), 1);
    assert_eq!(
        corp.corporate.addresses[0].line1.as_deref(),
        Some("Lenina 1")
    );

    let stored = &emu.corporates()[0];
    assert_eq!(
        stored["customerContacts"][0]["customer"]["id"],
        new.contact_customer_id
    );
    assert_eq!(
        stored["companies"][0]["contragent"]["contragentType"],
        "legal-entity"
    );
    assert_eq!(
        crm.corporate_get(By::ExternalId, "corp-1").await.unwrap(),
        Some(corp)
    );
}

#[tokio::test]
async fn corporate_duplicate_external_id_returns_existing() {
    let (emu, crm) = setup().await;
    let new = new_corporate(&crm, "corp-2").await;
    let first = crm.corporate_create(&new).await.unwrap();
    let second = crm.corporate_create(&new).await.unwrap();
    assert_eq!(first.id, second.id);
    assert_eq!(emu.corporates().len(), 1);
}

#[tokio::test]
async fn corporate_found_by_company_name_exactly() {
    let (_emu, crm) = setup().await;
    let corp = crm
        .corporate_create(&new_corporate(&crm, "corp-3").await)
        .await
        .unwrap();

    let found = crm.corporates_by_company_name("acme llc").await.unwrap();
    assert_eq!(
        found.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![corp.id]
    );
    assert!(
        crm.corporates_by_company_name("Acme")
            .await
            .unwrap()
            .is_empty(),
        "a part of the name is not a match"
    );
    assert!(
        crm.corporates_by_company_name("Globex")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn corporate_add_address_company_and_contact() {
    let (_emu, crm) = setup().await;
    let corp = crm
        .corporate_create(&new_corporate(&crm, "corp-4").await)
        .await
        .unwrap();
    let second = crm
        .customer_create(
            None,
            &customer("Olga", "Smirnova", "olga@acme.ru", "+79035550000"),
        )
        .await
        .unwrap();

    let address_id = crm
        .corporate_add_address(corp.id, &address("Tula", "Mira 7"))
        .await
        .unwrap();
    let company_id = crm
        .corporate_add_company(corp.id, &company("Acme Trade"))
        .await
        .unwrap();
    crm.corporate_add_contact(corp.id, second).await.unwrap();
    crm.corporate_add_contact(corp.id, second)
        .await
        .expect("adding a contact twice is a no-op");

    let got = crm
        .corporate_get(By::Id, &corp.id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.address_ids, vec![corp.address_ids[0], address_id]);
    assert_eq!(got.company_ids, vec![corp.company_ids[0], company_id]);
    assert_eq!(got.contact_ids, vec![corp.contact_ids[0], second]);
    assert_eq!(
        got.corporate.contacts[1].first_name.as_deref(),
        Some("Olga")
    );
    assert_eq!(
        crm.corporates_by_company_name("Acme Trade")
            .await
            .unwrap()
            .len(),
        1
    );
}
