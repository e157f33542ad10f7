//! The order and MoySklad passes record their failure as the customer pass
//! does, on each store backend: a peer refusing the key (the CRM's 403 on
//! the order list, MoySklad's 401 for a bad token) leaves the run `failed`
//! with the error, shown by the admin API; the next start resumes it and
//! ends `done`.

use super::corporate::{call as ms_call, run_moysklad};
use super::orders::{call, crm_order, shop_order};
use crate::support::app::Backend;
use crate::support::ms_app::MsApp;
use crate::support::oc_app::OcApp;
use crate::support::on_both_backends;
use crate::support::tenant_keys;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use synclane::backfill::{self, Status};
use synclane::peers::{Peers, http_client};
use synclane::secret::Secret;

/// Polls the order pass until its status is `want`.
async fn order_status(app: &OcApp, want: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, answer) = call(app, "GET", "").await;
        if status == 200 && answer["progress"]["status"] == want {
            tokio::time::sleep(Duration::from_millis(200)).await;
            return answer;
        }
        assert!(Instant::now() < deadline, "{answer}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn order_pass_failure_recorded(backend: Backend) {
    let app = OcApp::spawn(backend).await;
    shop_order(&app, 1);
    crm_order(&app, Some("1".into()));
    app.crm.fail_path_next("/orders", 1, 403);
    let (status, answer) = call(&app, "POST", "").await;
    assert_eq!(status, 202, "{answer}");
    let failed = order_status(&app, "failed").await;
    let error = failed["progress"]["error"].as_str().unwrap_or_default();
    assert!(!error.is_empty(), "{failed}");

    let (status, answer) = call(&app, "POST", "").await;
    assert_eq!((status, answer["resumed"].as_bool()), (202, Some(true)));
    let done = order_status(&app, "done").await;
    assert_eq!(done["progress"]["linked"], 1, "{done}");
    assert!(done["progress"].get("error").is_none(), "{done}");
}

async fn moysklad_pass_failure_recorded(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let key = tenant_keys::on_store(app.store(), app.tenant.as_str()).await;
    let crm = app.crm.seed_customer(json!({"email": "anna@example.com"}));
    app.ms.seed(
        "counterparty",
        json!({"name": "Anna", "email": "anna@example.com"}),
    );
    let mut settings = app.settings().await;
    settings.moysklad.as_mut().unwrap().token = Secret::new("not-the-token");
    let peers = Peers::local(http_client());
    let job = backfill::moysklad_job(app.store(), &peers, &settings).unwrap();
    let error = job.run(&|_| {}).await.unwrap_err();
    let stored = backfill::load_moysklad(app.store(), &app.tenant)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, Status::Failed);
    assert_eq!(stored.error, Some(error.to_string()));
    let (status, shown) = ms_call(&app, &key, "GET", "/moysklad").await;
    assert_eq!(
        (status, shown["progress"]["status"].as_str()),
        (200, Some("failed")),
        "{shown}"
    );

    // With the right token the next start resumes the run and finishes it.
    let done = run_moysklad(&app, &key).await;
    assert_eq!(done["progress"]["run"].as_str(), Some(stored.run.as_str()));
    assert_eq!(done["progress"]["linked"], 1, "{done}");
    let link = app
        .store()
        .links
        .get_link(&synclane::store::LinkKey::new(
            &app.tenant,
            synclane::model::EntityKind::Customer,
            synclane::model::System::RetailCrm,
            crm.to_string(),
        ))
        .await
        .unwrap();
    assert!(link.is_some());
}

on_both_backends! {
    order_pass_failure_recorded => backfill_order_pass_failure_recorded_sqlite, backfill_order_pass_failure_recorded_aws;
    moysklad_pass_failure_recorded => backfill_moysklad_pass_failure_recorded_sqlite, backfill_moysklad_pass_failure_recorded_aws;
}
