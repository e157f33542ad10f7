//! Positions of an exported order: MS-S1, MS-S13, MS-M8, MS-B5, and MS-M6's
//! reserve write-off.

use super::*;
use crate::connectors::moysklad::Position;
use crate::connectors::retailcrm::CrmDelivery;
use crate::flows::crm_moysklad::rules::positions::{Lines, positions};

fn rows(
    sync: &MoySkladSync,
    order: &CrmOrderDetails,
    shipped: bool,
) -> (Vec<Position>, Vec<String>) {
    let goods = goods(GoodsKind::Product);
    let lines = Lines {
        sync,
        base_url: BASE,
        order,
        goods: &goods,
        shipped,
    };
    positions(lines).expect("exportable")
}

fn href(p: &Position) -> &str {
    &p.assortment.as_ref().unwrap().meta.href
}

fn with_delivery(code: &str, cost: f64) -> CrmOrderDetails {
    CrmOrderDetails {
        delivery: Some(CrmDelivery {
            code: Some(code.into()),
            cost,
        }),
        ..order()
    }
}

#[test]
fn ms_s1_delivery_is_a_line_only_when_it_costs_something() {
    let s = MoySkladSync {
        delivery_as_line: true,
        delivery_service: Some("svc-plain".into()),
        ..sync()
    };
    let (p, notes) = rows(&s, &with_delivery("courier", 350.0), false);
    assert_eq!(p.len(), 2);
    assert!(href(&p[1]).ends_with("/entity/service/svc-plain"));
    assert_eq!((p[1].quantity, p[1].price.unwrap().0), (Some(1.0), 35000));
    assert!(notes.is_empty(), "no MS-S13 mapping, nothing to note");
    assert_eq!(
        rows(&s, &with_delivery("courier", 0.0), false).0.len(),
        1,
        "zero cost"
    );
    assert_eq!(
        rows(&sync(), &with_delivery("courier", 350.0), false)
            .0
            .len(),
        1,
        "MS-S1 off"
    );
}

#[test]
fn ms_s13_mapped_delivery_types_send_their_service_unmapped_the_plain_line() {
    let s = MoySkladSync {
        delivery_as_line: true,
        delivery_service: Some("svc-plain".into()),
        delivery_services: BTreeMap::from([("courier".into(), "svc-courier".into())]),
        ..sync()
    };
    let (p, notes) = rows(&s, &with_delivery("courier", 350.0), false);
    assert!(href(&p[1]).ends_with("/entity/service/svc-courier"));
    assert!(notes.is_empty());
    let (p, notes) = rows(&s, &with_delivery("pickup-point", 120.0), false);
    assert!(href(&p[1]).ends_with("/entity/service/svc-plain"));
    assert!(notes[0].contains("MS-S13") && notes[0].contains("pickup-point"));
    assert_eq!(
        rows(&s, &with_delivery("courier", 0.0), false).0.len(),
        1,
        "zeroed: removed"
    );
}

#[test]
fn ms_m8_reserves_only_lines_in_the_chosen_item_statuses() {
    let mut o = order();
    o.lines[0].status = Some("in-stock".into());
    o.lines.push(CrmLine {
        status: Some("ordered".into()),
        ..o.lines[0].clone()
    });
    let s = MoySkladSync {
        auto_reserve: true,
        reserve_item_statuses: vec!["in-stock".into()],
        ..sync()
    };
    let (p, _) = rows(&s, &o, false);
    assert_eq!((p[0].reserve, p[1].reserve), (Some(2.0), None));
    let everything = MoySkladSync {
        reserve_item_statuses: Vec::new(),
        ..s.clone()
    };
    let (p, _) = rows(&everything, &o, false);
    assert_eq!(
        (p[0].reserve, p[1].reserve),
        (Some(2.0), Some(2.0)),
        "none chosen: all"
    );
    let (p, _) = rows(&s, &o, true);
    assert_eq!(
        p[0].reserve, None,
        "MS-M6: a shipped order holds no reserve"
    );
}

#[test]
fn ms_b5_cancelled_lines_are_deleted_or_unreserved_at_zero_price() {
    let mut o = order();
    o.lines.push(CrmLine {
        canceled: true,
        ..o.lines[0].clone()
    });
    let s = MoySkladSync {
        auto_reserve: true,
        ..sync()
    };
    assert_eq!(
        rows(&s, &o, false).0.len(),
        1,
        "off: the cancelled line is not sent"
    );
    let on = MoySkladSync {
        unreserve_cancelled_lines: true,
        ..s
    };
    let (p, _) = rows(&on, &o, false);
    assert_eq!(p.len(), 2);
    assert_eq!((p[0].reserve, p[0].price.unwrap().0), (Some(2.0), 10050));
    assert_eq!(
        (p[1].reserve, p[1].price.unwrap().0),
        (None, 0),
        "unreserved, zero price"
    );
    assert_eq!(p[1].quantity, Some(2.0));
}
