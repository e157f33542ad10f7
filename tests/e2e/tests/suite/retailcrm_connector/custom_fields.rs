//! Custom fields (MS-B10): the emulator takes a value only for a field
//! defined on the record's entity, and field definitions only for entities
//! the CRM has; the connector creates a field once and writes corporate
//! customers' values without touching the rest.

use super::{customer, setup};
use serde_json::json;
use synclane::connectors::retailcrm::{By, CorporatePatch, NewCorporate};
use synclane::error::Error;
use synclane::model::Company;

fn moysklad_id(value: &str) -> CorporatePatch {
    CorporatePatch {
        custom_fields: [("moysklad_id".to_owned(), value.to_owned())].into(),
    }
}

#[tokio::test]
async fn ms_b10_corporate_custom_field_must_be_defined_for_customer_corporate() {
    let (emu, crm) = setup().await;
    let contact = crm
        .customer_create(
            None,
            &customer("Ivan", "Petrov", "ivan@acme.ru", "+79031234567"),
        )
        .await
        .unwrap();
    let corp = crm
        .corporate_create(&NewCorporate {
            external_id: None,
            nick_name: "Acme LLC".into(),
            company: Company {
                name: "Acme LLC".into(),
                ..Company::default()
            },
            contact_customer_id: contact,
            addresses: vec![],
        })
        .await
        .unwrap();
    let refused = |e: Error| matches!(e, Error::PeerRejected { status: 400, .. });

    let err = crm.corporate_patch(corp.id, &moysklad_id("cp-1")).await;
    assert!(refused(err.unwrap_err()), "no such field at all");
    crm.custom_field_ensure("customer", "moysklad_id", "MoySklad id")
        .await
        .unwrap();
    let err = crm.corporate_patch(corp.id, &moysklad_id("cp-1")).await;
    assert!(refused(err.unwrap_err()), "a private customers' field only");

    for _ in 0..2 {
        crm.custom_field_ensure("customer_corporate", "moysklad_id", "MoySklad id")
            .await
            .unwrap();
    }
    let create = "/custom-fields/customer_corporate/create";
    assert_eq!(emu.calls("POST", create), 1, "created once");
    crm.corporate_patch(corp.id, &moysklad_id("cp-1"))
        .await
        .unwrap();
    let read = crm
        .corporate_get(By::Id, &corp.id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.custom_fields.get("moysklad_id"), Some(&json!("cp-1")));
    assert_eq!(read.corporate, corp.corporate, "the rest is kept");
}

#[tokio::test]
async fn ms_b10_custom_field_of_an_unknown_entity_is_refused() {
    let (emu, crm) = setup().await;
    let err = crm
        .custom_field_ensure("basket", "moysklad_id", "MoySklad id")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::PeerRejected { status: 404, .. }),
        "{err:?}"
    );
    assert!(emu.custom_fields().is_empty());
}
