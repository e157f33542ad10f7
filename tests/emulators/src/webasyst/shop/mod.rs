//! An in-process Shop-Script (one Webasyst install with the shop app):
//! orders, their workflow and history, the API methods Synclane calls and
//! the "HTTP request" notifications, for tests and the benchmark.
//!
//! Test-side actions (`place_order`, `act`, `edit_items`) are a manager's
//! or a customer's, through the same workflow as `shop.order.action`, and
//! notify the same way; they are not logged as API calls.

mod methods;
mod notify;
mod search;
mod state;
mod workflow;

use super::api::{self, LoggedCall, shop_time};
use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use state::{Customer, Line, LogRow, Order, Rule, State};
use std::sync::{Arc, Mutex, MutexGuard};

type SharedState = Arc<Mutex<State>>;

/// An order a customer places.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub storefront: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `(name, quantity, price)`.
    pub items: Vec<(String, f64, f64)>,
    pub currency: String,
}

/// A running emulator; the server stops when this is dropped.
pub struct ShopScriptEmulator {
    state: SharedState,
    base_url: String,
    server: tokio::task::JoinHandle<()>,
    faults: crate::faults::FaultInjector,
}

impl ShopScriptEmulator {
    /// The chaos switch and counters of this emulator (off until enabled).
    pub fn chaos(&self) -> &crate::faults::FaultInjector {
        &self.faults
    }

    /// Starts on `127.0.0.1:0` with one API token of scope `shop`.
    pub async fn start(token: &str) -> ShopScriptEmulator {
        let state: SharedState = Arc::new(Mutex::new(State {
            token: token.to_owned(),
            times: 1,
            ..State::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let faults = crate::faults::FaultInjector::default();
        let app = faults.layer(
            axum::Router::new()
                .fallback(handle)
                .with_state(state.clone()),
        );
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        ShopScriptEmulator {
            state,
            base_url,
            server,
            faults,
        }
    }

    /// The install's root (the API is `{base_url}/api.php`).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// An "HTTP request" rule for every order action: `headers` and `post`
    /// as the rule's lines (`name`, `value` or `{$template}`), sent as JSON
    /// (`json`) or as a form.
    pub fn notify(&self, url: &str, headers: &[(&str, &str)], post: &[(&str, &str)], json: bool) {
        let pairs = |p: &[(&str, &str)]| {
            p.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        self.lock().rule = Some(Rule {
            url: url.to_owned(),
            headers: pairs(headers),
            post: pairs(post),
            json,
        });
    }

    /// The next `n` notifications are lost (never sent).
    pub fn lose_notifications(&self, n: u32) {
        self.lock().lose = n;
    }

    /// Every notification is sent `times` times.
    pub fn repeat_notifications(&self, times: u32) {
        self.lock().times = times.max(1);
    }

    /// Notifications that reached their URL (a 2xx answer).
    pub fn notifications_delivered(&self) -> u32 {
        self.lock().sent
    }

    /// A customer places an order (state `new`); returns its id. A
    /// customer whose e-mail the shop knows places it as that contact (a
    /// returning customer), others as a new one.
    pub async fn place_order(&self, new: NewOrder) -> i64 {
        let (id, out) = {
            let mut st = self.lock();
            let known = st
                .orders
                .iter()
                .find(|o| new.email.is_some() && o.customer.email == new.email)
                .map(|o| o.customer.id);
            let id = st.next();
            let contact = known.unwrap_or_else(|| st.next());
            let now = shop_time(time::OffsetDateTime::now_utc());
            let order = Order {
                id,
                customer: Customer {
                    id: contact,
                    name: new.name,
                    email: new.email,
                    phone: new.phone,
                },
                state_id: "new".into(),
                create_datetime: now.clone(),
                update_datetime: None,
                currency: new.currency,
                storefront: new.storefront,
                items: new
                    .items
                    .into_iter()
                    .map(|(name, quantity, price)| Line {
                        name,
                        quantity,
                        price,
                    })
                    .collect(),
                before_delete: None,
            };
            let log_id = st.next();
            let row = LogRow {
                id: log_id,
                order_id: id,
                action_id: "create".into(),
                before: String::new(),
                after: "new".into(),
                datetime: now,
            };
            st.log.push(row.clone());
            st.orders.push(order.clone());
            (id, notify::outgoing(&mut st, &order, &row))
        };
        self.deliver(out).await;
        id
    }

    /// A manager runs `action` in the backend; `false` when the order's
    /// state does not offer it.
    pub async fn act(&self, id: i64, action: &str) -> bool {
        let out = {
            let mut st = self.lock();
            let Some(row) = st.run(id, action) else {
                return false;
            };
            let order = st
                .orders
                .iter()
                .find(|o| o.id == id)
                .cloned()
                .expect("the order");
            notify::outgoing(&mut st, &order, &row)
        };
        self.deliver(out).await;
        true
    }

    /// A manager edits the order's items (the `edit` action).
    pub async fn edit_items(&self, id: i64, items: &[(&str, f64, f64)]) -> bool {
        {
            let mut st = self.lock();
            let Some(order) = st.order_mut(id) else {
                return false;
            };
            order.items = items
                .iter()
                .map(|(n, q, p)| Line {
                    name: n.to_string(),
                    quantity: *q,
                    price: *p,
                })
                .collect();
        }
        self.act(id, "edit").await
    }

    /// The order as `shop.order.getInfo` shows it.
    pub fn order(&self, id: i64) -> Option<Value> {
        self.lock()
            .orders
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.json(false))
    }

    /// The order's state.
    pub fn state_of(&self, id: i64) -> String {
        self.lock()
            .orders
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.state_id.clone())
            .unwrap_or_default()
    }

    /// The actions run on the order so far, oldest first.
    pub fn history(&self, id: i64) -> Vec<String> {
        self.lock()
            .log
            .iter()
            .filter(|r| r.order_id == id && !r.action_id.is_empty())
            .map(|r| r.action_id.clone())
            .collect()
    }

    /// Every API call so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedCall> {
        self.lock().calls.clone()
    }

    /// How many calls of `method` (`shop.order.action`) were made.
    pub fn calls(&self, method: &str) -> usize {
        self.lock()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .count()
    }

    pub fn clear_log(&self) {
        self.lock().calls.clear();
    }

    /// The next `n` API calls fail with `status`.
    pub fn set_fail_next(&self, n: u32, status: u16) {
        self.lock().fault = api::Fault {
            remaining: n,
            status,
        };
    }

    async fn deliver(&self, out: Vec<notify::Outgoing>) {
        let delivered = notify::send(out).await;
        note_sent(&self.state, &delivered);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for ShopScriptEmulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A delivered notification leaves a history entry without an action.
fn note_sent(state: &SharedState, delivered: &[i64]) {
    let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
    for order_id in delivered {
        st.sent += 1;
        let id = st.next();
        let now = shop_time(time::OffsetDateTime::now_utc());
        let at = st
            .orders
            .iter()
            .find(|o| o.id == *order_id)
            .map(|o| o.state_id.clone())
            .unwrap_or_default();
        st.log.push(LogRow {
            id,
            order_id: *order_id,
            action_id: String::new(),
            before: at.clone(),
            after: at,
            datetime: now,
        });
    }
}

async fn handle(
    Shared(state): Shared<SharedState>,
    verb: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (answer, out) = {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(fault) = st.fault.take() {
            return fault.into_response();
        }
        let token = st.token.clone();
        match api::call("shop", &token, verb, &uri, &headers, &body) {
            Err(answer) => (answer, Vec::new()),
            Ok(call) => {
                let (answer, out) = match methods::dispatch(&mut st, &call) {
                    Ok(done) => done,
                    Err(refused) => (refused, Vec::new()),
                };
                st.calls.push(LoggedCall::of(&call, answer.status));
                (answer, out)
            }
        }
    };
    // The shop sends its notifications before it answers, as PHP does.
    let delivered = notify::send(out).await;
    note_sent(&state, &delivered);
    answer.into_response()
}
