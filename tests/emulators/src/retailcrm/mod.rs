//! An in-process RetailCRM API v5 that enforces the vendor's contract, for
//! tests and the demo: customers, corporate customers (contacts, companies,
//! addresses) and orders.
//!
//! What it enforces: the `X-API-KEY` (403 `Wrong "apiKey" value.`); form
//! bodies with JSON-encoded entity fields (a JSON body or a field that is not
//! a JSON object is `400 Errors in the entity format`, an absent one
//! `400 Parameter 'customer' is missing`); known `site`s; `by` (absent means
//! externalId); `limit` in 20/50/100/250 and `page` ≥ 1 with a `pagination`
//! object; unique externalIds per site; references to existing records. It
//! answers 201 to creates. Requests are logged for assertions, and faults
//! (e.g. 503 for the next n calls) can be injected.
//!
//! History (`/{orders,customers,customers-corporate}/history`, see
//! `history`) records every write; `user_*` methods make changes as a manager
//! in the UI would (history `source: user`, no `apiKey`). Custom fields are
//! kept as sent (`customFields` merge on edit) and filterable with
//! `filter[customFields][code]` on orders and customers; definitions live
//! under `/custom-fields`, and a value whose code has no definition for the
//! record's entity is refused.
//! Stock uploads (`store/inventories/upload`) are checked against an offer
//! catalogue set with `add_offers` / `accept_offers_with_prefix`, or with
//! products listed by `store/products` (`add_product`).
//!
//! Every answer is written in PHP's JSON shapes (`php`): an empty map is
//! `[]`, and records always carry `customFields` (orders `payments`).
//!
//! Reference books (`reference`): sites, stores, statuses, payment types
//! and statuses, read only.
//!
//! Not modelled: offers on order lines (any `items[].offer` is accepted),
//! order types, and per-key site permissions.

mod corporate;
mod corporate_edit;
mod custom_fields;
mod customer_checks;
mod customers;
mod dictionaries;
mod history;
mod inventories;
mod limits;
mod orders;
mod packs;
mod payments;
mod php;
mod products;
mod reference;
mod request;
mod router;
mod screens;
mod state;
mod tasks;

pub use inventories::Inventory;
pub use products::SeedOffer;
pub use state::LoggedRequest;

use limits::{Fault, RateLimit};
use router::SharedState;
use serde_json::Value;
use state::State;
use std::sync::{Arc, Mutex, MutexGuard};

/// A running emulator; the server stops when this is dropped.
pub struct RetailCrmEmulator {
    state: SharedState,
    base_url: String,
    server: tokio::task::JoinHandle<()>,
    faults: crate::faults::FaultInjector,
}

impl RetailCrmEmulator {
    /// The chaos switch and counters of this emulator (off until enabled).
    pub fn chaos(&self) -> &crate::faults::FaultInjector {
        &self.faults
    }

    /// Starts on `127.0.0.1:0` with one API key and the account's site codes.
    pub async fn start(api_key: &str, sites: &[&str]) -> RetailCrmEmulator {
        let state: SharedState = Arc::new(Mutex::new(State::new(api_key, sites)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let faults = crate::faults::FaultInjector::default();
        let app = faults.layer(router::router(state.clone()));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        RetailCrmEmulator {
            state,
            base_url,
            server,
            faults,
        }
    }

    /// e.g. `http://127.0.0.1:40123` (the API lives under `/api/v5`).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Private customers, as the API shows them.
    pub fn customers(&self) -> Vec<Value> {
        self.lock().customers.clone()
    }

    /// Corporate customers with their `customerContacts`, `companies` and `addresses`.
    pub fn corporates(&self) -> Vec<Value> {
        self.lock().corporates.clone()
    }

    pub fn orders(&self) -> Vec<Value> {
        self.lock().orders.clone()
    }

    /// Replaces a reference book (`stores`, `statuses`, `payment-types`,
    /// `payment-statuses`) with `(code, name)` entries.
    pub fn set_reference(&self, book: &str, entries: &[(&str, &str)]) {
        let entries: Vec<(String, String)> = entries
            .iter()
            .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
            .collect();
        let mut st = self.lock();
        match book {
            "stores" => st.books.stores = entries,
            "statuses" => st.books.statuses = entries,
            "payment-types" => st.books.payment_types = entries,
            "payment-statuses" => st.books.payment_statuses = entries,
            other => panic!("no reference book {other:?}"),
        }
    }

    /// How many write requests (POSTs) reached the account, answered or refused.
    pub fn writes(&self) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|r| r.method == "POST")
            .count()
    }

    /// Sets the account's delivery type codes.
    pub fn set_delivery_types(&self, codes: &[&str]) {
        self.lock().delivery_types = codes.iter().map(|c| c.to_string()).collect();
    }

    /// Inserts an order as the CRM would hold it (tests: an order that
    /// existed before Synclane saw it); returns its id.
    pub fn seed_order(&self, mut order: Value) -> i64 {
        let mut st = self.lock();
        let id = st.order_id();
        order["id"] = serde_json::json!(id);
        if let Some(items) = order["items"].as_array_mut() {
            for item in items {
                if item["id"].is_null() {
                    item["id"] = serde_json::json!(st.part_id());
                }
            }
        }
        st.orders.push(order);
        id
    }

    /// Inserts a private customer as the CRM would hold it (tests: a
    /// customer that existed before Synclane was connected), on the
    /// account's first site unless it names one; returns its id.
    pub fn seed_customer(&self, mut customer: Value) -> i64 {
        let mut st = self.lock();
        let id = st.customer_id();
        customer["id"] = serde_json::json!(id);
        customer["type"] = serde_json::json!("customer");
        if customer["site"].is_null() {
            customer["site"] = serde_json::json!(st.sites.first().cloned().unwrap_or_default());
        }
        if customer["createdAt"].is_null() {
            customer["createdAt"] = serde_json::json!(history::now());
        }
        st.customers.push(customer);
        id
    }

    /// `seed_customer` on `site`.
    pub fn seed_site_customer(&self, site: &str, mut customer: Value) -> i64 {
        customer["site"] = serde_json::json!(site);
        self.seed_customer(customer)
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    /// How many `method` requests reached `path` (after `/api/v5`, e.g.
    /// `/customers/create`), failed ones included.
    pub fn calls(&self, method: &str, path: &str) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    /// The next `n` requests, whatever they are, fail with `status`
    /// (503 is how the CRM throttles).
    pub fn set_fail_next(&self, n: u32, status: u16) {
        self.add_fault(Fault::next(n, status));
    }

    /// Like `set_fail_next`, with a `Retry-After: secs` header.
    pub fn set_fail_next_with_retry_after(&self, n: u32, status: u16, secs: u64) {
        self.add_fault(Fault {
            retry_after: Some(secs),
            ..Fault::next(n, status)
        });
    }

    /// The next `n` requests to `path` (after `/api/v5`, e.g.
    /// `/orders/123/edit`) fail with `status`; others pass.
    pub fn fail_path_next(&self, path: &str, n: u32, status: u16) {
        self.add_fault(Fault {
            path: Some(path.to_owned()),
            ..Fault::next(n, status)
        });
    }

    /// After `skip` requests to `path` have passed, the next `n` fail with `status`.
    pub fn fail_path_after(&self, path: &str, skip: u32, n: u32, status: u16) {
        self.add_fault(Fault {
            path: Some(path.to_owned()),
            skip,
            ..Fault::next(n, status)
        });
    }

    /// The next `n` requests one of whose parameters contains `text` (an
    /// e-mail, an id) fail with `status`; others pass.
    pub fn fail_next_mentioning(&self, text: &str, n: u32, status: u16) {
        self.add_fault(Fault {
            mentioning: Some(text.to_owned()),
            ..Fault::next(n, status)
        });
    }

    fn add_fault(&self, fault: Fault) {
        let mut st = self.lock();
        st.faults.retain(|f| f.remaining > 0);
        st.faults.push(fault);
    }

    /// The next `n` requests to `path` are applied at once but answered only
    /// after `delay` (a client killed meanwhile wrote without knowing it).
    pub fn delay_answers(&self, path: &str, n: u32, delay: std::time::Duration) {
        self.lock().slow_answers.push(limits::SlowAnswer {
            path: path.to_owned(),
            remaining: n,
            delay,
        });
    }

    /// Refuses requests over `per_second` in any one-second window with 503,
    /// as the CRM does per API key (about 10/s).
    pub fn set_rate_limit(&self, per_second: u32) {
        self.lock().rate_limit = Some(RateLimit::new(per_second));
    }

    /// Requests refused by the rate limit so far.
    pub fn throttled(&self) -> u64 {
        self.lock().rate_limit.as_ref().map_or(0, |l| l.refused)
    }

    /// Item status codes whose items the CRM shows as cancelled (`isCanceled`).
    pub fn set_cancel_item_statuses(&self, codes: &[&str]) {
        self.lock().cancel_item_statuses = codes.iter().map(|c| c.to_string()).collect();
    }

    /// History entries of `feed` (`orders`, `customers`, `customers-corporate`), as stored.
    pub fn history(&self, feed: &str) -> Vec<Value> {
        self.lock().history.get(feed).cloned().unwrap_or_default()
    }

    /// Custom field definitions created through `/custom-fields/{entity}/create`.
    pub fn custom_fields(&self) -> Vec<Value> {
        self.lock().custom_fields.clone()
    }

    /// Offers (by xmlId) the account's catalogue holds, and its warehouse codes.
    pub fn add_offers<'a>(&self, xml_ids: impl IntoIterator<Item = &'a str>, stores: &[&str]) {
        let mut st = self.lock();
        st.catalog
            .xml_ids
            .extend(xml_ids.into_iter().map(str::to_owned));
        st.catalog
            .stores
            .extend(stores.iter().map(|s| s.to_string()));
    }

    /// An offer of the catalogue: a shop's product `external_id` whose xmlId
    /// is `xml_id` (order items naming it by externalId show its xmlId).
    pub fn add_offer(&self, external_id: &str, xml_id: &str) {
        let mut st = self.lock();
        st.catalog.xml_ids.insert(xml_id.to_owned());
        st.catalog
            .offers_by_external_id
            .insert(external_id.to_owned(), xml_id.to_owned());
    }

    /// Every xmlId starting with `prefix` exists (a generated catalogue).
    pub fn accept_offers_with_prefix(&self, prefix: &str) {
        self.lock().catalog.prefix = Some(prefix.to_owned());
    }

    /// What stock uploads wrote for (xmlId, store code).
    pub fn inventory(&self, xml_id: &str, store: &str) -> Option<Inventory> {
        self.lock()
            .inventories
            .get(&(xml_id.to_owned(), store.to_owned()))
            .copied()
    }

    /// Every (xmlId, store code) written, with what was written.
    pub fn inventories(&self) -> Vec<((String, String), Inventory)> {
        let st = self.lock();
        let mut all: Vec<_> = st
            .inventories
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Forgets the request log (benchmarks count calls per run).
    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for RetailCrmEmulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}
