//! MS-B9 on demand: the admin API queues an ICML export, a worker generates
//! the catalogue from MoySklad, validates it and publishes it; the admin API
//! then hands it out. Locally (SQLite, a directory, the file streamed) and on
//! the AWS adapters (DynamoDB + the export queue + S3 on moto, a presigned URL).

use crate::stock_sync::{Fixture, sqlite};
use crate::support::aws_stack::AwsStack;
use crate::support::ms_app::drain_with;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use synclane::admin::{self, AdminState, AdminToken};
use synclane::flows::icml::files::{LocalCatalogueFiles, S3CatalogueFiles};
use synclane::flows::icml::validate;
use synclane::queue::Queue;
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::secret::Secret;
use synclane::settings::StockOptions;

pub(crate) const TOKEN: &str = "icml-admin-token-0123456789abcdef";

/// Two folders, a plain product, a product with one modification and an
/// archived product: two offers, one of them a modification.
pub(crate) fn seed_catalogue(fx: &Fixture) {
    let base = fx.ms.base_url();
    let folder = |name: &str| fx.ms.seed("productfolder", json!({"name": name}));
    let shoes = folder("Shoes");
    let folder_ref = json!({"meta": {"href": format!("{base}/entity/productfolder/{shoes}"), "type": "productfolder"}});
    fx.ms.seed("product", json!({"name": "Laces", "externalCode": "laces-ext",
        "productFolder": folder_ref, "salePrices": [{"value": 19900.0}], "buyPrice": {"value": 5050.0}}));
    let boot = fx.ms.seed_product("Boot", "boot-ext", 200000);
    fx.ms.seed_variant(&boot, "Boot 42", "b42-ext", 210000);
    let old = fx.ms.seed_product("Old", "old-ext", 1);
    fx.ms.set_archived("product", &old, true);
}

pub(crate) struct Api {
    pub base: String,
    pub http: reqwest::Client,
    /// The tenant's API key (issued with the operator `TOKEN`).
    pub key: String,
}

impl Api {
    pub async fn new(addr: std::net::SocketAddr, tenant: &str) -> Api {
        Api::at(&format!("http://{addr}/admin/tenants/{tenant}/icml")).await
    }

    /// The export routes of one tenant at `base` (`…/admin/tenants/<id>/icml`),
    /// with a key of that tenant.
    pub async fn at(base: &str) -> Api {
        // Redirects are checked by hand: the presigned URL must work without our key.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let (origin, rest) = base.split_once("/admin/tenants/").unwrap();
        let tenant = rest.split('/').next().unwrap();
        let key = crate::support::tenant_keys::over_http(&http, origin, TOKEN, tenant).await;
        Api {
            base: base.to_owned(),
            http,
            key,
        }
    }

    pub async fn post(&self) -> (u16, Value) {
        let response = self
            .http
            .post(&self.base)
            .bearer_auth(&self.key)
            .send()
            .await;
        answer(response.unwrap()).await
    }

    pub async fn status(&self) -> (u16, Value) {
        let response = self
            .http
            .get(&self.base)
            .bearer_auth(&self.key)
            .send()
            .await;
        answer(response.unwrap()).await
    }

    pub async fn catalogue(&self) -> reqwest::Response {
        let url = format!("{}/catalogue.xml", self.base);
        self.http
            .get(url)
            .bearer_auth(&self.key)
            .send()
            .await
            .unwrap()
    }

    /// Polls the status until the export is `ready` (or failed: the test fails).
    /// Waits for the export (a minute: a loaded CI machine is slow).
    pub async fn until_ready(&self) -> Value {
        for _ in 0..1200 {
            let (code, status) = self.status().await;
            assert_eq!(code, 200, "{status}");
            match status["state"].as_str() {
                Some("ready") => return status,
                Some("failed") => panic!("the export failed: {status}"),
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        panic!("the export did not finish: {:?}", self.status().await);
    }
}

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let code = response.status().as_u16();
    (code, response.json().await.unwrap_or(Value::Null))
}

/// The catalogue's structure and the xmlIds the stock pull will match.
pub(crate) fn assert_catalogue(doc: &str) {
    let summary = validate(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{doc}"));
    assert_eq!((summary.offers, summary.variant_offers), (2, 1), "{doc}");
    assert!(doc.contains("<xmlId>laces-ext</xmlId>"), "{doc}");
    assert!(doc.contains("<xmlId>boot-ext#b42-ext</xmlId>"), "{doc}");
    assert!(!doc.contains("old-ext"), "archived goods stay out");
}

/// The local process with its admin API; `workers` 0 leaves the queue to the test.
pub(crate) async fn local(fx: &Fixture, dir: &tempfile::TempDir, workers: usize) -> Local {
    local_with(
        fx,
        dir,
        workers,
        LocalConfig::default().visibility_timeout_secs,
    )
    .await
}

async fn local_with(
    fx: &Fixture,
    dir: &tempfile::TempDir,
    workers: usize,
    visibility_timeout_secs: u64,
) -> Local {
    let mut tenant = fx.tenant.clone();
    if let Some(ms) = tenant.moysklad.as_mut() {
        ms.webhook_token = Secret::new("webhook-token-0123456789");
    }
    let config = LocalConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: dir.path().join("synclane.db"),
        workers,
        visibility_timeout_secs,
        schedules: false,
        admin_token_sha256: Some(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(TOKEN))),
        tenants: vec![tenant],
        ..LocalConfig::default()
    };
    Local::start(&config).await.unwrap()
}

#[tokio::test]
async fn ms_b9_icml_on_demand_from_the_local_admin_api() {
    let fx = Fixture::new(sqlite().await, &["main"], StockOptions::default()).await;
    seed_catalogue(&fx);
    let dir = tempfile::tempdir().unwrap();
    let local = local(&fx, &dir, 1).await;
    let api = Api::new(local.addr, fx.tenant.id.as_str()).await;

    assert_eq!(api.catalogue().await.status(), 404, "nothing exported yet");
    let unauthorised = api.http.post(&api.base).send().await.unwrap();
    assert_eq!(unauthorised.status(), 401);

    let (code, queued) = api.post().await;
    assert_eq!(code, 202, "{queued}");
    assert!(matches!(
        queued["state"].as_str(),
        Some("queued" | "running" | "ready")
    ));
    let ready = api.until_ready().await;
    assert_eq!(ready["request_id"], queued["request_id"], "{ready}");
    assert_eq!(ready["published"]["offers"], 2, "{ready}");

    let response = api.catalogue().await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/xml; charset=utf-8"
    );
    let doc = response.text().await.unwrap();
    assert_eq!(ready["published"]["bytes"], doc.len() as u64);
    assert_catalogue(&doc);
    assert!(
        dir.path()
            .join("icml")
            .join(format!("{}.xml", fx.tenant.id))
            .exists(),
        "published beside the database"
    );
    local.stop().await;
}

#[tokio::test]
async fn icml_export_refuses_what_it_cannot_do_and_queues_nothing() {
    let mut fx = Fixture::new(sqlite().await, &["main"], StockOptions::default()).await;
    fx.tenant.moysklad = None;
    let dir = tempfile::tempdir().unwrap();
    let local = local(&fx, &dir, 0).await;
    let api = Api::new(local.addr, fx.tenant.id.as_str()).await;
    let (code, body) = api.post().await;
    assert_eq!(code, 400, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("no MoySklad account"),
        "{body}"
    );
    assert_eq!(local.queue.depth().await.unwrap(), 0, "nothing queued");
    assert_eq!(api.status().await.0, 404, "no export was requested");

    let unknown = Api::new(local.addr, "nobody").await;
    assert_eq!(unknown.post().await.0, 404);
    assert_eq!(unknown.catalogue().await.status(), 404);
    assert_eq!(local.queue.depth().await.unwrap(), 0);
    local.stop().await;
}

#[tokio::test]
async fn ms_b9_icml_requests_in_a_burst_generate_once() {
    let fx = Fixture::new(sqlite().await, &["main"], StockOptions::default()).await;
    seed_catalogue(&fx);
    let dir = tempfile::tempdir().unwrap();
    let local = local(&fx, &dir, 0).await;
    let api = Api::new(local.addr, fx.tenant.id.as_str()).await;
    let worker = crate::support::worker_with(
        local.store.clone(),
        local.queue.clone(),
        Some(Arc::new(LocalCatalogueFiles::new(dir.path().join("icml")))),
    );

    // One request alone: what one generation costs in MoySklad calls.
    assert_eq!(api.post().await.0, 202);
    let before = fx.ms.counters().requests;
    drain_with(local.queue.as_ref(), &worker).await;
    let one = fx.ms.counters().requests - before;
    assert!(one > 0);
    let first = api.until_ready().await;

    // Three at once: the older two give way to the newest.
    for _ in 0..3 {
        assert_eq!(api.post().await.0, 202);
    }
    let (_, queued) = api.status().await;
    assert_eq!(queued["state"], "queued");
    assert_eq!(
        queued["published"], first["published"],
        "the previous catalogue stays downloadable meanwhile"
    );
    let before = fx.ms.counters().requests;
    drain_with(local.queue.as_ref(), &worker).await;
    assert_eq!(fx.ms.counters().requests - before, one, "generated once");
    let last = api.until_ready().await;
    assert_eq!(last["request_id"], queued["request_id"]);
    assert_catalogue(&api.catalogue().await.text().await.unwrap());
    local.stop().await;
}

/// An export of 60k goods (62 requests) waits for MoySklad's rate limit
/// (45 requests a window), so it outlasts a 2 s visibility timeout: the
/// worker keeps its message hidden while it runs, so the second worker never
/// starts the same export.
#[tokio::test(flavor = "multi_thread")]
async fn ms_b9_a_long_icml_export_is_not_run_twice() {
    let fx = Fixture::new(sqlite().await, &["main"], StockOptions::default()).await;
    let goods = 60_000;
    fx.ms
        .seed_generated_catalogue(goods, &[fx.stores[0].1.clone()], 3);
    let dir = tempfile::tempdir().unwrap();
    let local = local_with(&fx, &dir, 2, 2).await;
    let api = Api::new(local.addr, fx.tenant.id.as_str()).await;
    let before = fx.ms.counters().requests;
    assert_eq!(api.post().await.0, 202);
    let mut ready = None;
    for _ in 0..1200 {
        let (_, status) = api.status().await;
        if status["state"] == "ready" {
            ready = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ready = ready.expect("the export finished within 60 s");
    assert_eq!(ready["published"]["offers"], goods);
    // Folders, one page per 1000 products, variants: one export's worth.
    let one_export = u64::from(goods / 1000) + 2;
    assert_eq!(fx.ms.counters().requests - before, one_export);
    local.stop().await;
}

#[tokio::test]
async fn ms_b9_icml_on_demand_on_aws_via_s3_presigned_url() {
    let stack = AwsStack::create().await;
    let fx = Fixture::new(stack.store.clone(), &["main"], StockOptions::default()).await;
    seed_catalogue(&fx);
    let app = admin::router(AdminState::new(
        stack.store.clone(),
        AdminToken::from_token(TOKEN),
        stack.exports(),
        stack.admin_sync(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let api = Api::new(addr, fx.tenant.id.as_str()).await;

    let (code, queued) = api.post().await;
    assert_eq!(code, 202, "{queued}");
    assert_eq!(
        stack.export_queue.depth().await.unwrap(),
        1,
        "on the export queue"
    );
    assert_eq!(
        stack.queue.depth().await.unwrap(),
        0,
        "not on the work queue"
    );

    // The icml-export function: the worker with the bucket.
    let files = S3CatalogueFiles::new(stack.s3.clone(), &stack.bucket);
    let worker = crate::support::worker_with(
        stack.store.clone(),
        Arc::new(stack.export_queue.clone()),
        Some(Arc::new(files)),
    );
    drain_with(&stack.export_queue, &worker).await;
    let ready = api.until_ready().await;
    assert_eq!(ready["published"]["offers"], 2, "{ready}");

    let redirect = api.catalogue().await;
    assert_eq!(redirect.status(), 307);
    let url = redirect.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=900"),
        "{url}"
    );
    let object = reqwest::get(&url).await.unwrap();
    assert_eq!(object.status(), 200);
    assert_eq!(
        object.headers()["content-type"],
        "application/xml; charset=utf-8"
    );
    let doc = object.text().await.unwrap();
    assert_eq!(ready["published"]["bytes"], doc.len() as u64);
    assert_catalogue(&doc);
}
