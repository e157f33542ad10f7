//! MS-R1, MS-R3, MS-C3 as a dry run through the admin API: a new buyer's
//! sale plans the CRM customer, the order and its card payment, and
//! writes nothing; once the sale is synced for real, its dry run uses the
//! linked customer and adds no payment.

use super::world::World;
use crate::support::app::tenant_id;
use crate::support::dry_run::{DryRuns, actions, command, links};
use serde_json::json;
use synclane::model::{EntityKind, System};
use synclane::settings::RetailOptions;
use synclane::store::LinkKey;

#[tokio::test]
async fn ms_r1_ms_c3_dry_run_of_a_retail_sale_plans_buyer_order_and_payment() {
    let w = World::start(RetailOptions {
        enabled: true,
        ..RetailOptions::default()
    })
    .await;
    let buyer = w.individual("Anna Petrova", "anna-dry@example.com");
    let (a, b) = (w.product("A-1"), w.product("B-2"));
    let sale = w.sale(
        &buyer,
        &[(&a, 2.0, 10_000), (&b, 1.0, 5_050)],
        json!({"noCashSum": 25_050}),
    );
    let tenant = tenant_id();
    let keys = [
        LinkKey::new(&tenant, EntityKind::Customer, System::MoySklad, &buyer),
        LinkKey::new(&tenant, EntityKind::RetailSale, System::MoySklad, &sale),
    ];
    let before = (
        w.app.crm.writes(),
        w.ms.writes(),
        links(w.app.store(), &keys).await,
    );
    let runs = DryRuns::new(w.app.local.addr, w.app.store(), &tenant).await;

    let flow = runs
        .flow("moysklad", "retail_sale", &sale, "moysklad_retail")
        .await;
    assert_eq!(flow["verdict"], "apply", "{flow}");
    assert_eq!(
        actions(&flow),
        [
            "create_customer",
            "record_link",
            "create_order",
            "create_payment",
            "record_link"
        ]
    );
    let customer = command(&flow, "create_customer");
    assert_eq!(customer["rule"], "MS-C3");
    assert_eq!(
        customer["data"]["email"], "anna-dry@example.com",
        "{customer}"
    );
    let order = command(&flow, "create_order");
    assert_eq!(order["rule"], "MS-R1");
    assert_eq!(order["data"]["external_id"], sale.as_str());
    assert_eq!(order["data"]["items"].as_array().map(Vec::len), Some(2));
    let payment = command(&flow, "create_payment");
    assert_eq!(payment["rule"], "MS-R3");
    assert_eq!(payment["data"]["amount"], 250.5, "{payment}");

    let after = (
        w.app.crm.writes(),
        w.ms.writes(),
        links(w.app.store(), &keys).await,
    );
    assert_eq!(after, before, "a dry run writes nothing");
    assert!(w.app.crm.orders().is_empty() && w.app.crm.customers().is_empty());

    // Synced for real: the buyer is linked and the order has its payment.
    w.fire(&sale).await;
    w.drain().await;
    assert_eq!(w.app.crm.orders().len(), 1);
    let writes = w.app.crm.writes();
    let flow = runs
        .flow("moysklad", "retail_sale", &sale, "moysklad_retail")
        .await;
    assert_eq!(actions(&flow), ["use_customer", "create_order"], "{flow}");
    let crm_id = w.app.crm.orders()[0]["id"].to_string();
    let order = command(&flow, "create_order");
    assert!(
        order["record"].as_str().unwrap().contains(&crm_id),
        "{order}"
    );
    assert_eq!(w.app.crm.writes(), writes);
}
