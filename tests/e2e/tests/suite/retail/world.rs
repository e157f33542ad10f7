//! A tenant with RetailCRM and MoySklad emulators and retail switched on,
//! plus builders for MoySklad records and the webhook delivery.

use crate::support::app::{Backend, SITE, TestApp, tenant_id};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use synclane::flows::moysklad_retail::apply::switch::set_retail;
use synclane::model::{EntityKind, System};
use synclane::secret::Secret;
use synclane::settings::{MoySkladSettings, MoySkladSync, RetailOptions};
use synclane::store::{Link, LinkKey};
use synclane_emulators::moysklad::{Delivery, MoySkladEmulator};

pub const MS_TOKEN: &str = "ms-token-acme";
pub const HOOK_TOKEN: &str = "hook-token-0123456789";

pub struct World {
    pub app: TestApp,
    pub ms: MoySkladEmulator,
    pub org: String,
    pub store: String,
    pub shift: String,
}

impl World {
    /// A tenant whose retail options are `retail` (the organization mapped to
    /// the CRM shop), with retail switched on.
    pub async fn start(retail: RetailOptions) -> World {
        World::start_on(Backend::Sqlite, retail).await
    }

    /// Like `start`, on the given store and queue.
    pub async fn start_on(backend: Backend, mut retail: RetailOptions) -> World {
        // The admin API is served too (the dry-run tests call it).
        let app = TestApp::spawn_configured(backend, |c| {
            c.admin_token_sha256 = Some(crate::support::dry_run::admin_hash())
        })
        .await;
        let ms = MoySkladEmulator::start(MS_TOKEN).await;
        let org = ms.seed_organization("Acme Retail LLC");
        let store = ms.seed_store("Main");
        let (_, shift) = ms.seed_retail_point(&org, &store);
        retail.shops.insert(org.clone(), SITE.into());
        let mut settings = app
            .store()
            .tenants
            .get_tenant(&tenant_id())
            .await
            .unwrap()
            .unwrap();
        settings.moysklad = Some(MoySkladSettings {
            base_url: ms.base_url(),
            token: Secret::new(MS_TOKEN),
            disable_webhook_prefixes: Vec::new(),
            request_weight: 1,
            webhook_token: Secret::new(HOOK_TOKEN),
            public_base_url: Some(format!("http://{}", app.local.addr)),
            sync: Some(MoySkladSync {
                retail,
                ..MoySkladSync::default()
            }),
        });
        settings.validate().unwrap();
        app.store().tenants.put_tenant(&settings).await.unwrap();
        set_retail(app.store(), &app.local.peers, &tenant_id(), true)
            .await
            .unwrap();
        World {
            app,
            ms,
            org,
            store,
            shift,
        }
    }

    pub fn r(&self, kind: &str, id: &str) -> Value {
        json!({"meta": {"href": format!("{}/entity/{kind}/{id}", self.ms.base_url()), "type": kind, "mediaType": "application/json"}})
    }

    pub fn individual(&self, name: &str, email: &str) -> String {
        self.ms
            .seed_counterparty(json!({"name": name, "companyType": "individual", "email": email}))
    }

    /// A product whose external code (the CRM offer's xmlId) is `code`.
    pub fn product(&self, code: &str) -> String {
        self.ms.seed_product(&format!("Good {code}"), code, 5_000)
    }

    /// A customer order in MoySklad linked to the CRM order `crm_id`.
    pub async fn linked_order(&self, agent: &str, crm_id: i64) -> String {
        let id = self.ms.seed("customerorder", json!({"organization": self.r("organization", &self.org), "agent": self.r("counterparty", agent)}));
        let key = LinkKey::new(&tenant_id(), EntityKind::Order, System::MoySklad, &id);
        let link = Link::linked(
            "g-".to_owned() + &id,
            BTreeMap::from([(System::RetailCrm, crm_id.to_string())]),
        );
        self.app
            .store()
            .links
            .put_link_if_absent(&key, &link)
            .await
            .unwrap();
        id
    }

    /// A sale of `lines` (product id, quantity, price in kopecks) with `extra` fields.
    pub fn sale(&self, agent: &str, lines: &[(&str, f64, i64)], extra: Value) -> String {
        let positions: Vec<Value> = lines
            .iter()
            .map(|(good, qty, price)| json!({"assortment": self.r("product", good), "quantity": qty, "price": price, "discount": 0}))
            .collect();
        let mut body = json!({"agent": self.r("counterparty", agent), "store": self.r("store", &self.store),
            "retailShift": self.r("retailshift", &self.shift), "positions": positions, "applicable": true});
        if let (Some(b), Value::Object(e)) = (body.as_object_mut(), extra) {
            b.extend(e);
        }
        self.ms.seed("retaildemand", body)
    }

    /// MoySklad fires the sale's CREATE webhook; returns the delivery.
    pub async fn fire(&self, sale: &str) -> Delivery {
        let deliveries = self
            .ms
            .fire_webhook("retaildemand", "CREATE", sale, &[])
            .await;
        let last = deliveries
            .last()
            .expect("retail webhook registered")
            .clone();
        self.accept(&last).await;
        last
    }

    /// Redelivers a recorded webhook (same requestId).
    pub async fn refire(&self, delivery: &Delivery) {
        let status = self.ms.redeliver(delivery).await;
        assert!(
            matches!(status, Some(200 | 204)),
            "hook answered {status:?}"
        );
    }

    /// Our hook must have taken the delivery (MoySklad counts only 200/204).
    async fn accept(&self, d: &Delivery) {
        assert!(
            matches!(d.status, Some(200 | 204)),
            "hook answered {:?}",
            d.status
        );
    }

    pub async fn drain(&self) {
        self.app.drain().await;
    }

    /// The CRM order whose field `key` is `value`.
    pub fn crm_order(&self, id: i64) -> Value {
        self.app
            .crm
            .orders()
            .into_iter()
            .find(|o| o["id"] == id)
            .expect("order")
    }
}

/// `(xmlId, quantity)` of an order's items, sorted.
pub fn items(order: &Value) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = order["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                i["offer"]["xmlId"].as_str().unwrap_or_default().to_owned(),
                i["quantity"].as_f64().unwrap(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// `(type, status, amount)` of an order's payments, sorted.
pub fn payments(order: &Value) -> Vec<(String, String, f64)> {
    let mut v: Vec<(String, String, f64)> = order["payments"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .map(|p| {
            (
                p["type"].as_str().unwrap().to_owned(),
                p["status"].as_str().unwrap().to_owned(),
                p["amount"].as_f64().unwrap(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}
