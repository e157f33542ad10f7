//! A Synclane instance wired to a WooCommerce emulator for the ERP →
//! WooCommerce flow: the real router (ERP feed and WooCommerce hooks) and
//! the worker, on either backend, with a tenant whose shop is the emulator.

use super::app::Backend;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use synclane::connectors::RetryPolicy;
use synclane::model::TenantId;
use synclane::peers::{Peers, http_client};
use synclane::queue::{Queue, SqliteQueue};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::runtime::worker_loop::{self, LoopSettings};
use synclane::secret::Secret;
use synclane::settings::{Deactivation, ErpSettings, TenantSettings, WooAuth, WooCommerceSettings};
use synclane::sqlite::Db;
use synclane::store::{JournalEntry, SqliteStore, Store};
use synclane::worker::Worker;
use synclane_emulators::WooCommerceEmulator;
use synclane_emulators::woocommerce::Webhook;

pub const WC_KEY: &str = "ck_ew_0123456789abcdef";
pub const WC_SECRET: &str = "cs_ew_fedcba9876543210";
pub const FEED_SECRET: &str = "erp-feed-secret-0123456789";
pub const WC_HOOK_SECRET: &str = "wc-hook-secret-0123456789";

pub struct EwApp {
    pub local: Local,
    pub woo: WooCommerceEmulator,
    pub worker: Worker,
    pub tenant: TenantId,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// The shop's settings as the tests start them (B2BKing meta deactivation).
pub fn shop(base_url: &str) -> WooCommerceSettings {
    WooCommerceSettings {
        base_url: base_url.to_owned(),
        consumer_key: Secret::new(WC_KEY),
        consumer_secret: Secret::new(WC_SECRET),
        webhook_secret: Secret::new(WC_HOOK_SECRET),
        auth: WooAuth::Basic,
        deactivation: Deactivation::default(),
        welcome_email: false,
        addresses: true,
        requests_per_second: 50,
    }
}

impl EwApp {
    pub async fn spawn(backend: Backend) -> EwApp {
        EwApp::spawn_with(backend, |_| {}).await
    }

    /// `adjust` changes the shop's settings before they are saved.
    pub async fn spawn_with(
        backend: Backend,
        adjust: impl FnOnce(&mut WooCommerceSettings),
    ) -> EwApp {
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
        let woo = WooCommerceEmulator::start(WC_KEY, WC_SECRET).await;
        let config = LocalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            workers: 0,
            schedules: false,
            tenants: vec![],
            // The admin API is served too (the dry-run tests call it).
            admin_token_sha256: Some(super::dry_run::admin_hash()),
            ..LocalConfig::default()
        };
        let fast = RetryPolicy {
            attempts: 2,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_secs(1),
        };
        let peers = Peers::local(http_client())
            .with_retry(fast)
            .with_batch_linger(Duration::from_millis(10));
        let local = Local::start_with_peers(&config, store.clone(), queue, peers)
            .await
            .unwrap();
        let tenant = super::tenant();
        let mut woocommerce = shop(&woo.base_url());
        adjust(&mut woocommerce);
        let settings = TenantSettings {
            woocommerce: Some(woocommerce),
            erp: Some(ErpSettings {
                feed_secret: Secret::new(FEED_SECRET),
            }),
            ..TenantSettings::new(tenant.clone(), Secret::new("unused-oc-secret-0123"))
        };
        settings.validate().unwrap();
        store.tenants.put_tenant(&settings).await.unwrap();
        let worker = local.worker.clone();
        EwApp {
            local,
            woo,
            worker,
            tenant,
            http: reqwest::Client::new(),
            _dir: dir,
        }
    }

    pub fn store(&self) -> &Store {
        &self.local.store
    }

    pub fn url(&self, peer: &str) -> String {
        format!("http://{}/hooks/{}/{peer}", self.local.addr, self.tenant)
    }

    /// Posts `{"third_parties": parties}` signed with the feed secret.
    pub async fn post_feed(&self, parties: &[Value]) -> reqwest::Response {
        let raw = json!({ "third_parties": parties }).to_string();
        let signature = super::app::sign(FEED_SECRET, raw.as_bytes());
        self.post_raw(raw.as_bytes(), "application/json", Some(&signature))
            .await
    }

    /// Posts a feed and expects it accepted.
    pub async fn feed(&self, parties: &[Value]) {
        let r = self.post_feed(parties).await;
        assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    }

    /// Posts a CSV upload signed with the feed secret.
    pub async fn post_csv(&self, csv: &str) -> reqwest::Response {
        let signature = super::app::sign(FEED_SECRET, csv.as_bytes());
        self.post_raw(csv.as_bytes(), "text/csv; charset=utf-8", Some(&signature))
            .await
    }

    pub async fn post_raw(
        &self,
        raw: &[u8],
        content_type: &str,
        signature: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .http
            .post(self.url("erp"))
            .header("content-type", content_type)
            .body(raw.to_vec());
        if let Some(signature) = signature {
            request = request.header("x-synclane-signature", signature);
        }
        request.send().await.unwrap()
    }

    /// A webhook of the shop delivering to our WooCommerce hook.
    pub fn webhook(&self) -> Webhook {
        self.woo
            .webhook(7, &self.url("woocommerce"), WC_HOOK_SECRET)
    }

    /// Runs the worker until the queue is empty (retries included).
    pub async fn drain(&self) {
        let settings = LoopSettings {
            batch: 1,
            visibility: Duration::from_secs(30),
            wait: Duration::from_millis(100),
        };
        for _ in 0..600 {
            let handled = worker_loop::run_once(self.local.queue.as_ref(), &self.worker, settings)
                .await
                .unwrap();
            if handled == 0 && self.local.queue.depth().await.unwrap() == 0 {
                return;
            }
        }
        panic!("the queue did not drain");
    }

    pub async fn depth(&self) -> u64 {
        self.local.queue.depth().await.unwrap()
    }

    pub async fn journal(&self) -> Vec<JournalEntry> {
        self.store()
            .journal
            .list_journal(&self.tenant, 100)
            .await
            .unwrap()
    }

    /// The shop's accounts with `email` (any case).
    pub fn accounts(&self, email: &str) -> Vec<Value> {
        self.woo
            .customers()
            .into_iter()
            .filter(|c| {
                c["email"]
                    .as_str()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .collect()
    }

    /// The one account with `email`.
    pub fn account(&self, email: &str) -> Value {
        let found = self.accounts(email);
        assert_eq!(found.len(), 1, "one account for {email}: {found:#?}");
        found[0].clone()
    }
}

/// The B2BKing status meta of `account`, if set.
pub fn approved(account: &Value) -> Option<String> {
    account["meta_data"]
        .as_array()?
        .iter()
        .find(|m| m["key"] == "b2bking_account_approved")
        .and_then(|m| m["value"].as_str().map(str::to_owned))
}
