//! Rule tests, named after the rule ids of RULES.md.

use super::*;
use crate::connectors::opencart::OcOrder;
use crate::connectors::opencart::api::{AddressFields, CustomerSection};
use crate::connectors::retailcrm::{CrmBuyer, CrmOrderBuyer};
use crate::model::Person;

const ANNA_CRM: i64 = 1;
const BORIS_CRM: i64 = 2;

fn someone(first: &str, last: &str, email: &str, phone: &str) -> Person {
    Person {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        patronymic: None,
        email: Some(email.into()),
        phone: Some(phone.into()),
    }
}

fn boris() -> Person {
    someone("Boris", "Ivanov", "boris@example.com", "+79160001122")
}

/// OpenCart's order: Anna's, as a guest, delivered to "Carol Gift".
fn shop_order() -> OcOrder {
    OcOrder {
        order_id: 1001,
        order_status_id: 1,
        customer_id: 0,
        customer_group_id: 1,
        firstname: Some("Anna".into()),
        lastname: Some("Petrova".into()),
        email: Some("anna@example.com".into()),
        telephone: Some("+7 903 123-45-67".into()),
        payment_firstname: Some("Anna".into()),
        payment_lastname: Some("Petrova".into()),
        shipping_firstname: Some("Carol".into()),
        shipping_lastname: Some("Gift".into()),
        ..OcOrder::default()
    }
}

fn crm_order(buyer: CrmBuyer, person: Person) -> CrmOrderBuyer {
    CrmOrderBuyer {
        id: 5,
        external_id: Some("1001".into()),
        buyer: Some(buyer),
        person,
        party: Person::default(),
        company_name: None,
        legal_name: None,
    }
}

fn input<'a>(crm: &'a CrmOrderBuyer, order: &'a OcOrder) -> Input<'a> {
    Input {
        crm,
        corporate_customers: true,
        order,
        order_customer_in_crm: Some(ANNA_CRM),
    }
}

fn corporate(company: Option<&str>) -> CrmOrderBuyer {
    let mut crm = crm_order(
        CrmBuyer::Corporate {
            corporate_id: 9,
            contact_id: ANNA_CRM,
            company_id: Some(11),
        },
        someone("Anna", "Petrova", "anna@example.com", "+79031234567"),
    );
    crm.company_name = company.map(str::to_owned);
    crm
}

#[test]
fn echo_of_the_forward_direction_writes_nothing() {
    let order = shop_order();
    let anna = someone("Anna", "Petrova", "ANNA@example.com", "8 (903) 123-45-67");
    let crm = crm_order(
        CrmBuyer::Private {
            customer_id: ANNA_CRM,
        },
        anna,
    );
    let decision = decide(&input(&crm, &order), None);
    assert_eq!(
        decision,
        Decision::default(),
        "same person, same data: nothing"
    );
}

#[test]
fn oc_r1_corporate_change_needs_the_company_name() {
    let order = shop_order();
    let crm = corporate(None);
    let decision = decide(&input(&crm, &order), None);
    assert_eq!(decision.changes.payment_address, None);
    assert!(
        decision.notes[0].starts_with("OC-R1"),
        "{:?}",
        decision.notes
    );
    let mut legal = corporate(None);
    legal.legal_name = Some("OOO Sirius".into());
    let decision = decide(&input(&legal, &order), None);
    let company = decision.changes.payment_address.and_then(|p| p.company);
    assert_eq!(
        company.as_deref(),
        Some("OOO Sirius"),
        "the legal name is the company name"
    );
}

#[test]
fn oc_r2_existing_private_person_changes_customer_section_and_delivery_name() {
    let order = shop_order();
    let crm = crm_order(
        CrmBuyer::Private {
            customer_id: BORIS_CRM,
        },
        boris(),
    );
    let view = input(&crm, &order);
    assert!(buyer_changed(&view));
    let account = Account {
        customer_id: 17,
        customer_group_id: 2,
    };
    let changes = decide(&view, Some(account)).changes;
    assert_eq!(
        changes.customer,
        Some(CustomerSection {
            customer_id: Some(17),
            customer_group_id: Some(2),
            firstname: Some("Boris".into()),
            lastname: Some("Ivanov".into()),
            email: Some("boris@example.com".into()),
            telephone: Some("+79160001122".into()),
        })
    );
    let shipping = changes.shipping_address.unwrap();
    assert_eq!(
        (shipping.firstname.as_deref(), shipping.lastname.as_deref()),
        (Some("Boris"), Some("Ivanov"))
    );
    assert_eq!(
        changes.payment_address, None,
        "a private person's billing stays"
    );
}

#[test]
fn oc_r3_private_person_not_in_opencart_makes_a_guest_order() {
    let order = OcOrder {
        customer_id: 17,
        ..shop_order()
    };
    let mut vera = someone("Vera", "Smirnova", "vera@example.com", "");
    vera.phone = None;
    let crm = crm_order(CrmBuyer::Private { customer_id: 3 }, vera);
    let customer = decide(&input(&crm, &order), None).changes.customer.unwrap();
    assert_eq!(customer.customer_id, Some(0), "no account is created");
    assert_eq!(customer.customer_group_id, None);
    assert_eq!(
        customer.telephone.as_deref(),
        Some(""),
        "not the previous person's phone"
    );
}

#[test]
fn oc_r4_corporate_customer_changes_the_billing_section() {
    let order = shop_order();
    let crm = corporate(Some("Sirius LLC"));
    let changes = decide(&input(&crm, &order), None).changes;
    assert_eq!(
        changes.payment_address,
        Some(AddressFields {
            company: Some("Sirius LLC".into()),
            ..AddressFields::default()
        }),
        "the contact's name is there already"
    );
    assert_eq!(changes.customer, None, "the same contact person");
    let billed = OcOrder {
        payment_company: Some("SIRIUS  llc".into()),
        ..shop_order()
    };
    assert_eq!(decide(&input(&crm, &billed), None), Decision::default());
}

#[test]
fn oc_r5_contact_person_data_changes_only_where_it_changed() {
    let order = shop_order();
    let mut crm = corporate(Some("Sirius LLC"));
    crm.person.phone = Some("+7 999 000-00-00".into());
    let changes = decide(&input(&crm, &order), None).changes;
    assert_eq!(
        changes.customer,
        Some(CustomerSection {
            telephone: Some("+7 999 000-00-00".into()),
            ..CustomerSection::default()
        })
    );
    assert_eq!(changes.shipping_address, None, "the name did not change");
    let mut other = corporate(Some("Sirius LLC"));
    other.buyer = Some(CrmBuyer::Corporate {
        corporate_id: 9,
        contact_id: BORIS_CRM,
        company_id: Some(11),
    });
    other.person = boris();
    let changes = decide(&input(&other, &order), None).changes;
    let customer = changes.customer.unwrap();
    assert_eq!(customer.customer_id, None, "still a guest");
    assert_eq!(customer.firstname.as_deref(), Some("Boris"));
    assert_eq!(
        changes.shipping_address.unwrap().firstname.as_deref(),
        Some("Boris")
    );
}

#[test]
fn another_private_person_empties_the_billing_company_the_same_never() {
    let order = OcOrder {
        payment_company: Some("Sirius LLC".into()),
        ..shop_order()
    };
    let same = crm_order(
        CrmBuyer::Private {
            customer_id: ANNA_CRM,
        },
        someone("Anna", "Petrova", "anna@example.com", "+79031234567"),
    );
    assert_eq!(
        decide(&input(&same, &order), None).changes.payment_address,
        None
    );
    let other = crm_order(
        CrmBuyer::Private {
            customer_id: BORIS_CRM,
        },
        boris(),
    );
    let payment = decide(&input(&other, &order), None).changes.payment_address;
    assert_eq!(payment.and_then(|p| p.company).as_deref(), Some(""));
    let off = Input {
        corporate_customers: false,
        ..input(&other, &order)
    };
    assert_eq!(decide(&off, None).changes.payment_address, None);
}

#[test]
fn values_are_fitted_and_unstorable_e_mails_noted() {
    let order = shop_order();
    let mut long = boris();
    long.first_name = Some("B".repeat(40));
    long.email = Some("not an address".into());
    let crm = crm_order(
        CrmBuyer::Private {
            customer_id: BORIS_CRM,
        },
        long,
    );
    let decision = decide(&input(&crm, &order), None);
    let customer = decision.changes.customer.unwrap();
    assert_eq!(customer.firstname.unwrap().chars().count(), 32);
    assert_eq!(customer.email, None);
    assert!(decision.notes[0].contains("e-mail"), "{:?}", decision.notes);
}

#[test]
fn only_changes_that_may_concern_the_buyer_are_read() {
    let fields = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(!concerns_buyer(&fields(&["status", "customFields"])));
    assert!(!concerns_buyer(&fields(&[
        "delivery_address.city",
        "order_product.quantity",
        "payments"
    ])));
    assert!(concerns_buyer(&fields(&["status", "customer"])));
    assert!(concerns_buyer(&fields(&["first_name"])));
    assert!(concerns_buyer(&fields(&["contragent.legal_name"])));
    assert!(
        concerns_buyer(&fields(&["something_new"])),
        "unknown fields are read"
    );
    assert!(concerns_buyer(&[]));
    assert_eq!(
        precheck(&OcOrder::default()),
        Some(Skip::Abandoned),
        "OC-X1"
    );
}
