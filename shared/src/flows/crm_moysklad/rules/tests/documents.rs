//! Documents: MS-M6/M7/S14 shipments and returns, MS-S3/S4 moves,
//! MS-S10/S11 cost prices, MS-B6 force-delete.

use super::*;
use crate::connectors::moysklad::{AttributeMeta, AttributeValue, Document, Kopecks, Position};
use crate::connectors::retailcrm::CrmPack;
use crate::flows::crm_moysklad::rules::copy_fields::{attribute_meta, matching};
use crate::flows::crm_moysklad::rules::cost_prices::cost_edits;
use crate::flows::crm_moysklad::rules::force_delete::{deletions, force_delete_due};
use crate::flows::crm_moysklad::rules::moves::moves;
use crate::flows::crm_moysklad::rules::shipment::*;
use serde_json::json;

fn r(kind: &str, id: &str) -> MetaRef {
    MetaRef::entity(BASE, kind, id)
}

fn ms_order() -> CustomerOrder {
    CustomerOrder {
        id: Some("mo-1".into()),
        organization: Some(r("organization", "org-1")),
        agent: Some(r("counterparty", "cp-1")),
        store: Some(r("store", "store-1")),
        ..CustomerOrder::default()
    }
}

fn line(good: &str, quantity: f64, reserve: Option<f64>) -> Position {
    Position {
        assortment: Some(r("product", good)),
        quantity: Some(quantity),
        price: Some(Kopecks(10050)),
        reserve,
        ..Position::default()
    }
}

fn statuses(s: &[&str]) -> Vec<String> {
    s.iter().map(|x| x.to_string()).collect()
}

fn shipping() -> MoySkladSync {
    MoySkladSync {
        shipment_statuses: statuses(&["send"]),
        shipment_cancel_statuses: statuses(&["returned"]),
        ..sync()
    }
}

#[test]
fn ms_m6_shipment_is_due_now_or_ever() {
    let s = shipping();
    assert!(shipment_due(&s, Some("send"), &[]));
    assert!(
        shipment_due(&s, Some("complete"), &statuses(&["new", "send"])),
        "history"
    );
    assert!(!shipment_due(&s, Some("complete"), &statuses(&["new"])));
    assert!(
        !shipment_due(&sync(), Some("send"), &[]),
        "no shipment statuses"
    );
}

#[test]
fn ms_m6_demand_copies_the_moysklad_order_and_is_conducted() {
    let positions = [line("g-1", 2.0, Some(2.0)), line("g-0", 0.0, None)];
    let d = demand_body(
        &shipping(),
        BASE,
        &ms_order(),
        &positions,
        Some("7A"),
        Vec::new(),
    );
    assert_eq!(d.applicable, Some(true));
    assert_eq!(d.name.as_deref(), Some("7A"));
    assert!(
        d.customer_order
            .as_ref()
            .unwrap()
            .meta
            .href
            .ends_with("/customerorder/mo-1")
    );
    assert_eq!(d.agent, ms_order().agent);
    assert_eq!(d.store, ms_order().store);
    let rows = d.position_rows();
    assert_eq!(rows.len(), 1, "empty positions are left out");
    assert_eq!(
        (rows[0].quantity, rows[0].reserve),
        (Some(2.0), None),
        "a demand reserves nothing"
    );
}

#[test]
fn ms_s14_moysklad_numbers_shipments_when_on() {
    let s = MoySkladSync {
        skip_shipment_number: true,
        ..shipping()
    };
    let d = demand_body(&s, BASE, &ms_order(), &[], Some("7A"), Vec::new());
    assert_eq!(d.name, None);
}

#[test]
fn ms_m6_matching_custom_fields_are_copied_by_name_and_type() {
    let meta = |id: &str, name: &str, kind: &str| AttributeMeta {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        custom_entity_meta: None,
    };
    let from = [
        meta("o-1", "Source", "string"),
        meta("o-2", "Weight", "double"),
    ];
    let to = [
        meta("d-1", "Source", "string"),
        meta("d-2", "Weight", "string"),
    ];
    let value = |id: &str, v: serde_json::Value| AttributeValue {
        meta: attribute_meta(BASE, "customerorder", id),
        id: Some(id.into()),
        name: None,
        kind: None,
        value: v,
    };
    let values = [value("o-1", json!("web")), value("o-2", json!(1.5))];
    let copied = matching(BASE, &values, &from, &to, "demand");
    assert_eq!(copied.len(), 1, "Weight differs in type: {copied:?}");
    assert!(
        copied[0]
            .meta
            .href
            .ends_with("/entity/demand/metadata/attributes/d-1")
    );
    assert_eq!(copied[0].value, json!("web"));
}

#[test]
fn ms_m7_returns_follow_the_last_shipping_or_cancelling_status() {
    let s = shipping();
    assert!(returns_due(&s, Some("returned"), &[]));
    assert!(returns_due(
        &s,
        Some("new"),
        &statuses(&["send", "returned", "new"])
    ));
    assert!(
        !returns_due(&s, Some("send"), &statuses(&["returned", "send"])),
        "shipped after"
    );
    assert!(!returns_due(&s, Some("send"), &[]));
    let demand = Document {
        id: Some("dm-1".into()),
        organization: Some(r("organization", "org-1")),
        agent: Some(r("counterparty", "cp-1")),
        store: Some(r("store", "store-1")),
        ..Document::default()
    };
    let ret = return_body(BASE, &demand, &[line("g-1", 2.0, None)]);
    assert!(
        ret.demand
            .unwrap()
            .meta
            .href
            .ends_with("/entity/demand/dm-1")
    );
    assert_eq!((ret.agent, ret.store), (demand.agent, demand.store));
    assert_eq!(ret.applicable, Some(true));
}

#[test]
fn ms_s3_a_move_per_other_warehouse_ms_s4_conducted_when_on() {
    let s = MoySkladSync {
        create_moves: true,
        conduct_moves: true,
        stores: BTreeMap::from([
            ("main".into(), "store-1".into()),
            ("south".into(), "store-2".into()),
        ]),
        ..sync()
    };
    let pack = |store: &str, q: f64| CrmPack {
        id: 1,
        item_id: 1,
        store: store.into(),
        quantity: q,
    };
    let packs = [pack("main", 1.0), pack("south", 1.0), pack("east", 1.0)];
    let (plans, notes) = moves(
        &s,
        BASE,
        &order(),
        &packs,
        &goods(GoodsKind::Product),
        "mo-1",
    );
    assert_eq!(plans.len(), 1, "{plans:?}");
    assert_eq!(plans[0].source, "south");
    let b = &plans[0].body;
    assert!(
        b.source_store
            .as_ref()
            .unwrap()
            .meta
            .href
            .ends_with("/store/store-2")
    );
    assert!(
        b.target_store
            .as_ref()
            .unwrap()
            .meta
            .href
            .ends_with("/store/store-1")
    );
    assert_eq!(b.applicable, Some(true));
    assert!(notes[0].contains("\"east\""), "{notes:?}");
    let unconducted = MoySkladSync {
        conduct_moves: false,
        ..s
    };
    let (plans, _) = moves(
        &unconducted,
        BASE,
        &order(),
        &packs,
        &goods(GoodsKind::Product),
        "mo-1",
    );
    assert_eq!(
        plans[0].body.applicable,
        Some(false),
        "MS-S4 off: saved, not conducted"
    );
}

#[test]
fn ms_s10_cost_prices_where_empty_ms_s11_or_always() {
    let costs = BTreeMap::from([("good-1".to_string(), Kopecks(4200))]);
    let mut o = order();
    let s10 = MoySkladSync {
        load_cost_on_shipment: true,
        ..sync()
    };
    let edits = cost_edits(&s10, &o.lines, &goods(GoodsKind::Product), &costs).unwrap();
    assert_eq!(
        (edits[0].id, edits[0].purchase_price),
        (Some(1), Some(42.0))
    );
    o.lines[0].purchase_price = Some(40.0);
    assert_eq!(
        cost_edits(&s10, &o.lines, &goods(GoodsKind::Product), &costs),
        None,
        "has one"
    );
    let s11 = MoySkladSync {
        overwrite_cost_on_shipment: true,
        ..s10
    };
    let edits = cost_edits(&s11, &o.lines, &goods(GoodsKind::Product), &costs).unwrap();
    assert_eq!(edits[0].purchase_price, Some(42.0), "MS-S11 overwrites");
    let none = BTreeMap::from([("good-1".to_string(), Kopecks(0))]);
    assert_eq!(
        cost_edits(&s11, &o.lines, &goods(GoodsKind::Product), &none),
        None,
        "no cost known"
    );
    assert_eq!(
        cost_edits(&sync(), &o.lines, &goods(GoodsKind::Product), &costs),
        None,
        "off"
    );
}

#[test]
fn ms_b6_force_delete_takes_documents_first_then_the_order() {
    assert!(force_delete_due(false, true).is_err());
    assert!(force_delete_due(true, false).is_err());
    assert!(force_delete_due(true, true).is_ok());
    let order = CustomerOrder {
        demands: Some(vec![r("demand", "d-1")]),
        payments: Some(vec![r("paymentin", "p-1"), r("cashin", "c-1")]),
        moves: Some(vec![r("move", "m-1")]),
        ..ms_order()
    };
    let gone = deletions(&order, &[r("salesreturn", "s-1")]);
    let ids: Vec<&str> = gone.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids, ["s-1", "d-1", "p-1", "c-1", "m-1"]);
}
