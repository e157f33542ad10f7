//! Fan-out (issue 11): one CRM order edit consumed by two flows,
//! `crm_moysklad` and `crm_opencart`, one of whose peers is down. The other
//! applies at once; the failing one retries and applies when its peer is
//! back; nothing is applied twice. Both backends.

use crate::support::app::Backend;
use crate::support::ms_app::MsApp;
use serde_json::{Value, json};
use std::time::Duration;
use synclane::flows::links;
use synclane::model::{EntityKind, System};
use synclane::runtime::worker_loop::{LoopSettings, run_once};
use synclane::settings::OpenCartSettings;
use synclane::store::LinkKey;
use synclane_emulators::OpenCartEmulator;

/// MoySklad's writes so far (every create and update).
fn ms_writes(app: &MsApp) -> Vec<String> {
    app.ms
        .request_log()
        .into_iter()
        .filter(|l| l.starts_with("POST") || l.starts_with("PUT"))
        .collect()
}

/// Whether MoySklad's order now belongs to the counterparty with `email`.
fn ms_agent_is(app: &MsApp, email: &str) -> bool {
    let Some(agent) = app
        .counterparties()
        .into_iter()
        .find(|c| c["email"] == email)
    else {
        return false;
    };
    let id = agent["id"].as_str().unwrap_or_default().to_owned();
    app.ms_orders()
        .first()
        .and_then(|o| {
            o["agent"]["meta"]["href"]
                .as_str()
                .map(|h| h.ends_with(&id))
        })
        .unwrap_or(false)
}

async fn one_flow_down_the_other_applies(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let mut settings = app.settings().await;
    let shop = OpenCartEmulator::start(settings.webhook_secret.expose()).await;
    settings.opencart = Some(OpenCartSettings {
        base_url: Some(shop.base_url()),
        status_map: Default::default(),
    });
    settings.validate().unwrap();
    app.store().tenants.put_tenant(&settings).await.unwrap();
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let crm_order = app.user_order("300A", anna, "new", "main");
    shop.seed_order(
        3001,
        json!({"firstname": "Anna", "lastname": "Petrova", "email": "anna@example.com",
            "telephone": "+79031234567", "shipping_firstname": "Anna", "shipping_lastname": "Petrova"}),
        json!([{}]),
    );
    // The shop's order and the CRM's are one (as the forward flow links them).
    let key = LinkKey::new(&app.tenant, EntityKind::Order, System::OpenCart, "3001");
    let crm_id = crm_order.to_string();
    links::upsert(
        app.store().links.as_ref(),
        &key,
        System::RetailCrm,
        &crm_id,
        |_| {},
    )
    .await
    .unwrap();
    app.poll().await;
    app.drain().await;
    assert!(
        ms_agent_is(&app, "anna@example.com"),
        "exported to MoySklad"
    );

    let vera = app
        .customer("Vera", "Smirnova", "vera@example.com", "+79250001122")
        .await;
    shop.fail_next(u32::MAX, 503);
    app.crm.user_edit_order(
        crm_order,
        json!({"customer": {"id": vera}, "firstName": "Vera", "lastName": "Smirnova",
            "email": "vera@example.com", "phone": "+79250001122"}),
    );
    app.poll().await;
    let settings = LoopSettings {
        batch: 1,
        visibility: Duration::from_secs(30),
        wait: Duration::from_millis(50),
    };
    for _ in 0..20 {
        if ms_agent_is(&app, "vera@example.com") {
            break;
        }
        run_once(app.local.queue.as_ref(), &app.worker, settings)
            .await
            .unwrap();
    }
    assert!(
        ms_agent_is(&app, "vera@example.com"),
        "MoySklad applied at once"
    );
    let order = |shop: &OpenCartEmulator| -> Value { shop.order(3001).unwrap()["order"].clone() };
    assert_eq!(order(&shop)["firstname"], "Anna", "OpenCart is down");
    assert!(shop.calls("order.get") > 0, "crm_opencart tried");
    assert_eq!(shop.succeeded("order.get"), 0);
    assert!(app.depth().await > 0, "crm_opencart waits for a retry");
    let journal = synclane::flows::journal::recent(app.store(), &app.tenant)
        .await
        .unwrap();
    assert!(
        journal.iter().any(|e| e.message.contains("retrying")),
        "{journal:?}"
    );

    let ms_before = ms_writes(&app);
    shop.clear_faults();
    app.drain().await;
    let now = order(&shop);
    assert_eq!(
        (&now["firstname"], &now["email"]),
        (&json!("Vera"), &json!("vera@example.com"))
    );
    assert_eq!(shop.succeeded("order.update"), 1, "OpenCart applied once");
    assert_eq!(ms_writes(&app), ms_before, "MoySklad applied nothing twice");
    app.poll().await;
    app.drain().await;
    assert_eq!(shop.succeeded("order.update"), 1);
    assert_eq!(app.ms_orders().len(), 1);
    assert_eq!(app.counterparties().len(), 2, "Anna and Vera, once each");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fan_out_one_flow_down_the_other_applies_sqlite() {
    one_flow_down_the_other_applies(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fan_out_one_flow_down_the_other_applies_aws() {
    one_flow_down_the_other_applies(Backend::Aws).await
}
