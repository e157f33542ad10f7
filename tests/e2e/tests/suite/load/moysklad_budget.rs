//! Issue 11: one tenant's MoySklad budget (45 units / 3 s, 5 requests in
//! flight) holds across processes and functions. Two `synclane serve`
//! worker processes on the AWS table and queue export CRM orders while a
//! stock pull (a third instance, as the `stock-pull` function would run)
//! reads a large catalogue: the emulator, which counts every request over
//! the limits, draws no rate-limit (1049) and no parallel-limit (1073)
//! answer, and every order is exported once. Half the orders are in a
//! shipment status (MS-M6, issue 13): each gets one conducted demand within
//! the same budget.

use crate::support::aws_stack::AwsStack;
use crate::support::process::{self, Options, Synclane, free_port};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use synclane::flows::schedule::{JobContext, run_for_all_tenants};
use synclane::jobs::crm_history::CrmHistoryPoll;
use synclane::peers::{Peers, http_client};
use synclane::secret::Secret;
use synclane::settings::{
    MoySkladSettings, MoySkladSync, RetailCrmSettings, StockOptions, TenantSettings,
};
use synclane_emulators::moysklad::MoySkladEmulator;
use synclane_emulators::retailcrm::RetailCrmEmulator;

const ORDERS: usize = 30;
/// Orders made in the shipment status (every other one).
const SHIPPED: usize = ORDERS / 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b1_two_worker_processes_and_a_stock_pull_share_the_budget_aws() {
    let stack = AwsStack::create().await;
    let dir = tempfile::tempdir().unwrap();
    let crm = RetailCrmEmulator::start("crm-key-budget", &["shop"]).await;
    let ms = MoySkladEmulator::start("ms-token-budget").await;
    let org = ms.seed_organization("OOO Shop");
    let store = ms.seed_store("Main");
    let state = ms.seed_state("customerorder", "New");
    let sent = ms.seed_state("customerorder", "Sent");
    let phone = ms.seed_product("Phone", "ext-1", 5000);
    ms.set_stock(&phone, &store, 1000.0, 0.0, 0.0);
    ms.seed_product("Case", "ext-2", 300);
    ms.seed_generated_catalogue(12_000, &[store.clone()], 5);
    crm.accept_offers_with_prefix("gen-");
    let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let tenant = TenantSettings {
        retailcrm: Some(RetailCrmSettings {
            base_url: crm.base_url(),
            api_key: Secret::new("crm-key-budget"),
            site: "shop".into(),
            corporate_customers: true,
            requests_per_second: 10,
        }),
        moysklad: Some(MoySkladSettings {
            base_url: ms.base_url(),
            token: Secret::new("ms-token-budget"),
            disable_webhook_prefixes: vec![],
            request_weight: 1,
            webhook_token: Secret::new("hook-token-budget-0123456789"),
            public_base_url: None,
            sync: Some(MoySkladSync {
                shops: map(&[("shop", &org)]),
                stores: map(&[("main", &store)]),
                statuses: map(&[("new", &state), ("send", &sent)]),
                shipment_statuses: vec!["send".into()],
                stock: StockOptions {
                    stock_enabled: true,
                    every_minutes: 0,
                    ..StockOptions::default()
                },
                ..MoySkladSync::default()
            }),
        }),
        ..TenantSettings::new(
            crate::support::tenant(),
            Secret::new("oc-secret-budget-0123"),
        )
    };
    // Two worker processes (schedules off: the test drives the poll and the pull).
    let backend = process::Backend::Aws(&stack);
    let options = |port| Options {
        port,
        workers: 3,
        visibility_secs: 30,
        schedules: false,
    };
    let one = Synclane::start(
        dir.path(),
        &backend,
        &[tenant.clone()],
        &options(free_port()),
    )
    .await;
    let two = Synclane::start(
        dir.path(),
        &backend,
        &[tenant.clone()],
        &options(free_port()),
    )
    .await;

    // CRM orders of ten customers, made by managers.
    let crm_client = Peers::local(http_client()).crm(&tenant.id, tenant.crm().unwrap());
    let mut customers = Vec::new();
    for n in 0..10 {
        let person = synclane::model::Person {
            first_name: Some("Buyer".into()),
            last_name: Some(format!("No{n}")),
            email: Some(format!("b{n}@budget.example")),
            phone: Some(format!("+7903100{n:04}")),
            ..Default::default()
        };
        let customer = synclane::model::Customer {
            person,
            address: None,
        };
        customers.push(crm_client.customer_create(None, &customer).await.unwrap());
    }
    for n in 0..ORDERS {
        crm.user_create_order(json!({
            "site": "shop", "number": format!("{n}B"), "status": if n % 2 == 0 { "send" } else { "new" },
            "shipmentStore": "main",
            "customer": {"id": customers[n % customers.len()]},
            "items": [{"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100.5, "quantity": 1}]
        }));
    }
    // The poll and the pull run as the scheduled functions would: their own instances.
    let context = || JobContext {
        store: stack.store.clone(),
        queue: Arc::new(stack.queue.clone()),
        peers: Peers::shared(http_client(), stack.store.clone()),
        registry: Arc::new(synclane::runtime::registry::registry(None)),
        deadline: tokio::time::Instant::now() + Duration::from_secs(600),
    };
    let report = run_for_all_tenants(&CrmHistoryPoll, &context())
        .await
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let started = Instant::now();
    let pull = synclane::flows::stock::run_tenant(&context(), &tenant)
        .await
        .unwrap();
    assert_eq!(pull.mode, "full");
    assert_eq!(pull.pushed, 12_000 + 2, "the catalogue and the two goods");
    while ms_orders(&ms) < ORDERS || ms.entities("demand").len() < SHIPPED {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "orders not exported or not shipped"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    one.kill().await;
    two.kill().await;

    let counters = ms.counters();
    println!(
        "budget (moto): 2 worker processes + 1 stock pull, {ORDERS} orders ({SHIPPED} shipped): {} MoySklad requests, {} rate and {} parallel violations, {:.1} s",
        counters.requests,
        counters.rate_violations,
        counters.parallel_violations,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        (counters.rate_violations, counters.parallel_violations),
        (0, 0),
        "{counters:?}"
    );
    let orders = ms.entities("customerorder");
    let names: HashSet<_> = orders
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        (orders.len(), names.len()),
        (ORDERS, ORDERS),
        "every order once"
    );
    let demands = ms.entities("demand");
    let shipped: HashSet<_> = demands
        .iter()
        .map(|d| {
            d["customerOrder"]["meta"]["href"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        (demands.len(), shipped.len()),
        (SHIPPED, SHIPPED),
        "one demand per shipped order"
    );
    assert!(demands.iter().all(|d| d["applicable"] == true), "conducted");
}

fn ms_orders(ms: &MoySkladEmulator) -> usize {
    ms.entities("customerorder").len()
}
