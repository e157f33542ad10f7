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

on_both_backends! {
    start_registers_webhooks_once => ms_b4_s5_webhooks_registered_on_settings_save_once_sqlite, ms_b4_s5_webhooks_registered_on_settings_save_once_aws;
}
