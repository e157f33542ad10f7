//! The SS flow through the real binaries under `cargo lambda watch`, on
//! moto: the shop's notification → `hook-shopscript` → SQS → `worker` →
//! a deal in the CRM; a lost notification → `shopscript-order-poll` →
//! `worker` → the deal moved; a deal dragged in the CRM →
//! `webasyst-deal-poll` → `worker` → the order's action run.

use crate::support::app::{TENANT, tenant_id};
use crate::support::aws_stack::{AwsStack, failure_ids};
use crate::support::cargo_lambda::LambdaWatch;
use crate::support::ss_app::{CRM_TOKEN, NOTIFY_SECRET, SHOP_TOKEN, STOREFRONT, settings};
use serde_json::{Value, json};
use synclane::secret::Secret;
use synclane::settings::TenantSettings;
use synclane_emulators::webasyst::{NewOrder, ShopScriptEmulator, WebasystCrmEmulator};

/// What EventBridge sends a scheduled function.
fn scheduled() -> Value {
    json!({ "version": "0", "id": "e-1", "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": "2026-12-01T00:00:00Z", "region": "us-east-1",
            "resources": [], "detail": {} })
}

/// Runs the worker function on the `n` messages waiting and deletes what
/// it did not report failed, as Lambda's SQS event source does (a FIFO
/// group stays blocked behind a message left in flight).
async fn work(stack: &AwsStack, lambda: &LambdaWatch, n: usize) {
    let records = stack.receive_records(stack.queue.queue_url(), n).await;
    let answer = lambda
        .invoke("worker", &json!({ "Records": records }))
        .await;
    assert!(failure_ids(&answer).is_empty(), "{answer}");
    stack.acknowledge(&records, &answer).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_ss_hook_polls_and_worker_keep_order_and_deal_in_step() {
    let stack = AwsStack::create().await;
    let shop = ShopScriptEmulator::start(SHOP_TOKEN).await;
    let crm = WebasystCrmEmulator::start(CRM_TOKEN).await;
    let (funnel, stages) = crm.add_funnel("Sales", &["New", "Processing", "Paid", "Sent", "Done"]);
    let tenant = TenantSettings {
        shopscript: Some(settings(&shop.base_url(), &crm.base_url(), funnel, &stages)),
        ..TenantSettings::new(tenant_id(), Secret::new("unused-oc-secret-0123"))
    };
    stack.store.tenants.put_tenant(&tenant).await.unwrap();
    let functions = [
        "hook-shopscript",
        "shopscript-order-poll",
        "webasyst-deal-poll",
        "worker",
    ];
    let lambda = LambdaWatch::start(&functions, &stack.function_env()).await;
    let hook = lambda.url("hook-shopscript", &format!("/hooks/{TENANT}/shopscript"));
    shop.notify(
        &hook,
        &[("X-Synclane-Secret", NOTIFY_SECRET)],
        &[("order_id", "{$order.id}"), ("log_id", "{$action_data.id}")],
        false,
    );
    for poll in ["shopscript-order-poll", "webasyst-deal-poll"] {
        let ran = lambda.invoke(poll, &scheduled()).await;
        assert_eq!(
            (ran["tenants"].as_u64(), ran["failed"].clone()),
            (Some(1), json!([])),
            "{ran}"
        );
    }

    let order = shop
        .place_order(NewOrder {
            storefront: Some(STOREFRONT.into()),
            name: "Anna".into(),
            email: Some("anna@example.com".into()),
            phone: None,
            items: vec![("Tea".into(), 1.0, 100.0)],
            currency: "RUB".into(),
        })
        .await;
    assert_eq!(
        shop.notifications_delivered(),
        1,
        "the hook function answered 200"
    );
    work(&stack, &lambda, 1).await;
    let deals = crm.deals();
    assert_eq!(deals.len(), 1, "SS-2 through the hook function");
    let deal = deals[0]["id"].as_i64().unwrap();

    shop.lose_notifications(1);
    assert!(shop.act(order, "pay").await);
    shop.clear_log();
    lambda.invoke("shopscript-order-poll", &scheduled()).await;
    work(&stack, &lambda, 1).await;
    assert_eq!(
        crm.deal(deal).unwrap()["stage_id"],
        stages[2],
        "caught up by the poll function"
    );

    assert!(crm.drag(deal, stages[3]));
    lambda.invoke("webasyst-deal-poll", &scheduled()).await;
    work(&stack, &lambda, 1).await;
    assert_eq!(
        shop.state_of(order),
        "shipped",
        "the deal poll function ran ship"
    );
}
