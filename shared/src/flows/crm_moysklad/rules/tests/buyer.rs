//! Counterparties: MS-B2, MS-B3, MS-C2, MS-C4, MS-S16.

use super::*;

#[test]
fn ms_b2_search_order_and_phone_normalisation() {
    let keys = counterparty::search_keys(&anna());
    assert_eq!(keys[0], (MatchBy::Email, "anna@example.com".into()));
    assert!(
        keys.iter()
            .any(|k| k == &(MatchBy::Phone, "8 (903) 123-45-67".into()))
    );
    let stored = Counterparty {
        id: Some("cp-1".into()),
        phone: Some("8 (903) 123-45-67".into()),
        ..Counterparty::default()
    };
    assert_eq!(
        counterparty::best_match(&anna(), MatchBy::Phone, &[stored]),
        Some("cp-1".into())
    );
    let other = Counterparty {
        id: Some("cp-2".into()),
        phone: Some("8 (903) 123-45-68".into()),
        ..Counterparty::default()
    };
    assert_eq!(
        counterparty::best_match(&anna(), MatchBy::Phone, &[other]),
        None
    );
    let plan = counterparty::new_counterparty(&anna(), &sync()).unwrap();
    assert_eq!(
        plan.counterparty.company_type.as_deref(),
        Some("individual")
    );
    assert_eq!(plan.counterparty.name.as_deref(), Some("Petrova Anna"));
    assert!(plan.contact.is_none());
    let nameless = Buyer {
        person: Person {
            email: Some("x@y.z".into()),
            ..Person::default()
        },
        ..anna()
    };
    assert!(
        counterparty::new_counterparty(&nameless, &sync())
            .unwrap_err()
            .contains("full name")
    );
}

#[test]
fn ms_b2_legal_customer_gets_legal_name_contact_and_account() {
    let buyer = Buyer {
        kind: CrmContragent::Legal,
        company: Some(Company {
            name: "Romashka".into(),
            legal: LegalDetails {
                legal_name: Some("OOO Romashka".into()),
                tax_id: Some("7701234567".into()),
                bank: Some(BankAccount {
                    account: Some("40702810".into()),
                    bik: Some("044525225".into()),
                    ..BankAccount::default()
                }),
                ..LegalDetails::default()
            },
            address: None,
        }),
        ..anna()
    };
    assert_eq!(
        counterparty::search_keys(&buyer)[0],
        (MatchBy::TaxId, "7701234567".into())
    );
    let plan = counterparty::new_counterparty(&buyer, &sync()).unwrap();
    assert_eq!(plan.counterparty.name.as_deref(), Some("OOO Romashka"));
    assert_eq!(plan.counterparty.company_type.as_deref(), Some("legal"));
    assert_eq!(plan.contact.unwrap().name.as_deref(), Some("Petrova Anna"));
    assert_eq!(plan.account.unwrap().is_default, Some(true));
}

#[test]
fn ms_b3_new_counterparties_get_the_group() {
    let s = MoySkladSync {
        counterparty_group: Some("retailcrm".into()),
        ..sync()
    };
    let plan = counterparty::new_counterparty(&anna(), &s).unwrap();
    assert_eq!(plan.counterparty.tags, Some(vec!["retailcrm".to_string()]));
    assert_eq!(
        counterparty::new_counterparty(&anna(), &sync())
            .unwrap()
            .counterparty
            .tags,
        None
    );
    assert_eq!(
        counterparty::counterparty_changes(&anna()).tags,
        None,
        "updates never regroup"
    );
}

#[test]
fn ms_c2_corporate_buyer_is_named_after_the_corporate_customer() {
    let corp = CrmCorporate {
        id: 9,
        external_id: None,
        corporate: CorporateCustomer {
            name: "Romashka Group".into(),
            companies: vec![Company {
                name: "Romashka".into(),
                legal: LegalDetails {
                    tax_id: Some("7701".into()),
                    ..LegalDetails::default()
                },
                address: None,
            }],
            contacts: vec![anna().person],
            addresses: vec![],
        },
        contact_ids: vec![3],
        company_ids: vec![4],
        address_ids: vec![],
        custom_fields: Default::default(),
    };
    let buyer = counterparty::buyer_of_corporate(&corp, None);
    let plan = counterparty::new_counterparty(&buyer, &sync()).unwrap();
    assert_eq!(plan.counterparty.name.as_deref(), Some("Romashka Group"));
    assert_eq!(plan.counterparty.inn.as_deref(), Some("7701"));
    assert_eq!(
        plan.contact.unwrap().email.as_deref(),
        Some("anna@example.com")
    );
}

#[test]
fn ms_s16_pushes_only_changes_of_linked_customers() {
    let on = MoySkladSync {
        push_customer_changes: true,
        ..sync()
    };
    assert_eq!(
        counterparty::push_customer_change(&on, false, false, Some("cp-1")),
        Ok("cp-1".into())
    );
    assert!(
        counterparty::push_customer_change(&on, false, false, None).is_err(),
        "not linked: nothing created"
    );
    assert!(
        counterparty::push_customer_change(&on, true, false, Some("cp-1")).is_err(),
        "creation ignored"
    );
    assert!(
        counterparty::push_customer_change(&on, false, true, Some("cp-1")).is_err(),
        "deletion ignored"
    );
    assert!(
        counterparty::push_customer_change(&sync(), false, false, Some("cp-1")).is_err(),
        "option off"
    );
}

#[test]
fn ms_c4_customer_change_updates_contacts_not_type() {
    let changes = counterparty::counterparty_changes(&anna());
    assert_eq!(changes.company_type, None);
    assert_eq!(changes.email.as_deref(), Some("anna@example.com"));
    assert_eq!(changes.name.as_deref(), Some("Petrova Anna"));
}

#[test]
fn ms_c2_contact_person_is_recognised_on_the_counterparty() {
    use crate::connectors::moysklad::ContactPerson;
    let person = anna().person;
    let by_phone = ContactPerson {
        name: Some("A. Petrova".into()),
        phone: Some("8 (903) 123-45-67".into()),
        ..ContactPerson::default()
    };
    assert!(counterparty::has_contact(&[by_phone], &person));
    let other = ContactPerson {
        name: Some("Ivanov Ivan".into()),
        email: Some("ivan@example.com".into()),
        ..ContactPerson::default()
    };
    assert!(!counterparty::has_contact(&[other], &person));
}
