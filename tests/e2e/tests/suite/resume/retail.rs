//! MoySklad retail → CRM: a payment write fails after the order was created.

use crate::retail::world::{World, payments};
use crate::support::app::Backend;
use crate::support::on_both_backends;
use serde_json::json;
use synclane::settings::RetailOptions;

/// MS-R3 resumed: the cash payment is refused on every try of the first
/// delivery; the redelivery adds it, and the order and the card payment
/// stay single.
async fn payment_write_fails_then_resumes(backend: Backend) {
    let retail = RetailOptions {
        enabled: true,
        ..RetailOptions::default()
    };
    let w = World::start_on(backend, retail).await;
    let buyer = w.individual("Anna Petrova", "anna@example.com");
    let a = w.product("A-1");
    let sale = w.sale(&buyer, &[(&a, 2.0, 12_525)], json!({"noCashSum": 5_050}));
    w.app.crm.fail_next_mentioning("\"type\":\"cash\"", 3, 503);
    w.fire(&sale).await;
    w.drain().await;

    let orders = w.app.crm.orders();
    assert_eq!(orders.len(), 1, "{orders:#?}");
    assert_eq!(
        payments(&orders[0]),
        vec![
            ("bank-card".into(), "paid".into(), 50.5),
            ("cash".into(), "paid".into(), 200.0),
        ]
    );
    assert!(w.app.local.queue.dead_letters(10).await.unwrap().is_empty());
}

on_both_backends! {
    payment_write_fails_then_resumes => ms_r3_payment_write_fails_then_the_redelivery_finishes_sqlite, ms_r3_payment_write_fails_then_the_redelivery_finishes_aws;
}
