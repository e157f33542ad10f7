//! An in-process OpenCart shop with the Synclane extension installed,
//! enforcing the extension's API contract exactly
//! (extensions/opencart/API.md): one URL, the checks in the extension's
//! order (disabled, repeated parameter, a 300 s timestamp window, the
//! HMAC-SHA256 signature, op, method, JSON body), field validation with
//! stable error codes and field paths, and state: orders with their
//! Customer, payment and shipping sections, customers with groups and
//! addresses, transactions.
//!
//! Writes made through the API fire no event (the extension's echo guard).
//! Changes made in the shop (`user_edit_order`) and the `post_*` helpers
//! post the extension's events to Synclane's hook, signed as the extension
//! signs them. Requests are logged; faults (a status for the next n calls,
//! an answer lost after the write) can be injected.
//!
//! Files: `router` (checks, dispatch, log), `auth` (parsing, timestamp,
//! signature), `input` and `address` (field validation), the ops (`orders`,
//! `customers` with `customer_input`, `ledger`), `state`, `shop` (seeding,
//! admin edits) and `events` (the posted events).

mod address;
mod auth;
mod customer_input;
mod customers;
mod error;
mod events;
mod input;
mod ledger;
mod orders;
mod router;
mod shop;
mod state;

pub use events::OrderEvent;
pub use state::ApiCall;

use router::SharedState;
use serde_json::Value;
use state::{Effect, Fault, State};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The OpenCart release line the shop runs (its data differs a little).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// 3.0.x: no `customer_group_id` in `getOrder()`, `addOrderHistory`,
    /// a shipping company of at most 40 characters.
    Oc3,
    /// 4.0.x: `addHistory`.
    Oc4,
}

impl Flavour {
    pub fn version(self) -> &'static str {
        match self {
            Flavour::Oc3 => "3.0.3.8",
            Flavour::Oc4 => "4.0.2.3",
        }
    }
}

/// A running shop; the server stops when this is dropped.
pub struct OpenCartEmulator {
    state: SharedState,
    base_url: String,
    http: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
    faults: crate::faults::FaultInjector,
}

impl OpenCartEmulator {
    /// The chaos switch and counters of this emulator (off until enabled).
    pub fn chaos(&self) -> &crate::faults::FaultInjector {
        &self.faults
    }

    /// An OpenCart 4.0 shop whose extension holds `secret`.
    pub async fn start(secret: &str) -> OpenCartEmulator {
        Self::start_with(secret, Flavour::Oc4).await
    }

    pub async fn start_with(secret: &str, flavour: Flavour) -> OpenCartEmulator {
        let state: SharedState = Arc::new(Mutex::new(State::new(secret, flavour)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}/", listener.local_addr().expect("local address"));
        let faults = crate::faults::FaultInjector::default();
        let app = faults.layer(router::router(state.clone()));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        OpenCartEmulator {
            state,
            base_url,
            http: reqwest::Client::new(),
            server,
            faults,
        }
    }

    /// The storefront's URL, with its trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The API URL as the extension's settings page shows it.
    pub fn api_url(&self) -> String {
        format!("{}index.php?route=extension/synclane/api", self.base_url)
    }

    /// Where events go: `{synclane}/hooks/{tenant}/opencart`.
    pub fn connect(&self, synclane_base: &str, tenant: &str) {
        let base = synclane_base.trim_end_matches('/');
        self.lock().hook_url = Some(format!("{base}/hooks/{tenant}/opencart"));
    }

    /// An order as the shop holds it (`fields` over every column's default,
    /// `{payment,shipping}_iso_code_2` and `_zone` by code / name);
    /// `products` rows over a default line.
    pub fn seed_order(&self, order_id: i64, fields: Value, products: Value) {
        shop::seed_order(&mut self.lock(), order_id, &fields, &products);
    }

    /// A registered customer (`fields` over the defaults); returns its id.
    pub fn seed_customer(&self, fields: Value) -> i64 {
        shop::seed_customer(&mut self.lock(), &fields)
    }

    /// `order.get`'s object: `{order_id, order, products}`.
    pub fn order(&self, order_id: i64) -> Option<Value> {
        self.lock().read_order(order_id)
    }

    /// `customer.get`'s object.
    pub fn customer(&self, customer_id: i64) -> Option<Value> {
        self.lock().read_customer(customer_id)
    }

    /// How many customers the shop has.
    pub fn customer_count(&self) -> usize {
        self.lock().customers.len()
    }

    /// Every API request so far, oldest first.
    pub fn requests(&self) -> Vec<ApiCall> {
        self.lock().log.clone()
    }

    /// Requests for `op`, failed ones included.
    pub fn calls(&self, op: &str) -> usize {
        self.lock().log.iter().filter(|c| c.op == op).count()
    }

    /// How many write requests (POSTs to the extension's API) reached the shop.
    pub fn writes(&self) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|c| c.method == "POST")
            .count()
    }

    /// Requests for `op` that were answered 2xx.
    pub fn succeeded(&self, op: &str) -> usize {
        let log = &self.lock().log;
        log.iter()
            .filter(|c| c.op == op && (200..300).contains(&c.status))
            .count()
    }

    /// The next `n` requests fail with `status` and change nothing (500:
    /// the extension's `internal_error`; others: a page from in front of
    /// it, e.g. 503 for maintenance mode).
    pub fn fail_next(&self, n: u32, status: u16) {
        self.add_fault(None, n, Effect::Status(status));
    }

    /// Like `fail_next`, for requests with `op` only.
    pub fn fail_op_next(&self, op: &str, n: u32, status: u16) {
        self.add_fault(Some(op), n, Effect::Status(status));
    }

    /// The next `n` requests with `op` are carried out, and answered only
    /// after `after` (longer than the client waits: the answer is lost).
    pub fn lose_answer_next(&self, op: &str, n: u32, after: Duration) {
        self.add_fault(Some(op), n, Effect::LoseAnswer(after));
    }

    /// The shop is back: no more injected faults.
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// Off: every request answers 403 `disabled`.
    pub fn set_enabled(&self, enabled: bool) {
        self.lock().enabled = enabled;
    }

    /// The shop's clock runs `secs` ahead of ours (negative: behind).
    pub fn set_clock_offset(&self, secs: i64) {
        self.lock().clock_offset = secs;
    }

    fn add_fault(&self, op: Option<&str>, n: u32, effect: Effect) {
        let mut st = self.lock();
        st.faults.retain(|f| f.remaining > 0);
        st.faults.push(Fault {
            remaining: n,
            op: op.map(str::to_owned),
            effect,
        });
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for OpenCartEmulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}
