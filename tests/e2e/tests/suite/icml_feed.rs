//! MS-B9 for the CRM: the `icml-refresh` job queues an export when the
//! catalogue is `icml.every_hours` old, and the catalogue is served at the
//! public URL `/catalogue/{tenant}/{feed_token}.xml` that goes into the
//! CRM's shop settings (no bearer token: the CRM cannot send one).

use crate::icml_export::{Api, assert_catalogue, local, seed_catalogue};
use crate::stock_sync::{Fixture, sqlite};
use crate::support::aws_stack::AwsStack;
use crate::support::ms_app::drain_with;
use std::sync::Arc;
use synclane::flows::icml::files::S3CatalogueFiles;
use synclane::flows::icml::refresh::IcmlRefresh;
use synclane::flows::schedule::{JobContext, ScheduledJob};
use synclane::hooks::catalogue::{self, FeedState};
use synclane::peers::http_client as peer_http_client;
use synclane::queue::Queue;
use synclane::secret::Secret;
use synclane::settings::{IcmlOptions, StockOptions};
use synclane::store::Store;

const FEED_TOKEN: &str = "feed-token-0123456789abcdef";

/// The fixture's tenant with a 4-hour refresh and a feed token, saved.
async fn with_feed(fx: &mut Fixture) {
    let sync = fx.tenant.moysklad.as_mut().unwrap().sync.as_mut().unwrap();
    sync.icml = IcmlOptions {
        every_hours: 4,
        feed_token: Secret::new(FEED_TOKEN),
    };
    fx.store.tenants.put_tenant(&fx.tenant).await.unwrap();
}

fn job_context(store: Store, queue: Arc<dyn Queue>) -> JobContext {
    JobContext {
        store,
        queue,
        peers: synclane::peers::Peers::local(peer_http_client()),
        registry: Arc::new(synclane::runtime::registry::registry(None)),
        deadline: tokio::time::Instant::now() + std::time::Duration::from_secs(60),
    }
}

async fn until_queue_empty(queue: &Arc<dyn Queue>) {
    for _ in 0..1200 {
        if queue.depth().await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the export's message was never settled");
}

async fn get(url: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn ms_b9_icml_refresh_publishes_the_catalogue_at_its_public_url() {
    let mut fx = Fixture::new(sqlite().await, &["main"], StockOptions::default()).await;
    seed_catalogue(&fx);
    with_feed(&mut fx).await;
    let dir = tempfile::tempdir().unwrap();
    let local = local(&fx, &dir, 1).await;
    let tenant = fx.tenant.id.clone();
    let feed_url = format!("http://{}/catalogue/{tenant}/{FEED_TOKEN}.xml", local.addr);
    assert_eq!(get(&feed_url).await.status(), 404, "nothing published yet");

    let ctx = job_context(local.store.clone(), local.queue.clone());
    let settings = local
        .store
        .tenants
        .get_tenant(&tenant)
        .await
        .unwrap()
        .unwrap();
    assert!(IcmlRefresh.applies_to(&ctx, &settings));
    IcmlRefresh.run(&ctx, &settings).await.unwrap();
    let api = Api::new(local.addr, tenant.as_str()).await;
    let ready = api.until_ready().await;

    let response = get(&feed_url).await;
    assert_eq!(response.status(), 200);
    assert_catalogue(&response.text().await.unwrap());

    // Fresh: the next runs within the 4 hours queue nothing. (The worker
    // records "ready" before it deletes the export's message: wait for that.)
    until_queue_empty(&local.queue).await;
    IcmlRefresh.run(&ctx, &settings).await.unwrap();
    assert_eq!(local.queue.depth().await.unwrap(), 0);
    assert_eq!(api.status().await.1["request_id"], ready["request_id"]);

    for wrong in [
        format!("http://{}/catalogue/{tenant}/{FEED_TOKEN}", local.addr),
        format!(
            "http://{}/catalogue/{tenant}/not-the-token-0123456.xml",
            local.addr
        ),
        format!("http://{}/catalogue/nobody/{FEED_TOKEN}.xml", local.addr),
        format!("http://{}/catalogue/{tenant}/.xml", local.addr),
    ] {
        assert_eq!(get(&wrong).await.status(), 404, "{wrong}");
    }
    local.stop().await;
}

#[tokio::test]
async fn ms_b9_icml_feed_without_a_token_is_never_served() {
    let fx = Fixture::new(sqlite().await, &["main"], StockOptions::default()).await;
    seed_catalogue(&fx);
    let dir = tempfile::tempdir().unwrap();
    let local = local(&fx, &dir, 1).await;
    let api = Api::new(local.addr, fx.tenant.id.as_str()).await;
    assert_eq!(api.post().await.0, 202);
    api.until_ready().await;
    let settings = local
        .store
        .tenants
        .get_tenant(&fx.tenant.id)
        .await
        .unwrap()
        .unwrap();
    let ctx = job_context(local.store.clone(), local.queue.clone());
    assert!(
        !IcmlRefresh.applies_to(&ctx, &settings),
        "every_hours 0: on request only"
    );
    // Published, but the tenant set no feed token: an empty token opens nothing.
    let url = format!("http://{}/catalogue/{}/.xml", local.addr, fx.tenant.id);
    assert_eq!(get(&url).await.status(), 404);
    local.stop().await;
}

#[tokio::test]
async fn ms_b9_icml_feed_on_aws_redirects_to_the_bucket() {
    let stack = AwsStack::create().await;
    let mut fx = Fixture::new(stack.store.clone(), &["main"], StockOptions::default()).await;
    seed_catalogue(&fx);
    with_feed(&mut fx).await;
    // The icml-refresh function: its queue is the export queue.
    let ctx = job_context(stack.store.clone(), Arc::new(stack.export_queue.clone()));
    IcmlRefresh.run(&ctx, &fx.tenant).await.unwrap();
    let files = Arc::new(S3CatalogueFiles::new(stack.s3.clone(), &stack.bucket));
    let worker = crate::support::worker_with(
        stack.store.clone(),
        Arc::new(stack.export_queue.clone()),
        Some(files.clone()),
    );
    drain_with(&stack.export_queue, &worker).await;

    let app = catalogue::router(FeedState {
        store: stack.store.clone(),
        files,
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let feed_url = format!("http://{addr}/catalogue/{}/{FEED_TOKEN}.xml", fx.tenant.id);
    let redirect = get(&feed_url).await;
    assert_eq!(redirect.status(), 307);
    let location = redirect.headers()["location"].to_str().unwrap().to_owned();
    let doc = reqwest::get(&location).await.unwrap().text().await.unwrap();
    assert_catalogue(&doc);
}
