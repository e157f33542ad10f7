//! MS-S5 / MS-B4 subscriptions: saving a tenant's settings (here: starting
//! the local runtime with them) registers the MoySklad webhooks its options
//! ask for at once, idempotently.

use super::*;
use std::collections::BTreeSet;
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;

async fn start_registers_webhooks_once(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    assert!(app.ms.entities("webhook").is_empty());
    let config = LocalConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        workers: 0,
        schedules: false,
        tenants: vec![app.settings().await],
        ..LocalConfig::default()
    };
    for _ in 0..2 {
        let local = Local::start_with(&config, app.local.store.clone(), app.local.queue.clone())
            .await
            .unwrap();
        local.stop().await;
    }
    let hooks = app.ms.entities("webhook");
    let keys: BTreeSet<(String, String, String)> = hooks
        .iter()
        .map(|w| {
            let s = |k: &str| w[k].as_str().unwrap_or_default().to_owned();
            (s("entityType"), s("action"), s("url"))
        })
        .collect();
    assert_eq!(
        hooks.len(),
        keys.len(),
        "one per (entity, action, url): {hooks:#?}"
    );
    let kinds: BTreeSet<(String, String)> = keys
        .iter()
        .map(|(e, a, _)| (e.clone(), a.clone()))
        .collect();
    let want = [
        ("counterparty", "UPDATE"),
        ("customerorder", "UPDATE"),
        ("demand", "CREATE"),
    ]
    .map(|(e, a)| (e.to_owned(), a.to_owned()));
    assert_eq!(kinds, BTreeSet::from(want));
    let updates = hooks.iter().filter(|w| w["action"] == "UPDATE");
    assert!(
        updates.clone().all(|w| w["diffType"] == "FIELDS"),
        "{hooks:#?}"
    );
}

/// Found by the chaos soak (issue 18): the start registered every tenant's
/// MoySklad webhooks before its workers ran, so a MoySklad that hangs (each
/// call held to its timeout, then retried) held back the whole queue, and a
/// process restarted every few seconds never drained. The workers now run
/// at once; the registration goes on beside them.
async fn a_hanging_moysklad_does_not_hold_back_the_workers(backend: Backend) {
    use crate::support::opencart::{ANNA, order_event};
    use synclane_emulators::moysklad::Faults;
    let app = MsApp::spawn(backend, |_| {}).await;
    app.ms.set_faults(Faults {
        rate_timeout: 1.0,
        hang: std::time::Duration::from_secs(300),
        ..Faults::default()
    });
    let config = LocalConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        workers: 1,
        schedules: false,
        tenants: vec![app.settings().await],
        ..LocalConfig::default()
    };
    let start = Local::start_with(&config, app.local.store.clone(), app.local.queue.clone());
    let _local = tokio::time::timeout(std::time::Duration::from_secs(10), start)
        .await
        .expect("the start does not wait for MoySklad")
        .unwrap();
    app.post_opencart(&order_event(7101, &ANNA, None, 1, "2026-12-01 10:00:00"))
        .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.crm.orders().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the shop's order waited for MoySklad"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

on_both_backends! {
    a_hanging_moysklad_does_not_hold_back_the_workers => ms_s5_a_hanging_moysklad_does_not_hold_back_the_workers_sqlite, ms_s5_a_hanging_moysklad_does_not_hold_back_the_workers_aws;
}

on_both_backends! {
    start_registers_webhooks_once => ms_b4_s5_webhooks_registered_on_settings_save_once_sqlite, ms_b4_s5_webhooks_registered_on_settings_save_once_aws;
}
