//! `shopscript_deals`' dry run through the admin API, on both backends: a
//! new order on an automatic storefront plans its deal (SS-2); a linked
//! order in step plans nothing; a deal won in the CRM plans the order's
//! `complete` (SS-5). Nothing is written: no call but reads reaches the
//! shop or the CRM, and the links stay as they were.

use super::*;
use crate::support::dry_run::{DryRuns, actions, command, links};
use synclane::flows::shopscript_deals::{deal_key, order_key};

/// Calls other than reads that reached the shop and the CRM.
fn writes(app: &SsApp) -> (usize, usize) {
    let count = |calls: Vec<synclane_emulators::webasyst::LoggedCall>| {
        calls.iter().filter(|c| c.verb != "GET").count()
    };
    (count(app.shop.requests()), count(app.crm.requests()))
}

async fn ss_2_ss_5_dry_runs_plan_and_write_nothing(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    let (linked, deal) = super::linked_order(&app, "anna@example.com").await;
    // Placed, its notification queued but not handled.
    let new = app.place("boris@example.com").await;
    assert!(app.crm.close(deal, true));
    let keys = [
        order_key(&app.tenant, new),
        order_key(&app.tenant, linked),
        deal_key(&app.tenant, deal),
    ];
    let before = (writes(&app), links(app.store(), &keys).await);
    let runs = DryRuns::new(app.local.addr, app.store(), &app.tenant).await;

    let flow = runs
        .flow("shopscript", "order", new, "shopscript_deals")
        .await;
    assert_eq!(flow["verdict"], "apply", "{flow}");
    assert_eq!(
        actions(&flow),
        ["find_or_create_contact", "create_deal", "record_link"]
    );
    let create = command(&flow, "create_deal");
    assert_eq!(create["rule"], "SS-2");
    assert_eq!(create["data"]["stage_id"], app.stages[0]);
    assert_eq!(create["data"]["name"], format!("Order #100{new}"));

    let flow = runs
        .flow("shopscript", "order", linked, "shopscript_deals")
        .await;
    assert_eq!(flow["verdict"], "apply", "{flow}");
    assert!(
        actions(&flow).is_empty(),
        "the deal shows the order: {flow}"
    );

    let flow = runs
        .flow("webasyst_crm", "deal", deal, "shopscript_deals")
        .await;
    assert_eq!(flow["verdict"], "apply", "{flow}");
    assert_eq!(actions(&flow), ["run_action"]);
    let run = command(&flow, "run_action");
    assert_eq!(run["rule"], "SS-5");
    assert_eq!(run["record"], linked.to_string());
    assert_eq!(run["data"]["action"], "complete");

    let page = runs.page("webasyst_crm", "deal", deal).await;
    assert!(
        page.contains("flow-shopscript_deals") && page.contains("run_action"),
        "{page}"
    );

    assert_eq!((writes(&app), links(app.store(), &keys).await), before);
    assert_ne!(app.shop.state_of(linked), "completed");
    assert_eq!(app.deal_of(new).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ss_2_ss_5_dry_run_plans_and_writes_nothing_sqlite() {
    ss_2_ss_5_dry_runs_plan_and_write_nothing(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ss_2_ss_5_dry_run_plans_and_writes_nothing_aws() {
    ss_2_ss_5_dry_runs_plan_and_write_nothing(Backend::Aws).await
}
