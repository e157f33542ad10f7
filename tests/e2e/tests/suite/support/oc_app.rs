//! A Synclane instance for both OpenCart directions: the real router (the
//! OpenCart hook), the CRM history poll and the worker, on either backend,
//! with a RetailCRM emulator and an OpenCart emulator whose extension is
//! connected to the hook and shares the tenant's secret.

use super::app::Backend;
use super::ms_app::drain_with;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use synclane::connectors::RetryPolicy;
use synclane::connectors::retailcrm::RetailCrm;
use synclane::flows::schedule::{JobContext, run_for_all_tenants};
use synclane::jobs::crm_history::CrmHistoryPoll;
use synclane::model::{Customer, EntityKind, Person, System, TenantId};
use synclane::peers::{Peers, http_client};
use synclane::queue::{Queue, SqliteQueue};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::secret::Secret;
use synclane::settings::{OpenCartSettings, RetailCrmSettings, TenantSettings};
use synclane::sqlite::Db;
use synclane::store::{LinkKey, SqliteStore, Store};
use synclane_emulators::opencart::OrderEvent;
use synclane_emulators::{OpenCartEmulator, RetailCrmEmulator};

pub const SECRET: &str = "whsec-oc-both-ways-0123456789";
pub const CRM_KEY: &str = "crm-key-oc";
pub const SITE: &str = "opencart-shop";
/// The operator token (the tenant's own routes take `OcApp::key`).
pub const ADMIN_TOKEN: &str = "oc-admin-token-0123456789abcdef";

pub struct OcApp {
    pub local: Local,
    pub crm: RetailCrmEmulator,
    pub shop: OpenCartEmulator,
    pub tenant: TenantId,
    /// A key of the tenant for the admin API and the console.
    pub key: String,
    _dir: tempfile::TempDir,
}

/// The tenant: CRM with corporate customers, the shop's API URL as its
/// settings page shows it, statuses 1 → new.
pub fn settings(
    tenant: &TenantId,
    crm: &RetailCrmEmulator,
    shop: &OpenCartEmulator,
) -> TenantSettings {
    TenantSettings {
        retailcrm: Some(RetailCrmSettings {
            base_url: crm.base_url(),
            api_key: Secret::new(CRM_KEY),
            site: SITE.into(),
            corporate_customers: true,
            requests_per_second: 10,
        }),
        opencart: Some(OpenCartSettings {
            base_url: Some(shop.api_url()),
            status_map: [("1".to_string(), "new".to_string())].into(),
        }),
        ..TenantSettings::new(tenant.clone(), Secret::new(SECRET))
    }
}

/// Short retry pauses keep the fault tests quick.
pub fn fast_peers() -> Peers {
    Peers::local(http_client()).with_retry(RetryPolicy {
        attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
    })
}

impl OcApp {
    pub async fn spawn(backend: Backend) -> OcApp {
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
        let shop = OpenCartEmulator::start(SECRET).await;
        let config = LocalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            workers: 0,
            schedules: false,
            tenants: vec![settings(&tenant, &crm, &shop)],
            admin_token_sha256: Some(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
                ADMIN_TOKEN,
            ))),
            ..LocalConfig::default()
        };
        let local = Local::start_with_peers(&config, store, queue, fast_peers())
            .await
            .unwrap();
        shop.connect(&format!("http://{}", local.addr), tenant.as_str());
        let key = super::tenant_keys::on_store(&local.store, tenant.as_str()).await;
        OcApp {
            local,
            crm,
            shop,
            tenant,
            key,
            _dir: dir,
        }
    }

    /// `http://…/admin/tenants/{tenant}`.
    pub fn admin_url(&self) -> String {
        format!("http://{}/admin/tenants/{}", self.local.addr, self.tenant)
    }

    pub fn store(&self) -> &Store {
        &self.local.store
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

    /// A CRM customer created through the API; returns its id.
    pub async fn crm_customer(&self, first: &str, last: &str, email: &str, phone: &str) -> i64 {
        let person = Person {
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            email: Some(email.into()),
            phone: Some(phone.into()),
            ..Person::default()
        };
        let customer = Customer {
            person,
            address: None,
        };
        self.crm_client()
            .customer_create(None, &customer)
            .await
            .unwrap()
    }

    /// A shop order (`fields` over Anna Petrova's guest order) placed and
    /// carried to the CRM by the forward flow; returns the CRM order's id.
    pub async fn order_synced_forward(&self, order_id: i64, fields: Value) -> i64 {
        let mut all = json!({
            "firstname": "Anna", "lastname": "Petrova", "email": "anna@example.com",
            "telephone": "+7 903 123-45-67",
            "payment_firstname": "Anna", "payment_lastname": "Petrova",
            "payment_address_1": "Lenina 1", "payment_city": "Moscow", "payment_postcode": "101000",
            "payment_iso_code_2": "RU", "payment_zone": "Moscow",
            "shipping_firstname": "Anna", "shipping_lastname": "Petrova",
            "shipping_address_1": "Mira 2", "shipping_city": "Moscow", "shipping_postcode": "129000",
            "shipping_iso_code_2": "RU", "shipping_zone": "Moscow",
        });
        for (k, v) in fields.as_object().into_iter().flatten() {
            all[k] = v.clone();
        }
        self.shop.seed_order(
            order_id,
            all,
            json!([{"product_id": "40", "quantity": "1"}]),
        );
        assert_eq!(
            self.shop
                .post_order_event(order_id, OrderEvent::History)
                .await,
            202
        );
        self.drain().await;
        self.crm_order_of(order_id).await
    }

    /// The CRM order the forward flow linked to shop order `order_id`.
    pub async fn crm_order_of(&self, order_id: i64) -> i64 {
        let key = LinkKey::new(
            &self.tenant,
            EntityKind::Order,
            System::OpenCart,
            order_id.to_string(),
        );
        let link = self
            .store()
            .links
            .get_link(&key)
            .await
            .unwrap()
            .expect("linked");
        link.peer(System::RetailCrm).unwrap().parse().unwrap()
    }

    /// The shop's order `order_id` (the `order` object of `order.get`).
    pub fn shop_order(&self, order_id: i64) -> Value {
        self.shop.order(order_id).expect("a shop order")["order"].clone()
    }

    pub fn crm_order(&self, id: i64) -> Value {
        self.crm
            .orders()
            .into_iter()
            .find(|o| o["id"] == id)
            .expect("CRM order")
    }

    /// One run of the CRM history poll.
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

    /// Runs the worker until the queue is empty (retries included).
    pub async fn drain(&self) {
        drain_with(self.local.queue.as_ref(), &self.local.worker).await
    }

    /// A poll, then the worker until the queue is empty.
    pub async fn poll_and_drain(&self) {
        self.poll().await;
        self.drain().await;
    }

    pub async fn depth(&self) -> u64 {
        self.local.queue.depth().await.unwrap()
    }

    /// The CRM's order edits so far (`POST /orders/{x}/edit`).
    pub fn crm_order_edits(&self) -> usize {
        self.crm
            .requests()
            .iter()
            .filter(|r| {
                r.method == "POST" && r.path.starts_with("/orders/") && r.path.ends_with("/edit")
            })
            .count()
    }
}
