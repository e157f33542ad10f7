//! A Synclane instance for one test: the real HTTP router and worker on a
//! fresh store and queue (embedded SQLite, or DynamoDB + SQS on moto), and a
//! RetailCRM emulator for the tenant's CRM.

use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use synclane::model::TenantId;
use synclane::queue::{Queue, SqliteQueue};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::runtime::worker_loop::{self, LoopSettings};
use synclane::secret::Secret;
use synclane::settings::{OpenCartSettings, RetailCrmSettings, TenantSettings};
use synclane::sqlite::Db;
use synclane::store::{SqliteStore, Store};
use synclane::worker::Worker;
use synclane_emulators::retailcrm::RetailCrmEmulator;

pub const TENANT: &str = "acme";
pub const SECRET: &str = "whsec-test-acme";
pub const CRM_KEY: &str = "crm-key-acme";
pub const SITE: &str = "opencart-shop";

/// Which store and queue the instance runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Aws,
}

pub struct TestApp {
    pub local: Local,
    pub crm: RetailCrmEmulator,
    pub worker: Worker,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub fn tenant_id() -> TenantId {
    TenantId::parse(TENANT).unwrap()
}

pub fn tenant_settings(crm_url: &str) -> TenantSettings {
    TenantSettings {
        retailcrm: Some(RetailCrmSettings {
            base_url: crm_url.to_owned(),
            api_key: Secret::new(CRM_KEY),
            site: SITE.into(),
            corporate_customers: true,
            requests_per_second: 10,
        }),
        opencart: Some(OpenCartSettings {
            base_url: None,
            status_map: [
                ("1".to_string(), "new".to_string()),
                ("5".to_string(), "complete".to_string()),
            ]
            .into(),
        }),
        ..TenantSettings::new(tenant_id(), Secret::new(SECRET))
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_configured(backend, |_| {}).await
    }

    /// As `spawn`, with the process's configuration adjusted (e.g. an
    /// admin token to serve the admin API too).
    pub async fn spawn_configured(
        backend: Backend,
        adjust: impl FnOnce(&mut LocalConfig),
    ) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let (store, queue): (Store, Arc<dyn Queue>) = match backend {
            Backend::Sqlite => {
                let db = Db::open(dir.path().join("synclane.db")).unwrap();
                (
                    Store::from_backend(SqliteStore::new(db.clone())),
                    Arc::new(SqliteQueue::new(db, 5)),
                )
            }
            Backend::Aws => super::aws::fresh_store_and_queue(5).await,
        };
        let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
        let mut config = LocalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            workers: 0,
            tenants: vec![tenant_settings(&crm.base_url())],
            ..LocalConfig::default()
        };
        adjust(&mut config);
        let local = Local::start_with(&config, store.clone(), queue)
            .await
            .unwrap();
        let worker = local.worker.clone();
        TestApp {
            local,
            crm,
            worker,
            http: reqwest::Client::new(),
            _dir: dir,
        }
    }

    pub fn hook_url(&self, tenant: &str) -> String {
        format!("http://{}/hooks/{tenant}/opencart", self.local.addr)
    }

    /// Posts an OpenCart webhook signed with the tenant's secret.
    pub async fn post_opencart(&self, body: &Value) -> reqwest::Response {
        let raw = serde_json::to_vec(body).unwrap();
        self.post_raw(TENANT, &raw, Some(&sign(SECRET, &raw))).await
    }

    pub async fn post_raw(
        &self,
        tenant: &str,
        raw: &[u8],
        signature: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .http
            .post(self.hook_url(tenant))
            .header("content-type", "application/json")
            .body(raw.to_vec());
        if let Some(signature) = signature {
            request = request.header("x-synclane-signature", signature);
        }
        request.send().await.unwrap()
    }

    /// Runs the worker until the queue is empty (retries included).
    pub async fn drain(&self) {
        let settings = LoopSettings {
            batch: 1,
            visibility: Duration::from_secs(30),
            wait: Duration::from_millis(100),
        };
        for _ in 0..400 {
            let handled = worker_loop::run_once(self.local.queue.as_ref(), &self.worker, settings)
                .await
                .unwrap();
            if handled == 0 && self.local.queue.depth().await.unwrap() == 0 {
                return;
            }
        }
        panic!("the queue did not drain");
    }

    pub fn store(&self) -> &Store {
        self.local.store.as_ref()
    }
}

pub fn sign(secret: &str, raw: &[u8]) -> String {
    synclane::hooks::signature::sign(&Secret::new(secret), raw)
}
