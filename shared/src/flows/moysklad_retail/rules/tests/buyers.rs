//! MS-C3 and MS-C5: buyers.

use super::*;

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
