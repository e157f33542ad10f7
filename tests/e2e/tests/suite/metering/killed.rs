//! `synclane serve` killed with SIGKILL in the middle of an event (the CRM
//! has created the order, the process never heard so): after the restart
//! the redelivery finishes it, and the event is counted once.

use super::{admin_hash, eventually, usage};
use crate::support::app::{CRM_KEY, SECRET, SITE, TENANT, sign, tenant_id, tenant_settings};
use crate::support::aws_stack::AwsStack;
use crate::support::opencart::{ANNA, order_event};
use crate::support::process::{self, Extras, Options, Synclane, free_port};
use std::time::Duration;
use synclane::sqlite::Db;
use synclane::store::{Day, SqliteStore, Store};
use synclane_emulators::retailcrm::RetailCrmEmulator;

async fn killed_mid_event_counts_once(aws: bool) {
    let dir = tempfile::tempdir().unwrap();
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    // Applied at once, answered long after the kill.
    crm.delay_answers("/orders/create", 1, Duration::from_secs(120));
    let stack = match aws {
        true => Some(AwsStack::create().await),
        false => None,
    };
    let backend = match &stack {
        Some(stack) => process::Backend::Aws(stack),
        None => process::Backend::Sqlite(dir.path()),
    };
    let tenants = [tenant_settings(&crm.base_url())];
    let options = Options {
        port: free_port(),
        workers: 1,
        visibility_secs: 3,
        schedules: false,
    };
    let extras = Extras {
        admin_token_sha256: Some(admin_hash()),
        env: Vec::new(),
    };
    let server = Synclane::start_with(dir.path(), &backend, &tenants, &options, &extras).await;
    let raw =
        serde_json::to_vec(&order_event(4201, &ANNA, None, 1, "2026-11-21 09:00:00")).unwrap();
    let posted = reqwest::Client::new()
        .post(server.hook_url(TENANT))
        .header("x-synclane-signature", sign(SECRET, &raw))
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 202);
    eventually(
        || async { crm.calls("POST", "/orders/create") >= 1 },
        Duration::from_secs(30),
        "the order creation",
    )
    .await;
    server.kill().await;

    let server = Synclane::start_with(dir.path(), &backend, &tenants, &options, &extras).await;
    let addr = format!("127.0.0.1:{}", server.port);
    // Read from the store itself (the process's own file or table).
    let store = match &stack {
        Some(stack) => stack.store.clone(),
        None => Store::from_backend(SqliteStore::new(
            Db::open(dir.path().join("synclane.db")).unwrap(),
        )),
    };
    let today = Day::today();
    let counted = || async {
        let rows = store.usage.usage(&tenant_id(), today, today).await.unwrap();
        rows.iter()
            .filter(|r| r.flow == "opencart_crm")
            .map(|r| r.operations)
            .sum::<u64>()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while counted().await != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the redelivery did not finish the event: {:?}\n{}",
            usage(&addr, TENANT, "").await,
            server.log(dir.path())
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Longer than a visibility timeout: a late second delivery would show.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (status, body) = usage(&addr, TENANT, "").await;
    server.kill().await;
    println!(
        "metering after SIGKILL ({}): {status} {body}",
        if aws { "moto" } else { "sqlite" }
    );
    assert_eq!(counted().await, 1, "counted once");
    assert_eq!(body["per_flow"]["opencart_crm"], 1, "{status} {body:#}");
    assert_eq!(crm.orders().len(), 1, "the order once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn metering_killed_mid_event_counts_once_sqlite() {
    killed_mid_event_counts_once(false).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn metering_killed_mid_event_counts_once_aws() {
    killed_mid_event_counts_once(true).await
}
