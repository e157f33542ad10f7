//! A Synclane instance wired to a RetailCRM and a MoySklad emulator for the
//! CRM ⇄ MoySklad flows: the real router (MoySklad hook), the history poll
//! job, and the worker, on either backend.

use super::app::Backend;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use synclane::budget::{LocalRateBudget, RateLimits};
use synclane::connectors::RetryPolicy;
use synclane::connectors::moysklad::MoySklad;
use synclane::connectors::retailcrm::RetailCrm;
use synclane::flows::schedule::{JobContext, run_for_all_tenants};
use synclane::jobs::{crm_history::CrmHistoryPoll, moysklad_webhooks};
use synclane::model::{Customer, Person, TenantId};
use synclane::peers::Peers;
use synclane::peers::http_client as peer_http_client;
use synclane::queue::{Queue, SqliteQueue};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::runtime::worker_loop::{self, LoopSettings};
use synclane::secret::Secret;
use synclane::settings::{MoySkladSettings, MoySkladSync, RetailCrmSettings, TenantSettings};
use synclane::sqlite::Db;
use synclane::store::{SqliteStore, Store};
use synclane::worker::Worker;
use synclane_emulators::moysklad::MoySkladEmulator;
use synclane_emulators::retailcrm::RetailCrmEmulator;

pub const CRM_KEY: &str = "crm-key-ms";
pub const MS_TOKEN: &str = "ms-token";
pub const HOOK_TOKEN: &str = "hook-token-0123456789abcdef";
pub const SITE: &str = "shop";
/// The tenant's shared secret with its OpenCart shop.
pub const OC_SECRET: &str = "oc-secret-ms-0123456789";

/// MoySklad reference data the mappings point at.
pub struct Seeded {
    pub org: String,
    pub store: String,
    pub st_new: String,
    pub st_done: String,
    pub phone_id: String,
    pub case_id: String,
}

pub struct MsApp {
    pub local: Local,
    pub crm: RetailCrmEmulator,
    pub ms: MoySkladEmulator,
    pub worker: Worker,
    pub seeded: Seeded,
    pub tenant: TenantId,
    _dir: tempfile::TempDir,
}

impl MsApp {
    /// `adjust` changes the sync options before they are saved.
    pub async fn spawn(backend: Backend, adjust: impl FnOnce(&mut MoySkladSync)) -> MsApp {
        let dir = tempfile::tempdir().unwrap();
        let (store, queue): (Store, Arc<dyn Queue>) = match backend {
            Backend::Sqlite => {
                let db = Db::open(dir.path().join("synclane.db")).unwrap();
                (
                    Store::from_backend(SqliteStore::new(db.clone())),
                    Arc::new(SqliteQueue::new(db, 8)),
                )
            }
            Backend::Aws => super::aws::fresh_store_and_queue(8).await,
        };
        let tenant = super::tenant();
        let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
        let ms = MoySkladEmulator::start(MS_TOKEN).await;
        let seeded = Seeded {
            org: ms.seed_organization("OOO Shop"),
            store: ms.seed_store("Main"),
            st_new: ms.seed_state("customerorder", "New"),
            st_done: ms.seed_state("customerorder", "Done"),
            phone_id: ms.seed_product("Phone", "ext-1", 5000),
            case_id: ms.seed_product("Case", "ext-2", 300),
        };
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let mut sync = MoySkladSync {
            shops: map(&[(SITE, &seeded.org)]),
            stores: map(&[("main", &seeded.store)]),
            statuses: map(&[("new", &seeded.st_new), ("complete", &seeded.st_done)]),
            push_customer_changes: true,
            accept_order_changes: true,
            receive_counterparty_address: true,
            receive_counterparty_name: true,
            ..MoySkladSync::default()
        };
        adjust(&mut sync);
        let config = LocalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            workers: 0,
            schedules: false,
            tenants: vec![],
            // The admin API is mounted (tenant routes take `tenant_keys`).
            admin_token_sha256: Some(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
                "ms-admin-token-0123456789abcdef",
            ))),
            ..LocalConfig::default()
        };
        // Short retry pauses keep the fault tests quick.
        let fast = RetryPolicy {
            attempts: 6,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(2),
        };
        let peers = Peers::local(peer_http_client()).with_retry(fast);
        let local = Local::start_with_peers(&config, store.clone(), queue, peers)
            .await
            .unwrap();
        let settings = TenantSettings {
            retailcrm: Some(RetailCrmSettings {
                base_url: crm.base_url(),
                api_key: Secret::new(CRM_KEY),
                site: SITE.into(),
                corporate_customers: true,
                requests_per_second: 10,
            }),
            moysklad: Some(MoySkladSettings {
                base_url: ms.base_url(),
                token: Secret::new(MS_TOKEN),
                disable_webhook_prefixes: vec![],
                request_weight: 1,
                webhook_token: Secret::new(HOOK_TOKEN),
                public_base_url: Some(format!("http://{}", local.addr)),
                sync: Some(sync),
            }),
            ..TenantSettings::new(tenant.clone(), Secret::new(OC_SECRET))
        };
        settings.validate().unwrap();
        store.tenants.put_tenant(&settings).await.unwrap();
        let worker = local.worker.clone();
        MsApp {
            local,
            crm,
            ms,
            worker,
            seeded,
            tenant,
            _dir: dir,
        }
    }

    pub fn store(&self) -> &Store {
        self.local.store.as_ref()
    }

    pub async fn settings(&self) -> TenantSettings {
        self.store()
            .tenants
            .get_tenant(&self.tenant)
            .await
            .unwrap()
            .unwrap()
    }

    pub fn crm_client(&self) -> RetailCrm {
        RetailCrm::new(
            reqwest::Client::new(),
            RetailCrmSettings {
                base_url: self.crm.base_url(),
                api_key: Secret::new(CRM_KEY),
                site: SITE.into(),
                corporate_customers: true,
                requests_per_second: 10,
            },
        )
    }

    /// Someone else's MoySklad client (a user in MoySklad): its writes fire webhooks.
    pub fn ms_user(&self) -> MoySklad {
        let settings = MoySkladSettings {
            base_url: self.ms.base_url(),
            token: Secret::new(MS_TOKEN),
            disable_webhook_prefixes: vec![],
            request_weight: 1,
            webhook_token: Secret::default(),
            public_base_url: None,
            sync: None,
        };
        MoySklad::new(
            reqwest::Client::new(),
            settings,
            Arc::new(LocalRateBudget::new(RateLimits::MOYSKLAD)),
        )
    }

    /// A CRM customer created through the API (its history entry is our echo).
    pub async fn customer(&self, first: &str, last: &str, email: &str, phone: &str) -> i64 {
        let person = Person {
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            email: Some(email.into()),
            phone: Some(phone.into()),
            ..Person::default()
        };
        self.crm_client()
            .customer_create(
                None,
                &Customer {
                    person,
                    address: None,
                },
            )
            .await
            .unwrap()
    }

    /// A manager creates an order in the CRM's UI.
    pub fn user_order(&self, number: &str, customer_id: i64, status: &str, store: &str) -> i64 {
        self.crm.user_create_order(json!({
            "site": SITE, "number": number, "status": status, "shipmentStore": store,
            "customer": {"id": customer_id},
            "items": [
                {"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100.5, "quantity": 2},
                {"offer": {"xmlId": "ext-2"}, "productName": "Case", "initialPrice": 9, "quantity": 1}
            ]
        }))
    }

    /// Posts a signed OpenCart event to the hook, as the extension does.
    pub async fn post_opencart(&self, body: &Value) {
        let raw = serde_json::to_vec(body).unwrap();
        let signature = super::app::sign(OC_SECRET, &raw);
        let response = reqwest::Client::new()
            .post(format!(
                "http://{}/hooks/{}/opencart",
                self.local.addr, self.tenant
            ))
            .header("x-synclane-signature", signature)
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
    }

    /// One run of the history poll job.
    pub async fn poll(&self) {
        let ctx = JobContext {
            store: self.local.store.clone(),
            queue: self.local.queue.clone(),
            peers: self.local.peers.clone(),
            registry: self.local.registry.clone(),
            deadline: tokio::time::Instant::now() + Duration::from_secs(30),
        };
        let report = run_for_all_tenants(&CrmHistoryPoll, &ctx).await.unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
    }

    pub async fn register_webhooks(&self) -> usize {
        let settings = self.settings().await;
        let ms = self
            .local
            .peers
            .moysklad(&self.tenant, settings.moysklad.as_ref().unwrap());
        moysklad_webhooks::register(&ms, &settings).await.unwrap()
    }

    /// Runs one worker until the queue is empty.
    pub async fn drain(&self) {
        drain_with(self.local.queue.as_ref(), &self.worker).await
    }

    pub async fn depth(&self) -> u64 {
        self.local.queue.depth().await.unwrap()
    }

    pub fn ms_orders(&self) -> Vec<Value> {
        self.ms.entities("customerorder")
    }

    pub fn counterparties(&self) -> Vec<Value> {
        self.ms.entities("counterparty")
    }

    pub fn crm_order(&self, id: i64) -> Value {
        self.crm
            .orders()
            .into_iter()
            .find(|o| o["id"] == id)
            .expect("CRM order")
    }
}

pub async fn drain_with(queue: &dyn Queue, worker: &Worker) {
    let settings = LoopSettings {
        batch: 1,
        visibility: Duration::from_secs(30),
        wait: Duration::from_millis(50),
    };
    for _ in 0..2000 {
        let handled = worker_loop::run_once(queue, worker, settings)
            .await
            .unwrap();
        if handled == 0 && queue.depth().await.unwrap() == 0 {
            return;
        }
    }
    panic!("the queue did not drain");
}
