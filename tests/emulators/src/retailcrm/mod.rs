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
//! Not modelled: the offer catalogue (any `items[].offer` is accepted), order
//! statuses and types, history, and per-key site permissions.

mod corporate;
mod customers;
mod orders;
mod payments;
mod request;
mod router;
mod state;

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

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for RetailCrmEmulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}
