//! MoySklad JSON API 1.2 emulator: an axum server on 127.0.0.1:0, started
//! in-process, that enforces what the real API enforces (gzip, Bearer token,
//! 45 units / 3 s and 5 parallel requests per user, error bodies and codes,
//! 1000-item arrays and pages, kopecks) and delivers webhooks like it.

// Handlers return the finished error answer as `Err(Response)`: one per
// request in a test server, so its size does not matter.
#![allow(clippy::result_large_err)]

mod assortment;
mod current;
mod dictionaries;
mod documents;
mod documents_effects;
mod entities;
mod filter;
mod limits;
mod listing;
mod paging;
mod report;
mod retail;
mod router;
mod schema;
mod state;
mod synthetic;
mod webhooks;

pub use state::{Counters, Delivery, Faults};

use serde_json::{Value, json};
use state::{Db, Shared, Usage};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use webhooks::Change;

/// A running emulator; the server stops when this is dropped.
pub struct MoySkladEmulator {
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
    faults: crate::faults::FaultInjector,
}

impl Drop for MoySkladEmulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl MoySkladEmulator {
    /// The chaos switch and counters of this emulator (off until enabled).
    pub fn chaos(&self) -> &crate::faults::FaultInjector {
        &self.faults
    }

    /// Starts a server that accepts `Authorization: Bearer {token}`.
    pub async fn start(token: &str) -> Self {
        let shared = Arc::new(Shared {
            token: token.to_owned(),
            base_url: Mutex::new(String::new()),
            account_id: uuid::Uuid::new_v4().to_string(),
            db: Mutex::new(Db::default()),
            usage: Mutex::new(Usage::default()),
            faults: Mutex::new(Faults::default()),
            weight: AtomicU64::new(1),
            requests: AtomicU64::new(0),
            request_log: Mutex::default(),
            rate_violations: AtomicU64::new(0),
            parallel_violations: AtomicU64::new(0),
            injected_faults: AtomicU64::new(0),
            deliveries: Mutex::new(Vec::new()),
            http: reqwest::Client::new(),
            synthetic: Mutex::new(None),
            lost_answers: Mutex::new(Vec::new()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        *shared.base_url.lock().unwrap() = format!("http://{addr}/api/remap/1.2");
        let faults = crate::faults::FaultInjector::default();
        let app = faults.layer(router::router(shared.clone()));
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("emulator server");
        });
        MoySkladEmulator {
            shared,
            server,
            faults,
        }
    }

    /// `http://127.0.0.1:{port}/api/remap/1.2`.
    pub fn base_url(&self) -> String {
        self.shared.base()
    }

    /// The emulated account's id (webhook events carry it).
    pub fn account_id(&self) -> &str {
        &self.shared.account_id
    }

    /// Every table as `{name: [rows]}` (nested ones as `counterparty/{id}/accounts`).
    pub fn state(&self) -> Value {
        let db = self.shared.db.lock().unwrap();
        let tables = db
            .tables
            .iter()
            .map(|(k, t)| (k.clone(), Value::Array(t.rows().cloned().collect())));
        Value::Object(tables.collect())
    }

    /// Rows of one entity type, in creation order.
    pub fn entities(&self, kind: &str) -> Vec<Value> {
        self.rows(kind)
    }

    /// One entity, as stored.
    pub fn entity(&self, kind: &str, id: &str) -> Option<Value> {
        self.shared.db.lock().unwrap().find(kind, id).cloned()
    }

    /// Rows of a nested collection (`positions`, `contactpersons`, `accounts`).
    pub fn nested(&self, kind: &str, id: &str, collection: &str) -> Vec<Value> {
        self.rows(&format!("{kind}/{id}/{collection}"))
    }

    fn rows(&self, table: &str) -> Vec<Value> {
        let db = self.shared.db.lock().unwrap();
        db.tables
            .get(table)
            .map(|t| t.rows().cloned().collect())
            .unwrap_or_default()
    }

    /// Inserts an entity directly (no limits, no webhooks); returns its id.
    /// Nested arrays (positions, contactpersons, accounts) are stored too.
    pub fn seed(&self, kind: &str, body: Value) -> String {
        let mut db = self.shared.db.lock().unwrap();
        let row = entities::insert(&self.shared, &mut db, kind, kind, kind, body)
            .expect("seeded entity is valid");
        row["id"].as_str().unwrap_or_default().to_owned()
    }

    pub fn seed_organization(&self, name: &str) -> String {
        self.seed("organization", json!({"name": name, "legalTitle": name}))
    }

    pub fn seed_store(&self, name: &str) -> String {
        self.seed("store", json!({"name": name}))
    }

    /// A status of `entity_type` (e.g. `customerorder`); listed by `entity/{type}/metadata`.
    pub fn seed_state(&self, entity_type: &str, name: &str) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let path = format!("{entity_type}/metadata/states/{id}");
        let row = json!({"meta": self.shared.meta(&path, "state"), "id": id, "accountId": self.shared.account_id,
            "name": name, "color": 15106888, "stateType": "Regular", "entityType": entity_type});
        self.shared
            .db
            .lock()
            .unwrap()
            .table("states")
            .insert(id.clone(), row);
        id
    }

    /// A custom attribute of `entity_type` (`type`: string, long, customentity, ...).
    pub fn seed_attribute(&self, entity_type: &str, name: &str, kind: &str) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let table = format!("{entity_type}/metadata/attributes");
        let row = json!({"meta": self.shared.meta(&format!("{table}/{id}"), "attributemetadata"), "id": id,
            "name": name, "type": kind, "required": false});
        self.shared
            .db
            .lock()
            .unwrap()
            .table(&table)
            .insert(id.clone(), row);
        id
    }

    /// A product with its external code and purchase price in kopecks.
    pub fn seed_product(&self, name: &str, external_code: &str, buy_price: i64) -> String {
        self.seed("product", json!({"name": name, "code": external_code, "externalCode": external_code,
            "archived": false, "buyPrice": {"value": buy_price}, "salePrices": [{"value": buy_price * 2}]}))
    }

    /// A variant of `product_id`.
    pub fn seed_variant(
        &self,
        product_id: &str,
        name: &str,
        external_code: &str,
        buy_price: i64,
    ) -> String {
        let product =
            json!({"meta": self.shared.meta(&format!("product/{product_id}"), "product")});
        self.seed(
            "variant",
            json!({"name": name, "externalCode": external_code, "product": product,
            "archived": false, "buyPrice": {"value": buy_price}}),
        )
    }

    pub fn seed_service(&self, name: &str, external_code: &str) -> String {
        self.seed(
            "service",
            json!({"name": name, "externalCode": external_code, "archived": false}),
        )
    }

    pub fn seed_counterparty(&self, body: Value) -> String {
        self.seed("counterparty", body)
    }

    /// Sets a good's stock, reserve and in-transit quantities in a store.
    pub fn set_stock(
        &self,
        good_id: &str,
        store_id: &str,
        stock: f64,
        reserve: f64,
        in_transit: f64,
    ) {
        let mut db = self.shared.db.lock().unwrap();
        let key = (good_id.to_owned(), store_id.to_owned());
        db.stock_changed.insert(key.clone(), state::now_ms());
        db.stock.insert(key, (stock, reserve, in_transit));
    }

    /// A generated catalogue of `goods` products (external codes `gen-{i}`)
    /// stocked in every one of `store_ids`, shown by the stock reports after
    /// the seeded goods. Nothing per good is stored until it changes.
    pub fn seed_generated_catalogue(&self, goods: u32, store_ids: &[String], seed: u64) {
        *self.shared.synthetic.lock().unwrap() =
            Some(synthetic::Synthetic::new(goods, store_ids.to_vec(), seed));
    }

    /// Changes the stock of `share` (0..=1) of the generated goods, as a day
    /// of sales would; returns how many goods changed.
    pub fn change_generated_stock(&self, share: f64) -> usize {
        let mut syn = self.shared.synthetic.lock().unwrap();
        syn.as_mut().map_or(0, |s| s.change(share, state::now_ms()))
    }

    /// Creates `n` generated goods now, stocked in every warehouse of the
    /// catalogue (as a merchant adding products and receiving them); returns
    /// their ids and external codes.
    pub fn add_generated_goods(&self, n: u32) -> Vec<(String, String)> {
        let mut syn = self.shared.synthetic.lock().unwrap();
        let Some(syn) = syn.as_mut() else {
            return Vec::new();
        };
        syn.add(n, state::now_ms())
            .map(|i| (syn.id(i), syn.external_code(i)))
            .collect()
    }

    /// The generated good `i`'s id and external code.
    pub fn generated_good(&self, i: u32) -> Option<(String, String)> {
        let syn = self.shared.synthetic.lock().unwrap();
        syn.as_ref().map(|s| (s.id(i), s.external_code(i)))
    }

    /// Marks a seeded product or variant archived (inactive) or not.
    pub fn set_archived(&self, kind: &str, id: &str, archived: bool) {
        let mut db = self.shared.db.lock().unwrap();
        if let Some(row) = db.table(kind).get_mut(id) {
            row["archived"] = json!(archived);
        }
    }

    /// Answers a share of calls with faults from now on.
    pub fn set_faults(&self, faults: Faults) {
        *self.shared.faults.lock().unwrap() = faults;
    }

    /// The next `n` writes to `entity/{kind}` are applied, then answered 503
    /// as if the connection dropped (the client cannot tell they happened).
    pub fn lose_answers(&self, kind: &str, n: u32) {
        self.shared
            .lost_answers
            .lock()
            .unwrap()
            .push((kind.to_owned(), n));
    }

    /// Units an ordinary call costs (1 for solution tokens; 2..4 for user tokens).
    pub fn set_request_weight(&self, units: u32) {
        self.shared
            .weight
            .store(units.max(1) as u64, Ordering::Relaxed);
    }

    pub fn counters(&self) -> Counters {
        let c = |a: &AtomicU64| a.load(Ordering::Relaxed);
        Counters {
            requests: c(&self.shared.requests),
            rate_violations: c(&self.shared.rate_violations),
            parallel_violations: c(&self.shared.parallel_violations),
            injected_faults: c(&self.shared.injected_faults),
        }
    }

    /// How many requests other than GET (writes) reached the account.
    pub fn writes(&self) -> usize {
        let log = self.shared.request_log.lock().unwrap();
        log.iter().filter(|line| !line.starts_with("GET ")).count()
    }

    /// `METHOD path?query` (query percent-decoded) of every request that
    /// passed the gzip and auth checks, in arrival order.
    pub fn request_log(&self) -> Vec<String> {
        self.shared.request_log.lock().unwrap().clone()
    }

    /// Every webhook delivery attempt so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.deliveries.lock().unwrap().clone()
    }

    /// Fires the subscriptions on (`entity_type`, `action`) as if a user changed
    /// entity `id` in MoySklad's UI, and waits for the deliveries (with retries).
    pub async fn fire_webhook(
        &self,
        entity_type: &str,
        action: &str,
        id: &str,
        updated_fields: &[&str],
    ) -> Vec<Delivery> {
        let action = match action {
            "CREATE" => "CREATE",
            "DELETE" => "DELETE",
            _ => "UPDATE",
        };
        let change = Change {
            kind: entity_type.to_owned(),
            action,
            id: id.to_owned(),
            fields: updated_fields.iter().map(|f| f.to_string()).collect(),
        };
        let mut all = Vec::new();
        for (url, fields) in webhooks::targets(&self.shared, &change, &[]) {
            let body = webhooks::payload(&self.shared, &change, fields);
            all.extend(webhooks::deliver(&self.shared, &url, body).await);
        }
        all
    }
}
