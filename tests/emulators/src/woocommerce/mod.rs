//! An in-process WooCommerce (REST v3 customers, plus the WordPress users
//! route role deactivation needs) that enforces the vendor's contract, for
//! tests and the demo.
//!
//! What it enforces (see `auth`, `customers`, `batch`, `users`): the key in
//! Basic auth or the query (query first), unknown key → anonymous → 401 with
//! the endpoint's code, wrong secret → 401 `woocommerce_rest_authentication_error`,
//! read/write key permissions; `email` required (and `password` when the shop
//! does not generate passwords), e-mails unique (400
//! `registration-error-email-exists`); `username` not editable; `role`
//! read-only (ignored when sent, as WordPress drops read-only arguments);
//! e-mail/password changes and deletes refused for roles other than
//! customer/subscriber; `meta_data` kept and updated by key; lists with
//! `role` (default `customer`: other roles hidden), `per_page` ≤ 100,
//! `page`, `email`, `include`, `orderby`, `order`, and `X-WP-Total`/`X-WP-TotalPages`;
//! batches of at most 100 items (413) with per-item errors inside a 200;
//! `DELETE` without `force=true` → 501 `woocommerce_rest_trash_not_supported`.
//! It counts the "New account" e-mails the shop would send (when enabled,
//! with a set-password link when it generated the password), logs requests
//! (secrets and passwords left out), and injects faults. `webhook` sends
//! deliveries signed as WooCommerce signs them.

mod auth;
mod batch;
mod create;
mod customers;
mod request;
mod router;
mod state;
mod users;
mod webhook;

pub use state::{LoggedRequest, NewAccountEmail};
pub use webhook::{Delivery, MAX_FAILURES, Webhook, sign};

use router::SharedState;
use serde_json::{Map, Value, json};
use state::{Fault, State};
use std::sync::{Arc, Mutex, MutexGuard};

/// A running emulator; the server stops when this is dropped.
pub struct WooCommerceEmulator {
    state: SharedState,
    base_url: String,
    server: tokio::task::JoinHandle<()>,
    faults: crate::faults::FaultInjector,
}

impl WooCommerceEmulator {
    /// The chaos switch and counters of this emulator (off until enabled).
    pub fn chaos(&self) -> &crate::faults::FaultInjector {
        &self.faults
    }

    /// Starts on `127.0.0.1:0` with one read/write REST key.
    pub async fn start(consumer_key: &str, consumer_secret: &str) -> WooCommerceEmulator {
        let state: SharedState = Arc::new(Mutex::new(State::new(consumer_key, consumer_secret)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let faults = crate::faults::FaultInjector::default();
        let app = faults.layer(router::router(state.clone()));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        WooCommerceEmulator {
            state,
            base_url,
            server,
            faults,
        }
    }

    /// The site's address (the API lives under `/wp-json/wc/v3`).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Every user, as the API shows them.
    pub fn customers(&self) -> Vec<Value> {
        self.lock().customers.clone()
    }

    pub fn customer(&self, id: i64) -> Option<Value> {
        let st = self.lock();
        st.index(id).map(|i| st.customers[i].clone())
    }

    /// Creates an account as a shopper or a manager would (no e-mail counted);
    /// returns its id.
    pub fn seed_customer(&self, email: &str, role: &str) -> i64 {
        let mut st = self.lock();
        let sent = st.options.new_account_email;
        st.options.new_account_email = false;
        let mut body = Map::new();
        body.insert("email".into(), json!(email));
        body.insert("password".into(), json!("seeded-password"));
        let created = create::create(&mut st, &body, false);
        st.options.new_account_email = sent;
        let mut created = created.unwrap_or_else(|e| panic!("seed refused: {e:?}"));
        let id = created["id"].as_i64().expect("an id");
        if let Some(i) = st.index(id) {
            let mut record = st.customers[i].clone();
            record["role"] = json!(role);
            st.set_customer(i, record);
            created["role"] = json!(role);
        }
        id
    }

    /// The password the shop holds for `id` (write-only in the API).
    pub fn password_of(&self, id: i64) -> Option<String> {
        self.lock().passwords.get(&id).cloned()
    }

    /// "New account" e-mails sent so far.
    pub fn new_account_emails(&self) -> Vec<NewAccountEmail> {
        self.lock().emails.clone()
    }

    /// WooCommerce → Settings → Emails → New account (on by default).
    pub fn set_new_account_email(&self, enabled: bool) {
        self.lock().options.new_account_email = enabled;
    }

    /// The shop's "generate password" account option (on by default).
    pub fn set_generate_password(&self, on: bool) {
        self.lock().options.generate_password = on;
    }

    /// `read`, `write` or `read_write` (the default).
    pub fn set_key_permissions(&self, permissions: &str) {
        self.lock().options.key_permissions = permissions.to_owned();
    }

    /// A WordPress administrator and one of their application passwords.
    pub fn set_wp_admin(&self, login: &str, application_password: &str) {
        self.lock().wp_admin = Some((login.to_owned(), application_password.to_owned()));
    }

    /// A role a plugin registered (e.g. `b2b_blocked`).
    pub fn add_role(&self, role: &str) {
        self.lock().roles.push(role.to_owned());
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    /// How many `method` requests reached `path` (after `/wp-json`, e.g.
    /// `/wc/v3/customers/batch`), failed ones included.
    pub fn calls(&self, method: &str, path: &str) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    /// The next `n` requests, whatever they are, fail with `status`.
    pub fn set_fail_next(&self, n: u32, status: u16) {
        self.lock().fault = Some(Fault {
            remaining: n,
            status,
            retry_after: None,
            path: None,
        });
    }

    /// The next `n` requests to paths starting with `path` (after
    /// `/wp-json`, e.g. `/wp/v2/users`) fail with `status`; others pass.
    pub fn set_fail_next_on(&self, path: &str, n: u32, status: u16) {
        self.lock().fault = Some(Fault {
            remaining: n,
            status,
            retry_after: None,
            path: Some(path.to_owned()),
        });
    }

    /// Removes an account as an administrator would in WordPress (no
    /// request logged); returns it as the API showed it.
    pub fn remove_customer(&self, id: i64) -> Option<Value> {
        let mut st = self.lock();
        let i = st.index(id)?;
        st.passwords.remove(&id);
        Some(st.remove_customer(i))
    }

    /// Edits an account's fields as a shop manager would in wp-admin (no
    /// request logged): `fields` is merged into the API's JSON, objects
    /// (`billing`) key by key. Returns the account after the edit.
    pub fn edit_customer(&self, id: i64, fields: &Value) -> Option<Value> {
        let mut st = self.lock();
        let i = st.index(id)?;
        let mut record = st.customers[i].clone();
        merge(&mut record, fields);
        st.set_customer(i, record.clone());
        Some(record)
    }

    /// Like `set_fail_next`, with a `Retry-After: secs` header.
    pub fn set_fail_next_with_retry_after(&self, n: u32, status: u16, secs: u64) {
        self.lock().fault = Some(Fault {
            remaining: n,
            status,
            retry_after: Some(secs),
            path: None,
        });
    }

    /// A webhook of this shop posting to `delivery_url`, signed with `secret`.
    pub fn webhook(&self, id: u64, delivery_url: &str, secret: &str) -> Webhook {
        Webhook::new(id, delivery_url, secret, &format!("{}/", self.base_url))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `patch` merged into `target`, objects key by key.
fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                merge(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (t, p) => *t = p.clone(),
    }
}

impl Drop for WooCommerceEmulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}
