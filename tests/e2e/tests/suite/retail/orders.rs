//! MS-R1, MS-R2, MS-R3: orders, lines and payments from retail sales.

use super::world::{World, items, payments};
use crate::support::app::{Backend, SITE};
use serde_json::json;
use synclane::settings::RetailOptions;

fn enabled() -> RetailOptions {
    RetailOptions {
        enabled: true,
        ..RetailOptions::default()
    }
}

async fn sale_without_order_delivered_three_times(backend: Backend) {
    let w = World::start_on(backend, enabled()).await;
    let buyer = w.individual("Anna Petrova", "anna@example.com");
    let (a, b) = (w.product("A-1"), w.product("B-2"));
    let sale = w.sale(
        &buyer,
        &[(&a, 2.0, 10_000), (&b, 1.0, 5_050)],
        json!({"noCashSum": 5_050}),
    );

    let first = w.fire(&sale).await;
    w.refire(&first).await; // MoySklad's retry: same requestId
    w.drain().await;
    w.fire(&sale).await; // the event again, with a new requestId
    w.drain().await;

    let orders = w.app.crm.orders();
    assert_eq!(orders.len(), 1, "{orders:#?}");
    let order = &orders[0];
    assert_eq!(order["externalId"], sale.as_str());
    assert_eq!(order["site"], SITE);
    assert_eq!(items(order), vec![("A-1".into(), 2.0), ("B-2".into(), 1.0)]);
    assert_eq!(
        payments(order),
        vec![
            ("bank-card".into(), "paid".into(), 50.5),
            ("cash".into(), "paid".into(), 200.0),
        ]
    );
    let customers = w.app.crm.customers();
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0]["email"], "anna@example.com");
    assert_eq!(order["customer"]["id"], customers[0]["id"]);
}

/// A CRM order (items A×2, B×1, C×1, paid 100 in cash) behind a MoySklad customer order.
async fn crm_order_with_ms_order(w: &World, agent: &str) -> (i64, String) {
    let customer =
        w.app
            .crm
            .seed_order(json!({"site": SITE, "externalId": "oc-77", "status": "new",
        "items": [{"offer": {"xmlId": "A"}, "productName": "A", "quantity": 2, "initialPrice": 50},
                  {"offer": {"xmlId": "B"}, "productName": "B", "quantity": 1, "initialPrice": 50},
                  {"offer": {"xmlId": "C"}, "productName": "C", "quantity": 1, "initialPrice": 50}],
        "payments": {"900": {"id": 900, "type": "cash", "status": "paid", "amount": 100.0}}}));
    let ms_order = w.linked_order(agent, customer).await;
    (customer, ms_order)
}

#[tokio::test]
async fn ms_r2_each_option_alone_and_none_means_no_line_sync() {
    type Case = (fn(&mut RetailOptions), &'static [(&'static str, f64)]);
    let cases: [Case; 5] = [
        (|_| {}, &[("A", 2.0), ("B", 1.0), ("C", 1.0)]),
        (
            |o| o.increase_quantity = true,
            &[("A", 3.0), ("B", 1.0), ("C", 1.0)],
        ),
        (
            |o| o.decrease_quantity = true,
            &[("A", 2.0), ("B", 1.0), ("C", 1.0)],
        ),
        (
            |o| o.add_new_goods = true,
            &[("A", 2.0), ("B", 1.0), ("C", 1.0), ("D", 1.0)],
        ),
        (|o| o.remove_missing_goods = true, &[("A", 2.0), ("B", 1.0)]),
    ];
    for (set, want) in cases {
        let mut options = enabled();
        set(&mut options);
        let w = World::start(options).await;
        let buyer = w.individual("Anna", "anna@example.com");
        let (crm_id, ms_order) = crm_order_with_ms_order(&w, &buyer).await;
        let goods: Vec<String> = ["A", "B", "D"].iter().map(|c| w.product(c)).collect();
        // Sold: A×3 (more), B×1 (same), D×1 (new); C missing.
        let sale = w.sale(
            &buyer,
            &[
                (&goods[0], 3.0, 5_000),
                (&goods[1], 1.0, 5_000),
                (&goods[2], 1.0, 5_000),
            ],
            json!({"customerOrder": w.r("customerorder", &ms_order)}),
        );
        w.fire(&sale).await;
        w.drain().await;
        let want: Vec<(String, f64)> = want.iter().map(|(c, q)| (c.to_string(), *q)).collect();
        assert_eq!(items(&w.crm_order(crm_id)), want);
        assert_eq!(w.app.crm.orders().len(), 1, "no second order");
    }
}

async fn two_sales_for_one_order_in_either_order(backend: Backend) {
    let mut finals = Vec::new();
    for reverse in [false, true] {
        let w = World::start_on(
            backend,
            RetailOptions {
                increase_quantity: true,
                decrease_quantity: true,
                add_new_goods: true,
                remove_missing_goods: true,
                ..enabled()
            },
        )
        .await;
        let buyer = w.individual("Anna", "anna@example.com");
        let (crm_id, ms_order) = crm_order_with_ms_order(&w, &buyer).await;
        let (a, d) = (w.product("A"), w.product("D"));
        let from = json!({"customerOrder": w.r("customerorder", &ms_order)});
        let s1 = w.sale(&buyer, &[(&a, 1.0, 10_000)], from.clone()); // 100 cash
        let mut s2_extra = from.clone();
        s2_extra["noCashSum"] = json!(25_000);
        let s2 = w.sale(&buyer, &[(&a, 1.0, 10_000), (&d, 1.0, 15_000)], s2_extra); // 250 card
        let (x, y) = if reverse { (&s2, &s1) } else { (&s1, &s2) };
        let dx = w.fire(x).await;
        w.drain().await;
        w.fire(y).await;
        w.refire(&dx).await;
        w.drain().await;
        let order = w.crm_order(crm_id);
        finals.push((items(&order), payments(&order)));
    }
    assert_eq!(finals[0], finals[1]);
    let (lines, paid) = &finals[0];
    assert_eq!(lines, &vec![("A".to_string(), 2.0), ("D".to_string(), 1.0)]);
    // The CRM's own cash 100 already matches sale 1's cash 100: kept, not duplicated.
    assert_eq!(
        paid,
        &vec![
            ("bank-card".to_string(), "paid".to_string(), 250.0),
            ("cash".to_string(), "paid".to_string(), 100.0),
        ]
    );
}

macro_rules! on_both_backends {
    ($($scenario:ident => $sqlite:ident, $aws:ident;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $sqlite() {
            $scenario(Backend::Sqlite).await
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $aws() {
            $scenario(Backend::Aws).await
        }
    )*};
}

on_both_backends! {
    sale_without_order_delivered_three_times => ms_r1_ms_r3_sale_without_order_creates_crm_order_once_despite_three_deliveries_sqlite, ms_r1_ms_r3_sale_without_order_creates_crm_order_once_despite_three_deliveries_aws;
    two_sales_for_one_order_in_either_order => ms_r2_ms_r3_two_sales_for_one_order_in_either_order_sqlite, ms_r2_ms_r3_two_sales_for_one_order_in_either_order_aws;
}
