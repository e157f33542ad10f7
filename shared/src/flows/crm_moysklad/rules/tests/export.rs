//! Order export: MS-M1, MS-M3, MS-M4, MS-M5, MS-S2, MS-S9, MS-S12.

use super::*;

#[test]
fn ms_m1_shop_maps_to_legal_entity_and_channel() {
    let p = plan(decide(&sync(), &order(), None, &goods(GoodsKind::Product)));
    assert_eq!(p.target, Target::Create);
    assert!(
        p.body
            .organization
            .unwrap()
            .meta
            .href
            .ends_with("/entity/organization/org-1")
    );
    assert!(
        p.body
            .sales_channel
            .unwrap()
            .meta
            .href
            .ends_with("/entity/saleschannel/chan-1")
    );
    let mut unmapped = order();
    unmapped.site = Some("other".into());
    assert!(
        matches!(decide(&sync(), &unmapped, None, &goods(GoodsKind::Product)), Verdict::Journal(m) if m.contains("MS-M5"))
    );
}

#[test]
fn ms_m3_status_maps_to_state_and_back() {
    let p = plan(decide(&sync(), &order(), None, &goods(GoodsKind::Product)));
    assert!(
        p.body
            .state
            .unwrap()
            .meta
            .href
            .ends_with("/customerorder/metadata/states/st-new")
    );
    let mut unmapped = order();
    unmapped.status = Some("assembling".into());
    let p = plan(decide(
        &sync(),
        &unmapped,
        Some("ms-1"),
        &goods(GoodsKind::Product),
    ));
    assert_eq!(
        p.body.state, None,
        "an unmapped status leaves MoySklad's state alone"
    );
    assert_eq!(p.target, Target::Update("ms-1".into()));
}

#[test]
fn ms_m4_first_export_waits_for_an_export_status() {
    let s = MoySkladSync {
        export_statuses: vec!["complete".into()],
        ..sync()
    };
    assert!(
        matches!(decide(&s, &order(), None, &goods(GoodsKind::Product)), Verdict::Skip(m) if m.contains("MS-M4"))
    );
    // Once exported, changes flow whatever the status.
    assert!(matches!(
        decide(&s, &order(), Some("ms-1"), &goods(GoodsKind::Product)),
        Verdict::Export(_)
    ));
    // No export status chosen: any status exports.
    assert!(matches!(
        decide(&sync(), &order(), None, &goods(GoodsKind::Product)),
        Verdict::Export(_)
    ));
}

#[test]
fn ms_m5_needs_store_shop_and_every_line_in_catalogue() {
    let mut no_store = order();
    no_store.shipment_store = None;
    assert!(
        matches!(decide(&sync(), &no_store, None, &goods(GoodsKind::Product)), Verdict::Journal(m) if m.contains("warehouse"))
    );
    let mut unmapped_store = order();
    unmapped_store.shipment_store = Some("south".into());
    assert!(matches!(
        decide(&sync(), &unmapped_store, None, &goods(GoodsKind::Product)),
        Verdict::Journal(_)
    ));
    assert!(
        matches!(decide(&sync(), &order(), None, &BTreeMap::new()), Verdict::Journal(m) if m.contains("ext-1")),
        "no partial order"
    );
    let p = plan(decide(&sync(), &order(), None, &goods(GoodsKind::Product)));
    let Some(PositionsField::Rows(rows)) = p.body.positions else {
        panic!("positions")
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].price.unwrap().0, 10050, "kopecks");
    assert_eq!(rows[0].reserve, None, "MS-S2 off: no reserve");
}

#[test]
fn ms_s2_reserves_lines_when_on() {
    let s = MoySkladSync {
        auto_reserve: true,
        ..sync()
    };
    let p = plan(decide(&s, &order(), None, &goods(GoodsKind::Product)));
    let Some(PositionsField::Rows(rows)) = p.body.positions else {
        panic!("positions")
    };
    assert_eq!(rows[0].reserve, Some(2.0));
}

#[test]
fn ms_s9_order_number_is_passed_unless_off() {
    let p = plan(decide(&sync(), &order(), None, &goods(GoodsKind::Product)));
    assert_eq!(p.body.name.as_deref(), Some("7A"));
    let s = MoySkladSync {
        skip_order_number: true,
        ..sync()
    };
    let p = plan(decide(&s, &order(), None, &goods(GoodsKind::Product)));
    assert_eq!(p.body.name, None, "MoySklad numbers it");
}

#[test]
fn ms_s12_services_only_as_goods_when_on() {
    assert!(
        matches!(decide(&sync(), &order(), None, &goods(GoodsKind::Service)), Verdict::Journal(m) if m.contains("MS-S12"))
    );
    let s = MoySkladSync {
        services_as_goods: true,
        auto_reserve: true,
        ..sync()
    };
    let p = plan(decide(&s, &order(), None, &goods(GoodsKind::Service)));
    let Some(PositionsField::Rows(rows)) = p.body.positions else {
        panic!("positions")
    };
    assert!(
        rows[0]
            .assortment
            .as_ref()
            .unwrap()
            .meta
            .href
            .ends_with("/entity/service/good-1")
    );
    assert_eq!(rows[0].reserve, None, "services are not reserved");
}
