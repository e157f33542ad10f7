//! Private customers: create, get, find by e-mail and phone, edit, idempotent create.

use super::{address, customer, setup};
use synclane::connectors::retailcrm::By;

#[tokio::test]
async fn customer_create_get_and_find_by_email() {
    let (emu, crm) = setup().await;
    let mut c = customer("Ivan", "Petrov", "ivan@example.com", "+79031234567");
    c.address = Some(address("Moscow", "Tverskaya 1"));
    let id = crm.customer_create(Some("oc-1"), &c).await.unwrap();

    let by_id = crm
        .customer_get(By::Id, &id.to_string())
        .await
        .unwrap()
        .expect("by id");
    let by_ext = crm
        .customer_get(By::ExternalId, "oc-1")
        .await
        .unwrap()
        .expect("by externalId");
    assert_eq!(by_id, by_ext);
    assert_eq!(by_id.external_id.as_deref(), Some("oc-1"));
    assert_eq!(by_id.customer.person, c.person);
    assert_eq!(
        by_id.customer.address.unwrap().city.as_deref(),
        Some("Moscow")
    );
    assert!(
        crm.customer_get(By::ExternalId, "nope")
            .await
            .unwrap()
            .is_none()
    );

    let found = crm.customers_by_email("IVAN@example.com").await.unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
    assert!(
        crm.customers_by_email("van@example.com")
            .await
            .unwrap()
            .is_empty(),
        "exact match only"
    );
    assert_eq!(emu.customers()[0]["site"], "opencart");
}

#[tokio::test]
async fn customer_found_by_differently_formatted_phone() {
    let (_emu, crm) = setup().await;
    let id = crm
        .customer_create(
            None,
            &customer("Anna", "Sidorova", "anna@example.com", "+79031234567"),
        )
        .await
        .unwrap();
    crm.customer_create(
        None,
        &customer("Oleg", "Ivanov", "oleg@example.com", "+79031234568"),
    )
    .await
    .unwrap();

    let found = crm.customers_by_phone("8 (903) 123-45-67").await.unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
    assert!(
        crm.customers_by_phone("+7 999 000-00-00")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(crm.customers_by_phone("n/a").await.unwrap().is_empty());
}

#[tokio::test]
async fn customer_duplicate_external_id_returns_existing() {
    let (emu, crm) = setup().await;
    let c = customer("Ivan", "Petrov", "ivan@example.com", "+79031234567");
    let first = crm.customer_create(Some("oc-7"), &c).await.unwrap();
    let second = crm.customer_create(Some("oc-7"), &c).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(emu.customers().len(), 1);
    assert_eq!(emu.calls("POST", "/customers/create"), 2);
}

#[tokio::test]
async fn customer_edit_writes_person_and_address() {
    let (_emu, crm) = setup().await;
    let id = crm
        .customer_create(
            Some("oc-2"),
            &customer("Ivan", "Petrov", "old@example.com", "+79030000000"),
        )
        .await
        .unwrap();
    let mut changed = customer("Ivan", "Petrov", "new@example.com", "+79031111111");
    changed.address = Some(address("Kazan", "Baumana 5"));
    crm.customer_edit(id, &changed).await.unwrap();

    let got = crm
        .customer_get(By::Id, &id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        got.customer.person.email.as_deref(),
        Some("new@example.com")
    );
    assert_eq!(got.customer.person.phone.as_deref(), Some("+79031111111"));
    assert_eq!(
        got.customer.address.unwrap().line1.as_deref(),
        Some("Baumana 5")
    );
}
