//! Rule tests, named after the rule ids of RULES.md.

use super::*;
use crate::connectors::retailcrm::CrmCorporate;
use crate::model::{Address, Company, CorporateCustomer, Order, OrderBuyer, Person, System};
use crate::settings::RetailCrmSettings;
use crate::store::Link;
use std::collections::BTreeMap;

fn crm() -> RetailCrmSettings {
    RetailCrmSettings {
        base_url: "http://crm".into(),
        api_key: Default::default(),
        site: "shop".into(),
        corporate_customers: true,
        requests_per_second: 10,
    }
}

fn person() -> Person {
    Person {
        first_name: Some("Anna".into()),
        last_name: Some("Petrova".into()),
        email: Some("anna@example.com".into()),
        ..Default::default()
    }
}

fn address(line: &str) -> Address {
    Address {
        city: Some("Moscow".into()),
        line1: Some(line.into()),
        ..Default::default()
    }
}

fn order(buyer: OrderBuyer) -> Order {
    Order {
        id: "42".into(),
        number: Some("42".into()),
        status: "1".into(),
        customer_id: Some("7".into()),
        buyer,
        billing_address: Some(address("Lenina 1")),
        delivery_address: Some(address("Mira 2")),
        recipient: None,
        lines: vec![],
        total: Some(10.0),
        currency: None,
        comment: None,
        modified_at: Some("2026-11-20 10:00:00".into()),
    }
}

fn private() -> OrderBuyer {
    OrderBuyer::Private { person: person() }
}

fn corporate_buyer(name: &str) -> OrderBuyer {
    OrderBuyer::Corporate {
        company: Company {
            name: name.into(),
            ..Default::default()
        },
        contact: person(),
    }
}

fn plan(input: Input<'_>) -> OrderPlan {
    match decide(input) {
        Decision::Apply(plan) => plan,
        other => panic!("expected a plan, got {other:?}"),
    }
}

fn input<'a>(
    crm: &'a RetailCrmSettings,
    map: &'a BTreeMap<String, String>,
    order: &'a Order,
) -> Input<'a> {
    Input {
        crm,
        status_map: map,
        order,
        order_link: None,
        known_customer: None,
        known_corporate: None,
    }
}

fn existing_corporate(addresses: Vec<Address>, contact_ids: Vec<i64>) -> CrmCorporate {
    CrmCorporate {
        id: 900,
        external_id: None,
        corporate: CorporateCustomer {
            name: "Romashka".into(),
            companies: vec![Company {
                name: "Romashka LLC".into(),
                ..Default::default()
            }],
            contacts: vec![],
            addresses: addresses.clone(),
        },
        contact_ids,
        company_ids: vec![901],
        address_ids: (0..addresses.len() as i64).collect(),
        custom_fields: Default::default(),
    }
}

#[test]
fn oc_f1_existing_customer_is_used_not_created() {
    let (crm, map, order) = (crm(), BTreeMap::new(), order(private()));
    let plan = plan(Input {
        known_customer: Some(55),
        ..input(&crm, &map, &order)
    });
    assert_eq!(plan.customer, CustomerStep::Use { crm_id: 55 });
    assert_eq!(plan.corporate, None);
}

#[test]
fn oc_f2_missing_customer_is_created_with_opencart_id() {
    let (crm, map, order) = (crm(), BTreeMap::new(), order(private()));
    let plan = plan(input(&crm, &map, &order));
    match plan.customer {
        CustomerStep::Create {
            external_id,
            customer,
        } => {
            assert_eq!(external_id.as_deref(), Some("7"));
            assert_eq!(customer.person.email.as_deref(), Some("anna@example.com"));
            assert_eq!(customer.address, Some(address("Lenina 1")));
        }
        other => panic!("expected creation, got {other:?}"),
    }
}

#[test]
fn oc_f3_existing_corporate_gets_missing_addresses_and_contact() {
    let (crm, map, order) = (
        crm(),
        BTreeMap::new(),
        order(corporate_buyer("romashka  llc")),
    );
    let known = existing_corporate(vec![address("Lenina 1")], vec![12]);
    let plan = plan(Input {
        known_customer: Some(55),
        known_corporate: Some(&known),
        ..input(&crm, &map, &order)
    });
    assert_eq!(
        plan.corporate,
        Some(CorporateStep::Use {
            crm_id: 900,
            company: CompanyStep::Use { crm_id: 901 },
            add_contact: true,
            add_addresses: vec![address("Mira 2")],
        })
    );
}

#[test]
fn oc_f3_existing_corporate_with_everything_changes_nothing_on_the_card() {
    let (crm, map, order) = (
        crm(),
        BTreeMap::new(),
        order(corporate_buyer("Romashka LLC")),
    );
    let known = existing_corporate(vec![address("mira 2"), address("LENINA 1")], vec![55]);
    let plan = plan(Input {
        known_customer: Some(55),
        known_corporate: Some(&known),
        ..input(&crm, &map, &order)
    });
    assert_eq!(
        plan.corporate,
        Some(CorporateStep::Use {
            crm_id: 900,
            company: CompanyStep::Use { crm_id: 901 },
            add_contact: false,
            add_addresses: vec![]
        })
    );
}

#[test]
fn oc_f4_missing_corporate_is_created_with_company_contact_and_addresses() {
    let (crm, map, order) = (
        crm(),
        BTreeMap::new(),
        order(corporate_buyer("Romashka LLC")),
    );
    let plan = plan(input(&crm, &map, &order));
    match plan.corporate {
        Some(CorporateStep::Create {
            nick_name,
            company,
            addresses,
        }) => {
            assert_eq!(nick_name, "Romashka LLC");
            assert_eq!(company.name, "Romashka LLC");
            assert_eq!(addresses, vec![address("Lenina 1"), address("Mira 2")]);
        }
        other => panic!("expected creation, got {other:?}"),
    }
    assert!(
        matches!(plan.customer, CustomerStep::Create { .. }),
        "the contact person is created too"
    );
}

#[test]
fn oc_f4_company_order_is_private_when_corporate_customers_are_off() {
    let crm = RetailCrmSettings {
        corporate_customers: false,
        requests_per_second: 10,
        ..crm()
    };
    let (map, order) = (BTreeMap::new(), order(corporate_buyer("Romashka LLC")));
    assert_eq!(plan(input(&crm, &map, &order)).corporate, None);
}

#[test]
fn oc_x1_abandoned_order_is_skipped() {
    let (crm, map) = (crm(), BTreeMap::new());
    let order = Order {
        status: "0".into(),
        ..order(private())
    };
    assert_eq!(
        decide(input(&crm, &map, &order)),
        Decision::Skip(Skip::Abandoned)
    );
}

#[test]
fn oc_x1_older_snapshot_is_skipped_and_same_or_newer_applied() {
    let (crm, map) = (crm(), BTreeMap::new());
    let mut link = Link::linked(
        "g",
        BTreeMap::from([(System::RetailCrm, "300".to_string())]),
    );
    link.source_version = Some("2026-11-20 10:00:00".into());
    let older = Order {
        modified_at: Some("2026-11-20 09:59:59".into()),
        ..order(private())
    };
    let decision = decide(Input {
        order_link: Some(&link),
        ..input(&crm, &map, &older)
    });
    assert!(matches!(decision, Decision::Skip(Skip::Stale { .. })));
    let same = order(private());
    let plan = plan(Input {
        order_link: Some(&link),
        known_customer: Some(1),
        ..input(&crm, &map, &same)
    });
    assert_eq!(plan.order, OrderStep::Edit { crm_id: 300 });
    assert!(
        plan.draft.lines.is_empty(),
        "edits leave the CRM's items alone"
    );
}

#[test]
fn oc_x1_linked_order_is_edited_not_created_again() {
    let (crm, map, order) = (crm(), BTreeMap::new(), order(private()));
    let link = Link::linked(
        "g",
        BTreeMap::from([(System::RetailCrm, "300".to_string())]),
    );
    let plan = plan(Input {
        order_link: Some(&link),
        known_customer: Some(1),
        ..input(&crm, &map, &order)
    });
    assert_eq!(plan.order, OrderStep::Edit { crm_id: 300 });
}

#[test]
fn status_is_mapped_and_unmapped_status_left_alone() {
    let crm = crm();
    let map = BTreeMap::from([("1".to_string(), "new".to_string())]);
    let order = order(private());
    assert_eq!(
        plan(input(&crm, &map, &order)).draft.status.as_deref(),
        Some("new")
    );
    let other = Order {
        status: "5".into(),
        ..order.clone()
    };
    assert_eq!(plan(input(&crm, &map, &other)).draft.status, None);
}
