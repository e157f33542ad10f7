//! MS-S5 (lines): MoySklad positions → CRM items, matched by the good.

use super::*;
use crate::connectors::moysklad::Kopecks;
use crate::connectors::retailcrm::ItemEdit;
use crate::flows::crm_moysklad::rules::order_lines::{MsLine, line_changes, unit_price};

fn pos(good: &str, xml: Option<&str>, quantity: f64, kopecks: i64) -> MsLine {
    MsLine {
        good_id: good.into(),
        xml_id: xml.map(Into::into),
        quantity,
        price: Kopecks(kopecks),
    }
}

/// The fixture order's line (`ext-1` → good-1, 2 × 100.50) plus a case (`ext-2` → good-2).
fn two_lines() -> (CrmOrderDetails, BTreeMap<String, Goods>) {
    let mut o = order();
    o.lines.push(CrmLine {
        id: Some(2),
        xml_id: Some("ext-2".into()),
        name: "Case".into(),
        quantity: 1.0,
        price: 9.0,
        ..CrmLine::default()
    });
    let mut g = goods(GoodsKind::Product);
    g.insert(
        "ext-2".into(),
        Goods {
            kind: GoodsKind::Product,
            id: "good-2".into(),
        },
    );
    (o, g)
}

#[test]
fn ms_s5_lines_unchanged_ask_for_nothing() {
    let (o, g) = two_lines();
    let ms = [
        pos("good-1", None, 2.0, 10050),
        pos("good-2", None, 1.0, 900),
    ];
    assert_eq!(line_changes(&o.lines, &g, &ms).items, None);
}

#[test]
fn ms_s5_lines_quantity_price_added_and_removed_follow_moysklad() {
    let (o, g) = two_lines();
    // Phone: 3 at 95.00; the case is gone; a variant was added.
    let ms = [
        pos("good-1", None, 3.0, 9500),
        pos("var-9", Some("p-9#v-9"), 1.0, 4200),
    ];
    let items = line_changes(&o.lines, &g, &ms).items.expect("a change");
    assert_eq!(
        items,
        vec![
            ItemEdit {
                id: Some(1),
                xml_id: None,
                quantity: 3.0,
                price: Some(95.0),
                purchase_price: None,
            },
            ItemEdit {
                id: None,
                xml_id: Some("p-9#v-9".into()),
                quantity: 1.0,
                price: Some(42.0),
                purchase_price: None,
            },
        ],
        "item 2 left out: the CRM removes it"
    );
}

#[test]
fn ms_s5_lines_same_good_twice_and_goods_without_code() {
    let (mut o, mut g) = two_lines();
    o.lines[1].xml_id = Some("ext-1".into());
    o.lines[1].price = 100.5;
    g.remove("ext-2");
    let ms = [
        pos("good-1", None, 2.0, 10050),
        pos("good-1", None, 1.0, 10050),
        pos("nocode", None, 1.0, 100),
    ];
    let got = line_changes(&o.lines, &g, &ms);
    assert_eq!(got.items, None, "each position claims one item");
    assert_eq!(got.notes.len(), 1, "{:?}", got.notes);
    assert!(got.notes[0].contains("no external code"));
}

#[test]
fn ms_s5_lines_discount_is_applied_to_the_unit_price() {
    assert_eq!(unit_price(Kopecks(10000), 10.0), Kopecks(9000));
    let (o, g) = two_lines();
    let ms = [
        pos("good-1", None, 2.0, unit_price(Kopecks(11167), 10.0).0),
        pos("good-2", None, 1.0, 900),
    ];
    assert_eq!(
        line_changes(&o.lines, &g, &ms).items,
        None,
        "111.67 − 10% = 100.50"
    );
}

#[test]
fn ms_s5_lines_go_into_the_order_patch_only_when_on() {
    let (o, g) = two_lines();
    let lines = line_changes(&o.lines, &g, &[pos("good-1", None, 5.0, 10050)]);
    let ms = CustomerOrder::default();
    assert!(inbound::order_changes(&sync(), &ms, &o, Some(lines.clone())).is_err());
    let on = MoySkladSync {
        accept_order_changes: true,
        ..sync()
    };
    let patch = inbound::order_changes(&on, &ms, &o, Some(lines)).unwrap();
    assert_eq!(patch.items.unwrap().len(), 1);
}
