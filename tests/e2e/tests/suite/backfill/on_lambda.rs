//! On AWS the admin API runs in a Lambda that is frozen once it answers, so
//! a backfill started there is queued for the export function
//! (`backfill::queued`): the admin takes the run's lease and answers 202
//! with nothing read yet; the export worker runs the pass to its end under
//! that lease; the progress is then read back through the admin API. On
//! DynamoDB and SQS (moto).

use super::{Sizes, peer_writes, seed};
use crate::support::app::{CRM_KEY, SECRET, SITE, TENANT, tenant_settings};
use crate::support::aws_stack::AwsStack;
use crate::support::ms_app::drain_with;
use serde_json::Value;
use std::sync::Arc;
use synclane::admin::{self, AdminState, AdminToken};
use synclane::model::{EntityKind, System, TenantId};
use synclane::queue::Queue;
use synclane::settings::OpenCartSettings;
use synclane::store::{Day, LinkKey};
use synclane_emulators::{OpenCartEmulator, RetailCrmEmulator};

const SIZES: Sizes = Sizes {
    crm: 30,
    shop: 30,
    common: 20,
};

async fn call(method: reqwest::Method, url: &str, key: &str) -> (u16, Value) {
    let answer = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backfill_started_on_lambda_is_run_by_the_export_function() {
    let stack = AwsStack::create().await;
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    let shop = OpenCartEmulator::start(SECRET).await;
    let pairs = seed(&crm, &shop, SIZES);
    let mut settings = tenant_settings(&crm.base_url());
    settings.opencart = Some(OpenCartSettings {
        base_url: Some(shop.api_url()),
        ..settings.opencart.unwrap()
    });
    stack.store.tenants.put_tenant(&settings).await.unwrap();
    let key = crate::support::tenant_keys::on_store(&stack.store, TENANT).await;
    // The admin function's state: backfills go to the export queue.
    let state = AdminState::new(
        stack.store.clone(),
        AdminToken::from_token("lambda-admin-token-0123456789abcdef"),
        stack.exports(),
        stack.admin_sync(),
    )
    .with_backfills_queued(Arc::new(stack.export_queue.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, admin::router(state)).await.unwrap() });
    let url = format!("http://{addr}/admin/tenants/{TENANT}/backfill");

    let (status, started) = call(reqwest::Method::POST, &url, &key).await;
    assert_eq!(status, 202, "{started}");
    let (status, again) = call(reqwest::Method::POST, &url, &key).await;
    assert_eq!(status, 409, "the queued run holds the lease: {again}");
    assert_eq!(stack.export_queue.depth().await.unwrap(), 1, "queued once");
    assert_eq!(
        stack.queue.depth().await.unwrap(),
        0,
        "not on the work queue"
    );
    assert!(crm.requests().is_empty(), "the admin read nothing itself");

    // The export function.
    let worker = crate::support::worker_with(
        stack.store.clone(),
        Arc::new(stack.export_queue.clone()),
        None,
    );
    drain_with(&stack.export_queue, &worker).await;

    let (status, progress) = call(reqwest::Method::GET, &url, &key).await;
    assert_eq!(status, 200, "{progress}");
    assert_eq!(progress["progress"]["status"], "done", "{progress}");
    assert_eq!(progress["progress"]["linked"], SIZES.common, "{progress}");
    assert_eq!(peer_writes(&crm, &shop), 0, "no peer was written to");
    let tenant = TenantId::parse(TENANT).unwrap();
    for (crm_id, _) in pairs {
        let key = LinkKey::new(
            &tenant,
            EntityKind::Customer,
            System::RetailCrm,
            crm_id.to_string(),
        );
        assert!(stack.store.links.get_link(&key).await.unwrap().is_some());
    }
    // A backfill writes no peer: it is not a metered sync operation.
    let usage = stack
        .store
        .usage
        .usage(&tenant, Day::today().minus_days(1), Day::today())
        .await
        .unwrap();
    assert!(usage.is_empty(), "{usage:?}");
}
