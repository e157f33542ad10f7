//! MS-R1 and MS-R2: the order step and line reconciliation.

use super::*;

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
