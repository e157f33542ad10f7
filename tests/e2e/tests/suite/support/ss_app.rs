//! A Synclane instance wired to a Shop-Script and a Webasyst CRM emulator
//! for the SS flow: the real router (the Shop-Script hook, the admin API)
//! and worker on either backend, the two catch-up polls run on demand, a
//! funnel "Sales" (New → Processing → Paid → Sent → Done) mapped to the
//! default workflow's actions, and the shop's notification rule pointing
//! at the hook with the secret header.

use super::app::Backend;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use synclane::connectors::RetryPolicy;
use synclane::flows::schedule::{JobContext, ScheduledJob};
use synclane::jobs::shopscript_orders::ShopScriptOrderPoll;
use synclane::jobs::webasyst_deals::WebasystDealPoll;
use synclane::model::TenantId;
use synclane::peers::{Peers, http_client};
use synclane::queue::{Queue, SqliteQueue};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::runtime::worker_loop::{self, LoopSettings};
use synclane::secret::Secret;
use synclane::settings::{AutomaticDeals, ShopScriptSettings, TenantSettings};
use synclane::sqlite::Db;
use synclane::store::{JournalEntry, SqliteStore, Store};
use synclane_emulators::webasyst::{NewOrder, ShopScriptEmulator, WebasystCrmEmulator};

pub const SHOP_TOKEN: &str = "ss-shop-token-0123456789";
pub const CRM_TOKEN: &str = "ss-crm-token-0123456789";
pub const NOTIFY_SECRET: &str = "ss-notify-secret-0123456789";
pub const ADMIN_TOKEN: &str = "ss-admin-token-0123456789abcdef";
pub const STOREFRONT: &str = "shop.example/";

pub struct SsApp {
    /// The tenant's API key for the admin API.
    pub key: String,
    pub local: Local,
    pub shop: ShopScriptEmulator,
    pub crm: WebasystCrmEmulator,
    pub tenant: TenantId,
    pub http: reqwest::Client,
    pub funnel: i64,
    /// New, Processing, Paid, Sent, Done.
    pub stages: Vec<i64>,
    _dir: tempfile::TempDir,
}

/// The settings the tests start from: the funnel mapped, automatic mode
/// for `STOREFRONT`.
pub fn settings(shop: &str, crm: &str, funnel: i64, stages: &[i64]) -> ShopScriptSettings {
    let map = ["create", "process", "pay", "ship", "complete"]
        .iter()
        .zip(stages)
        .skip(1)
        .map(|(action, stage)| (stage.to_string(), action.to_string()))
        .collect();
    ShopScriptSettings {
        shop_url: shop.to_owned(),
        shop_token: Secret::new(SHOP_TOKEN),
        crm_url: crm.to_owned(),
        crm_token: Secret::new(CRM_TOKEN),
        notification_secret: Secret::new(NOTIFY_SECRET),
        backend_url: None,
        order_format: "#100{id}".into(),
        funnels: BTreeMap::from([(funnel.to_string(), map)]),
        automatic: vec![AutomaticDeals {
            storefront: STOREFRONT.into(),
            funnel_id: funnel as u64,
            stage_id: stages[0] as u64,
        }],
        action_states: BTreeMap::new(),
        requests_per_second: 100,
    }
}

impl SsApp {
    pub async fn spawn(backend: Backend) -> SsApp {
        SsApp::spawn_with(backend, |_| {}).await
    }

    /// `adjust` changes the Shop-Script settings before they are saved.
    pub async fn spawn_with(
        backend: Backend,
        adjust: impl FnOnce(&mut ShopScriptSettings),
    ) -> SsApp {
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
        let shop = ShopScriptEmulator::start(SHOP_TOKEN).await;
        let crm = WebasystCrmEmulator::start(CRM_TOKEN).await;
        let (funnel, stages) =
            crm.add_funnel("Sales", &["New", "Processing", "Paid", "Sent", "Done"]);
        let config = LocalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            workers: 0,
            schedules: false,
            admin_token_sha256: Some(synclane_admin_hash()),
            ..LocalConfig::default()
        };
        let fast = RetryPolicy {
            attempts: 2,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_secs(1),
        };
        let peers = Peers::local(http_client()).with_retry(fast);
        let local = Local::start_with_peers(&config, store.clone(), queue, peers)
            .await
            .unwrap();
        let tenant = super::tenant();
        let mut ss = settings(&shop.base_url(), &crm.base_url(), funnel, &stages);
        adjust(&mut ss);
        let settings = TenantSettings {
            shopscript: Some(ss),
            ..TenantSettings::new(tenant.clone(), Secret::new("unused-oc-secret-0123"))
        };
        settings.validate().unwrap();
        store.tenants.put_tenant(&settings).await.unwrap();
        let hook = format!("http://{}/hooks/{tenant}/shopscript", local.addr);
        shop.notify(
            &hook,
            &[("X-Synclane-Secret", NOTIFY_SECRET)],
            &[
                ("order_id", "{$order.id}"),
                ("action_id", "{$action_data.action_id}"),
                ("log_id", "{$action_data.id}"),
            ],
            true,
        );
        let key = crate::support::tenant_keys::on_store(&store, tenant.as_str()).await;
        SsApp {
            local,
            key,
            shop,
            crm,
            tenant,
            http: reqwest::Client::new(),
            funnel,
            stages,
            _dir: dir,
        }
    }

    pub fn store(&self) -> &Store {
        &self.local.store
    }

    pub async fn settings(&self) -> TenantSettings {
        self.store()
            .tenants
            .get_tenant(&self.tenant)
            .await
            .unwrap()
            .unwrap()
    }

    /// A customer places an order on `STOREFRONT` (two items, 1,500 RUB).
    pub async fn place(&self, email: &str) -> i64 {
        self.shop
            .place_order(NewOrder {
                storefront: Some(STOREFRONT.into()),
                name: "Anna Petrova".into(),
                email: Some(email.into()),
                phone: Some("+7 900 000-00-01".into()),
                items: vec![
                    ("Tea & cups".into(), 2.0, 500.0),
                    ("Teapot".into(), 1.0, 500.0),
                ],
                currency: "RUB".into(),
            })
            .await
    }

    /// Runs the worker until the queue is empty (retries included).
    pub async fn drain(&self) {
        let settings = LoopSettings {
            batch: 1,
            visibility: Duration::from_secs(30),
            wait: Duration::from_millis(100),
        };
        for _ in 0..600 {
            let handled =
                worker_loop::run_once(self.local.queue.as_ref(), &self.local.worker, settings)
                    .await
                    .unwrap();
            if handled == 0 && self.local.queue.depth().await.unwrap() == 0 {
                return;
            }
        }
        panic!("the queue did not drain");
    }

    fn job_context(&self) -> JobContext {
        JobContext {
            store: self.local.store.clone(),
            queue: self.local.queue.clone(),
            peers: self.local.peers.clone(),
            registry: self.local.registry.clone(),
            deadline: tokio::time::Instant::now() + Duration::from_secs(60),
        }
    }

    /// One run of the Shop-Script order poll for the tenant.
    pub async fn poll_orders(&self) {
        let settings = self.settings().await;
        ShopScriptOrderPoll
            .run(&self.job_context(), &settings)
            .await
            .unwrap();
    }

    /// One run of the CRM deal poll for the tenant.
    pub async fn poll_deals(&self) {
        let settings = self.settings().await;
        WebasystDealPoll
            .run(&self.job_context(), &settings)
            .await
            .unwrap();
    }

    /// The deal linked to `order`.
    pub async fn deal_of(&self, order: i64) -> Option<i64> {
        synclane::flows::shopscript_deals::deal_of(self.store().links.as_ref(), &self.tenant, order)
            .await
            .unwrap()
    }

    /// The CRM's deal linked to `order`, as `crm.deal.info` shows it.
    pub async fn deal(&self, order: i64) -> Value {
        let id = self.deal_of(order).await.expect("a linked deal");
        self.crm.deal(id).expect("the deal in the CRM")
    }

    pub async fn journal(&self) -> Vec<JournalEntry> {
        self.store()
            .journal
            .list_journal(&self.tenant, 200)
            .await
            .unwrap()
    }

    pub async fn depth(&self) -> u64 {
        self.local.queue.depth().await.unwrap()
    }

    /// `method` on the admin API (`path` after `/admin/tenants/{tenant}`).
    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let url = format!(
            "http://{}/admin/tenants/{}{path}",
            self.local.addr, self.tenant
        );
        let mut request = self.http.request(method, url).bearer_auth(&self.key);
        if let Some(body) = body {
            request = request.json(body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or(Value::Null))
    }

    /// Posts `body` to the Shop-Script hook with `secret` (if any).
    pub async fn post_hook(&self, body: &Value, secret: Option<&str>) -> reqwest::Response {
        let url = format!(
            "http://{}/hooks/{}/shopscript",
            self.local.addr, self.tenant
        );
        let mut request = self.http.post(url).json(body);
        if let Some(secret) = secret {
            request = request.header("X-Synclane-Secret", secret);
        }
        request.send().await.unwrap()
    }
}

fn synclane_admin_hash() -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(ADMIN_TOKEN.as_bytes()))
}
