//! Rule tests, named after the rule ids of RULES.md.

use super::decide::Decision;
use super::*;
use crate::connectors::retailcrm::{CrmBuyer, CrmCorporate, CrmItem, CrmPayment, CrmRetailOrder};
use crate::model::{Company, CorporateCustomer, Person};
use crate::settings::RetailOptions;
use serde_json::json;

fn line(xml: &str, qty: f64) -> SaleLine {
    SaleLine {
        xml_id: xml.into(),
        name: format!("good {xml}"),
        quantity: qty,
        price: 100.0,
    }
}

fn item(id: i64, xml: &str, qty: f64) -> CrmItem {
    CrmItem {
        id: Some(id),
        xml_id: Some(xml.into()),
        name: format!("good {xml}"),
        quantity: qty,
        price: 100.0,
    }
}

fn pay(channel: PayChannel, amount: f64) -> SalePayment {
    SalePayment {
        channel,
        amount,
        conducted: true,
    }
}

fn crm_pay(kind: &str, status: &str, amount: f64) -> CrmPayment {
    CrmPayment {
        id: Some(1),
        kind: kind.into(),
        status: status.into(),
        amount,
    }
}

fn sale(lines: Vec<SaleLine>, payments: Vec<SalePayment>) -> Sale {
    Sale {
        id: "sale-1".into(),
        organization_id: Some("org-1".into()),
        customer_order_id: None,
        lines,
        payments,
        attributes: Vec::new(),
    }
}

fn options() -> RetailOptions {
    RetailOptions {
        enabled: true,
        shops: [("org-1".to_owned(), "retail-shop".to_owned())].into(),
        ..RetailOptions::default()
    }
}

fn all_line_options() -> RetailOptions {
    RetailOptions {
        increase_quantity: true,
        decrease_quantity: true,
        add_new_goods: true,
        remove_missing_goods: true,
        ..options()
    }
}

fn order(items: Vec<CrmItem>, buyer: CrmBuyer) -> CrmRetailOrder {
    CrmRetailOrder {
        id: 7,
        external_id: Some("oc-7".into()),
        site: Some("shop".into()),
        buyer: Some(buyer),
        items,
        payments: Vec::new(),
    }
}

const BUYER: CrmBuyer = CrmBuyer::Private { customer_id: 3 };

fn decide_for(
    opts: &RetailOptions,
    s: &Sale,
    o: Option<&CrmRetailOrder>,
    buyer: &CrmBuyer,
) -> Decision {
    decide(Input {
        options: opts,
        sale: s,
        order: o,
        order_sales_lines: &s.lines,
        order_sales_payments: &s.payments,
        buyer,
        fields: &Default::default(),
    })
}

#[test]
fn ms_r1_sale_without_order_creates_order_with_all_lines_in_mapped_shop() {
    let s = sale(
        vec![line("a", 2.0), line("b", 1.0)],
        vec![pay(PayChannel::Cash, 300.0)],
    );
    let Decision::Apply(plan) = decide_for(&options(), &s, None, &BUYER) else {
        panic!("expected a plan");
    };
    let OrderStep::Create(new) = plan.order else {
        panic!("expected a create");
    };
    assert_eq!(new.site, "retail-shop");
    assert_eq!(new.external_id, "sale-1");
    assert_eq!(new.items.len(), 2);
    assert!(new.items.iter().all(|i| i.id.is_none()));
    assert_eq!(plan.payments.len(), 1);
}

#[test]
fn ms_r1_unmapped_legal_entity_is_skipped_not_created_elsewhere() {
    let mut s = sale(vec![line("a", 1.0)], vec![]);
    s.organization_id = Some("org-unknown".into());
    assert!(
        matches!(decide_for(&options(), &s, None, &BUYER), Decision::Skip(m) if m.contains("MS-R4"))
    );
}

#[test]
fn ms_r1_sale_from_linked_order_updates_it() {
    let s = sale(vec![line("a", 1.0)], vec![]);
    let o = order(vec![item(11, "a", 1.0)], BUYER);
    let Decision::Apply(plan) = decide_for(&options(), &s, Some(&o), &BUYER) else {
        panic!("expected a plan");
    };
    assert_eq!(
        plan.order,
        OrderStep::Update {
            crm_id: 7,
            patch: Default::default()
        }
    );
}

#[test]
fn ms_r2_no_option_no_line_sync() {
    let items = [item(11, "a", 1.0)];
    assert_eq!(
        reconcile(&options(), &items, &[line("a", 5.0), line("z", 1.0)]),
        None
    );
}

#[test]
fn ms_r2_each_option_on_its_own() {
    let items = [item(11, "a", 2.0), item(12, "b", 2.0), item(13, "c", 1.0)];
    // Sold: more a, less b, no c, a new d.
    let sold = [line("a", 3.0), line("b", 1.0), line("d", 1.0)];
    let only = |f: fn(&mut RetailOptions)| {
        let mut o = options();
        f(&mut o);
        reconcile(&o, &items, &sold).expect("a change")
    };
    let q = |items: &[CrmItem], xml: &str| {
        items
            .iter()
            .find(|i| i.xml_id.as_deref() == Some(xml))
            .map(|i| i.quantity)
    };

    let inc = only(|o| o.increase_quantity = true);
    assert_eq!(
        (q(&inc, "a"), q(&inc, "b"), q(&inc, "c"), q(&inc, "d")),
        (Some(3.0), Some(2.0), Some(1.0), None)
    );
    let dec = only(|o| o.decrease_quantity = true);
    assert_eq!(
        (q(&dec, "a"), q(&dec, "b"), q(&dec, "c"), q(&dec, "d")),
        (Some(2.0), Some(1.0), Some(1.0), None)
    );
    let add = only(|o| o.add_new_goods = true);
    assert_eq!(
        (q(&add, "a"), q(&add, "b"), q(&add, "d")),
        (Some(2.0), Some(2.0), Some(1.0))
    );
    assert_eq!(add.last().unwrap().id, None);
    let rm = only(|o| o.remove_missing_goods = true);
    assert_eq!(
        (q(&rm, "a"), q(&rm, "b"), q(&rm, "c")),
        (Some(2.0), Some(2.0), None)
    );
    // Kept items keep their CRM ids.
    assert!(rm.iter().all(|i| i.id.is_some()));
}

#[test]
fn ms_r2_two_sales_give_the_same_lines_in_either_order() {
    let opts = all_line_options();
    let items = vec![item(11, "a", 3.0), item(12, "b", 1.0)];
    let (s1, s2) = (vec![line("a", 1.0)], vec![line("a", 2.0), line("c", 1.0)]);
    let apply = |items: &[CrmItem], sold: &[SaleLine]| {
        reconcile(&opts, items, sold).unwrap_or_else(|| items.to_vec())
    };
    let both: Vec<SaleLine> = s1.iter().chain(&s2).cloned().collect();
    let first_then_second = apply(&apply(&items, &s1), &both);
    let second_then_first = apply(&apply(&items, &s2), &both);
    let shape = |v: &[CrmItem]| {
        v.iter()
            .map(|i| (i.xml_id.clone(), i.quantity))
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&first_then_second), shape(&second_then_first));
    assert_eq!(
        shape(&first_then_second),
        vec![(Some("a".into()), 3.0), (Some("c".into()), 1.0)]
    );
    // Applying again changes nothing (a redelivered webhook).
    assert_eq!(reconcile(&opts, &first_then_second, &both), None);
}

#[test]
fn ms_r3_identical_payment_is_kept_not_duplicated() {
    let opts = options();
    let want = desired_payments(
        &opts,
        &[pay(PayChannel::Cash, 500.0), pay(PayChannel::Card, 250.5)],
    );
    assert_eq!(want.len(), 2);
    let existing = [crm_pay("cash", "paid", 500.0)];
    let missing = missing_payments(&want, &existing);
    assert_eq!(missing.len(), 1);
    assert_eq!(
        (missing[0].kind.as_str(), missing[0].amount),
        ("bank-card", 250.5)
    );
    // Different status or sum is not identical.
    assert_eq!(
        missing_payments(&want, &[crm_pay("cash", "not-paid", 500.0)]).len(),
        2
    );
    assert_eq!(
        missing_payments(&want, &[crm_pay("cash", "paid", 500.01)]).len(),
        2
    );
}

#[test]
fn ms_r3_two_equal_payments_of_two_sales_are_two_payments() {
    let want = desired_payments(
        &options(),
        &[pay(PayChannel::Cash, 500.0), pay(PayChannel::Cash, 500.0)],
    );
    assert_eq!(
        missing_payments(&want, &[crm_pay("cash", "paid", 500.0)]).len(),
        1
    );
    let zero = desired_payments(&options(), &[pay(PayChannel::Qr, 0.0)]);
    assert!(zero.is_empty());
}

#[test]
fn ms_r3_unconducted_sale_pays_with_unpaid_status_and_mapped_types() {
    let opts = RetailOptions {
        qr_payment_type: Some("qr-code".into()),
        ..options()
    };
    let want = desired_payments(
        &opts,
        &[SalePayment {
            channel: PayChannel::Qr,
            amount: 10.0,
            conducted: false,
        }],
    );
    assert_eq!(
        (want[0].kind.as_str(), want[0].status.as_str()),
        ("qr-code", "not-paid")
    );
}

fn attr(id: &str, value: AttrValue) -> SaleAttribute {
    SaleAttribute {
        id: id.into(),
        value,
    }
}

#[test]
fn ms_r4_custom_and_standard_fields() {
    let opts = RetailOptions {
        custom_fields: [("a-gift".to_owned(), "gift_wrap".to_owned())].into(),
        customer_comment_attribute: Some("a-comment".into()),
        delivery_date_attribute: Some("a-date".into()),
        delivery_time_attribute: Some("a-time".into()),
        delivery_method_attribute: Some("a-method".into()),
        ..options()
    };
    let attrs = [
        attr("a-gift", AttrValue::Scalar(json!(true))),
        attr("a-comment", AttrValue::Scalar(json!("ring twice"))),
        attr(
            "a-date",
            AttrValue::Scalar(json!("2026-03-01 00:00:00.000")),
        ),
        attr("a-time", AttrValue::Scalar(json!("10:00-12:00"))),
        attr(
            "a-method",
            AttrValue::Dictionary {
                name: "Courier".into(),
                code: Some("courier".into()),
            },
        ),
        attr("a-unmapped", AttrValue::Scalar(json!("x"))),
    ];
    let (fields, notes) = order_fields(&opts, &attrs, &["courier".into(), "pickup".into()]);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(fields.custom_fields.get("gift_wrap"), Some(&json!(true)));
    assert_eq!(fields.custom_fields.len(), 1);
    assert_eq!(fields.customer_comment.as_deref(), Some("ring twice"));
    assert_eq!(fields.delivery.date.as_deref(), Some("2026-03-01"));
    assert_eq!(fields.delivery.time.as_deref(), Some("10:00-12:00"));
    assert_eq!(fields.delivery.code.as_deref(), Some("courier"));
}

#[test]
fn ms_r4_delivery_method_without_matching_code_is_not_passed_and_journalled() {
    let opts = RetailOptions {
        delivery_method_attribute: Some("a-method".into()),
        ..options()
    };
    let attrs = [attr(
        "a-method",
        AttrValue::Dictionary {
            name: "Drone".into(),
            code: Some("drone".into()),
        },
    )];
    let (fields, notes) = order_fields(&opts, &attrs, &["courier".into()]);
    assert_eq!(fields.delivery.code, None);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("drone"));
}

fn person(name: &str, email: &str) -> Person {
    Person {
        first_name: Some(name.into()),
        email: Some(email.into()),
        ..Person::default()
    }
}

fn legal(contacts: Vec<Person>) -> SaleBuyer {
    SaleBuyer::Corporate {
        company: Company {
            name: "Romashka LLC".into(),
            ..Company::default()
        },
        person: Person::default(),
        contacts,
    }
}

fn corporate(contacts: Vec<(i64, Person)>) -> CrmCorporate {
    CrmCorporate {
        id: 50,
        external_id: None,
        corporate: CorporateCustomer {
            name: "Romashka".into(),
            companies: vec![Company {
                name: "Romashka LLC".into(),
                ..Company::default()
            }],
            contacts: contacts.iter().map(|(_, p)| p.clone()).collect(),
            addresses: Vec::new(),
        },
        contact_ids: contacts.iter().map(|(id, _)| *id).collect(),
        company_ids: vec![60],
        address_ids: Vec::new(),
    }
}

#[test]
fn ms_c3_unknown_legal_entity_creates_corporate_with_contacts() {
    let contacts = [ContactMatch {
        person: person("Ivan", "ivan@r.ru"),
        crm_id: None,
    }];
    let plan = plan_buyer(
        &legal(vec![contacts[0].person.clone()]),
        None,
        None,
        &contacts,
    );
    let BuyerPlan::Corporate(CorporatePlan::Create {
        nick_name,
        contacts,
        ..
    }) = plan
    else {
        panic!("expected a new corporate customer: {plan:?}");
    };
    assert_eq!(nick_name, "Romashka LLC");
    assert_eq!(
        contacts,
        vec![PersonStep::Create {
            person: person("Ivan", "ivan@r.ru")
        }]
    );
}

#[test]
fn ms_c3_new_contact_person_becomes_new_contact_of_existing_corporate() {
    let corp = corporate(vec![(21, person("Ivan", "ivan@r.ru"))]);
    let contacts = [
        ContactMatch {
            person: person("Ivan", "IVAN@r.ru"),
            crm_id: None,
        },
        ContactMatch {
            person: person("Olga", "olga@r.ru"),
            crm_id: None,
        },
    ];
    let plan = plan_buyer(&legal(vec![]), None, Some(&corp), &contacts);
    let BuyerPlan::Corporate(CorporatePlan::Use {
        crm_id,
        company_id,
        contacts,
    }) = plan
    else {
        panic!("expected the existing corporate customer");
    };
    assert_eq!((crm_id, company_id), (50, Some(60)));
    assert_eq!(
        contacts[0],
        CorporateContact {
            step: PersonStep::Use { crm_id: 21 },
            add: false
        }
    );
    assert_eq!(
        contacts[1],
        CorporateContact {
            step: PersonStep::Create {
                person: person("Olga", "olga@r.ru")
            },
            add: true
        }
    );
}

#[test]
fn ms_c5_sale_with_another_buyer_changes_order_customer() {
    let s = sale(vec![line("a", 1.0)], vec![]);
    let o = order(vec![item(11, "a", 1.0)], BUYER);
    let other = CrmBuyer::Corporate {
        corporate_id: 50,
        contact_id: 21,
        company_id: Some(60),
    };
    let Decision::Apply(plan) = decide_for(&options(), &s, Some(&o), &other) else {
        panic!("expected a plan");
    };
    let OrderStep::Update { patch, .. } = plan.order else {
        panic!("expected an update");
    };
    assert_eq!(patch.buyer, Some(other));
    assert_eq!(patch.items, None);
}

#[test]
fn ms_c5_unknown_private_buyer_is_created() {
    let buyer = SaleBuyer::Private {
        person: person("Anna", "anna@x.ru"),
    };
    assert_eq!(
        plan_buyer(&buyer, None, None, &[]),
        BuyerPlan::Private(PersonStep::Create {
            person: person("Anna", "anna@x.ru")
        })
    );
    assert_eq!(
        plan_buyer(&buyer, Some(9), None, &[]),
        BuyerPlan::Private(PersonStep::Use { crm_id: 9 })
    );
}
