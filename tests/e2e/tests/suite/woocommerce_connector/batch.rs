//! Batches: split by 100, per-item outcomes in order, the 413 limit.

use super::{customer, raw, setup};
use reqwest::Method;
use serde_json::json;
use synclane::connectors::woocommerce::{BATCH_LIMIT, BatchOp, CustomerWrite, ItemOutcome};

#[tokio::test]
async fn a_batch_of_250_goes_in_3_requests_with_its_item_error_in_place() {
    let (emu, woo) = setup().await;
    let taken = emu.seed_customer("c117@shop.fr", "customer");
    let ops: Vec<BatchOp> = (0..250)
        .map(|i| BatchOp::Create(customer(&format!("c{i:03}@shop.fr"))))
        .collect();
    let outcomes = woo.customers_batch(ops).await.unwrap();
    assert_eq!(emu.calls("POST", "/wc/v3/customers/batch"), 3);
    assert_eq!(outcomes.len(), 250);
    assert!(
        matches!(&outcomes[117], ItemOutcome::EmailExists { message } if message.contains("c117@shop.fr"))
    );
    for (i, o) in outcomes.iter().enumerate().filter(|(i, _)| *i != 117) {
        assert!(
            matches!(o, ItemOutcome::Created(c) if c.email == format!("c{i:03}@shop.fr")),
            "{i}: {o:?}"
        );
    }
    assert_eq!(emu.customers().len(), 250);
    let mixed = vec![
        BatchOp::Update {
            id: taken,
            fields: CustomerWrite {
                first_name: Some("Renamed".into()),
                ..Default::default()
            },
        },
        BatchOp::Delete(99_999),
        BatchOp::Update {
            id: 88_888,
            fields: CustomerWrite::default(),
        },
        BatchOp::Delete(taken),
    ];
    let outcomes = woo.customers_batch(mixed).await.unwrap();
    assert!(matches!(&outcomes[0], ItemOutcome::Updated(c) if c.first_name == "Renamed"));
    assert_eq!(outcomes[1], ItemOutcome::NotFound { id: 99_999 });
    assert_eq!(outcomes[2], ItemOutcome::NotFound { id: 88_888 });
    assert!(
        matches!(&outcomes[3], ItemOutcome::Deleted(c) if c.id == taken),
        "batch deletes are forced"
    );
}

#[tokio::test]
async fn more_than_100_items_in_one_request_is_413() {
    let (emu, _woo) = setup().await;
    let create: Vec<_> = (0..=BATCH_LIMIT)
        .map(|i| json!({"email": format!("x{i}@b.fr")}))
        .collect();
    let r = raw(&emu, Method::POST, "customers/batch")
        .json(&json!({"create": create}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "woocommerce_rest_request_entity_too_large");
    assert!(emu.customers().is_empty());
}
