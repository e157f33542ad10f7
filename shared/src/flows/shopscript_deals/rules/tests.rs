//! The rules, one SS id each.

use super::*;
use crate::connectors::webasyst::{Funnel, Order};
use crate::secret::Secret;
use crate::settings::{AutomaticDeals, ShopScriptSettings};
use serde_json::json;
use std::collections::BTreeMap;

fn settings() -> ShopScriptSettings {
    let stages: BTreeMap<String, String> = [
        ("11", "process"),
        ("12", "pay"),
        ("13", "ship"),
        ("14", "complete"),
    ]
    .iter()
    .map(|(s, a)| (s.to_string(), a.to_string()))
    .collect();
    ShopScriptSettings {
        shop_url: "https://shop.example".into(),
        shop_token: Secret::new("s"),
        crm_url: "https://crm.example".into(),
        crm_token: Secret::new("c"),
        notification_secret: Secret::default(),
        backend_url: None,
        order_format: "#100{id}".into(),
        funnels: BTreeMap::from([("3".to_owned(), stages)]),
        automatic: vec![AutomaticDeals {
            storefront: "shop.example/".into(),
            funnel_id: 3,
            stage_id: 10,
        }],
        action_states: BTreeMap::new(),
        requests_per_second: 5,
    }
}

fn order(value: serde_json::Value) -> Order {
    serde_json::from_value(value).unwrap()
}

fn funnel() -> Funnel {
    serde_json::from_value(json!({"id": 3, "name": "Sales", "stages": [
        {"id": 10, "name": "New", "number": 0}, {"id": 11, "name": "Processing", "number": 1},
        {"id": 12, "name": "Paid", "number": 2}, {"id": 13, "name": "Sent", "number": 3},
        {"id": 14, "name": "Done", "number": 4}]}))
    .unwrap()
}

#[test]
fn ss_2_new_orders_of_automatic_storefronts_get_a_deal() {
    let ss = settings();
    let placed = order(
        json!({"id": 5, "state_id": "new", "create_datetime": "2026-03-01 10:00:00",
        "params": {"storefront": "shop.example"}}),
    );
    assert_eq!(automatic_stage(&ss, &placed), Some((3, 10)));
    assert!(qualifies(&placed, "2026-03-01 10:00:00"));
    assert!(
        !qualifies(&placed, "2026-03-01 10:00:01"),
        "history is not linked"
    );
    let backend = order(json!({"id": 6, "state_id": "new", "params": []}));
    assert_eq!(
        automatic_stage(&ss, &backend),
        None,
        "no rule for backend orders"
    );
}

#[test]
fn ss_3_the_deal_shows_items_and_a_link() {
    let ss = settings();
    let o = order(
        json!({"id": 12, "state_id": "new", "total": "1530.5", "currency": "RUB",
        "items": [{"name": "Tea &amp; cups", "quantity": "2", "price": "500"},
                  {"name": "Box <small>", "quantity": 1.5, "price": "353.6667"}]}),
    );
    let shown = shown(&ss, &o);
    let d = &shown.description;
    assert!(
        d.contains("href=\"https://shop.example/webasyst/shop/?action=orders#/order/12/\""),
        "{d}"
    );
    assert!(d.contains(">Order #10012</a>"), "{d}");
    assert!(
        d.contains("<td>Tea &amp; cups</td><td>2</td><td>500.00</td><td>1000.00</td>"),
        "{d}"
    );
    assert!(
        d.contains("<td>Box &lt;small&gt;</td><td>1.5</td><td>353.67</td><td>530.50</td>"),
        "{d}"
    );
    assert!(d.contains("Total: 1530.50 RUB"), "{d}");
    assert_eq!(
        (shown.amount, shown.currency.as_deref()),
        (1530.5, Some("RUB"))
    );
    assert_eq!(deal_name(&ss, 12), "Order #10012");
}

#[test]
fn ss_4_a_mapped_stage_runs_its_action_and_actions_move_deals_forward() {
    let ss = settings();
    let step = stage_step(&ss, "#1001", "new", "pay");
    assert!(
        matches!(step, OrderStep::Run { ref action, .. } if action == "pay"),
        "{step:?}"
    );
    // Order → deal: the furthest new mapped action, ahead of the deal only.
    let f = funnel();
    assert_eq!(
        deal_target(&ss, &f, 10, &["create", "process", "pay"]),
        Some(12)
    );
    assert_eq!(deal_target(&ss, &f, 13, &["pay"]), None, "never back");
    assert_eq!(
        deal_target(&ss, &f, 12, &["pay", "comment"]),
        None,
        "there already"
    );
    assert_eq!(
        deal_target(&ss, &f, 99, &["pay"]),
        None,
        "a stage of another funnel"
    );
}

#[test]
fn ss_5_won_completes_lost_deletes_and_paid_orders_are_journalled() {
    assert!(
        matches!(close_step(true, "#1", "paid"), OrderStep::Run { ref action, .. } if action == "complete")
    );
    assert!(matches!(
        close_step(true, "#1", "completed"),
        OrderStep::Nothing(_)
    ));
    let OrderStep::Run {
        action,
        unavailable,
    } = close_step(false, "#1", "paid")
    else {
        panic!("a lost deal asks the shop to delete");
    };
    assert_eq!(action, "delete");
    assert!(
        unavailable.contains("neither deleted nor refunded"),
        "{unavailable}"
    );
    assert!(matches!(
        close_step(false, "#1", "deleted"),
        OrderStep::Nothing(_)
    ));
}

#[test]
fn ss_6_backward_moves_are_refused_and_equal_ones_do_nothing() {
    let ss = settings();
    let back = stage_step(&ss, "#1001", "paid", "process");
    assert!(
        matches!(&back, OrderStep::Refuse(m) if m.contains("SS-6") && m.contains("#1001")),
        "{back:?}"
    );
    assert!(matches!(
        stage_step(&ss, "#1", "paid", "pay"),
        OrderStep::Nothing(_)
    ));
    assert!(matches!(
        stage_step(&ss, "#1", "shipped", "pay"),
        OrderStep::Refuse(_)
    ));
    assert!(matches!(
        stage_step(&ss, "#1", "fulfilling", "ship"),
        OrderStep::Run { .. }
    ));
    // Off the path, the shop's workflow decides.
    assert!(matches!(
        stage_step(&ss, "#1", "auth", "process"),
        OrderStep::Run { .. }
    ));
    assert_eq!(rank("completed"), Some(5));
    assert_eq!(rank("deleted"), None);
}
