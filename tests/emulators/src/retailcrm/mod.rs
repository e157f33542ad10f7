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
//! Stock uploads (`store/inventories/upload`) are checked against an offer
//! catalogue set with `add_offers` / `accept_offers_with_prefix`.
//!
//! Not modelled: offers on order lines (any `items[].offer` is accepted), order
//! statuses and types, history, and per-key site permissions.

mod corporate;
mod customers;
mod inventories;
mod orders;
mod request;
mod router;
mod state;

pub use inventories::Inventory;
pub use state::LoggedRequest;

use router::SharedState;
use serde_json::Value;
use state::{Fault, State};
use std::sync::{Arc, Mutex, MutexGuard};

/// A running emulator; the server stops when this is dropped.
pub struct RetailCrmEmulator {
    state: SharedState,
    base_url: String,
    server: tokio::task::JoinHandle<()>,
}

impl RetailCrmEmulator {
    /// Starts on `127.0.0.1:0` with one API key and the account's site codes.
    pub async fn start(api_key: &str, sites: &[&str]) -> RetailCrmEmulator {
        let state: SharedState = Arc::new(Mutex::new(State::new(api_key, sites)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let app = router::router(state.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        RetailCrmEmulator {
            state,
            base_url,
            server,
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
        self.lock().fault = Some(Fault {
            remaining: n,
            status,
            retry_after: None,
        });
    }

    /// Like `set_fail_next`, with a `Retry-After: secs` header.
    pub fn set_fail_next_with_retry_after(&self, n: u32, status: u16, secs: u64) {
        self.lock().fault = Some(Fault {
            remaining: n,
            status,
            retry_after: Some(secs),
        });
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
