//! The emulator's shop: users (kept as the API's JSON), the key, shop
//! options, the request log, the fault plan and the e-mail counter.

use serde_json::Value;

/// One request as the emulator saw it (never the key or secret).
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    pub method: String,
    /// The path after `/wp-json`, e.g. `/wc/v3/customers/batch`.
    pub path: String,
    /// Query parameters, `consumer_key` / `consumer_secret` removed.
    pub query: Vec<(String, String)>,
    /// The JSON body, if any (passwords replaced by `***`).
    pub body: Option<Value>,
    /// Whether the key came in the query string rather than Basic auth.
    pub query_auth: bool,
    pub status: u16,
}

/// The next `remaining` requests (to paths starting with `path`, when
/// set) fail with `status` (and `Retry-After`).
#[derive(Debug, Clone)]
pub(crate) struct Fault {
    pub remaining: u32,
    pub status: u16,
    pub retry_after: Option<u64>,
    pub path: Option<String>,
}

/// Shop settings that change what the API does.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// WooCommerce → Settings → Emails → New account (on by default).
    pub new_account_email: bool,
    /// `woocommerce_registration_generate_password` (yes on a fresh install):
    /// when off, `POST /customers` without a password is 400.
    pub generate_password: bool,
    /// The key's permissions: `read`, `write` or `read_write`.
    pub key_permissions: String,
}

/// A "New account" e-mail the shop sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccountEmail {
    pub to: String,
    /// A set-password link is in it (the shop generated the password).
    pub set_password_link: bool,
}

pub(crate) struct State {
    pub consumer_key: String,
    pub consumer_secret: String,
    /// WordPress login and application password allowed to change roles.
    pub wp_admin: Option<(String, String)>,
    pub roles: Vec<String>,
    /// Every user; change it only through the methods below, which keep
    /// the indexes.
    pub customers: Vec<Value>,
    /// Position by id, owner by lower-case e-mail, and the usernames: kept
    /// by every change, so look-ups stay cheap with tens of thousands of
    /// accounts (the benchmark's).
    positions: std::collections::HashMap<i64, usize>,
    owners: std::collections::HashMap<String, i64>,
    usernames: std::collections::HashSet<String>,
    /// Write-only: never shown by the API.
    pub passwords: std::collections::HashMap<i64, String>,
    pub options: Options,
    pub emails: Vec<NewAccountEmail>,
    pub log: Vec<LoggedRequest>,
    pub fault: Option<Fault>,
    next_id: i64,
    next_meta: i64,
}

impl State {
    pub fn new(key: &str, secret: &str) -> Self {
        State {
            consumer_key: key.to_owned(),
            consumer_secret: secret.to_owned(),
            wp_admin: None,
            roles: [
                "administrator",
                "editor",
                "author",
                "contributor",
                "subscriber",
                "customer",
                "shop_manager",
            ]
            .map(str::to_owned)
            .to_vec(),
            customers: Vec::new(),
            positions: Default::default(),
            owners: Default::default(),
            usernames: Default::default(),
            passwords: Default::default(),
            options: Options {
                new_account_email: true,
                generate_password: true,
                key_permissions: "read_write".into(),
            },
            emails: Vec::new(),
            log: Vec::new(),
            fault: None,
            next_id: 0,
            next_meta: 0,
        }
    }

    pub fn user_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn meta_id(&mut self) -> i64 {
        self.next_meta += 1;
        self.next_meta
    }

    pub fn index(&self, id: i64) -> Option<usize> {
        self.positions.get(&id).copied()
    }

    /// WordPress's `email_exists`: case-insensitive (MySQL collation).
    pub fn email_owner(&self, email: &str) -> Option<i64> {
        self.owners.get(&email.to_ascii_lowercase()).copied()
    }

    pub fn username_taken(&self, username: &str) -> bool {
        self.usernames.contains(username)
    }

    /// Adds a new user.
    pub fn push_customer(&mut self, record: Value) {
        self.customers.push(record);
        let i = self.customers.len() - 1;
        self.index_one(i);
    }

    /// Replaces the user at position `i` (its id unchanged).
    pub fn set_customer(&mut self, i: usize, record: Value) {
        let old = std::mem::replace(&mut self.customers[i], record);
        if let Some(email) = old["email"].as_str() {
            self.owners.remove(&email.to_ascii_lowercase());
        }
        if let Some(name) = old["username"].as_str() {
            self.usernames.remove(name);
        }
        self.index_one(i);
    }

    /// Removes the user at position `i`.
    pub fn remove_customer(&mut self, i: usize) -> Value {
        let removed = self.customers.remove(i);
        self.positions.clear();
        self.owners.clear();
        self.usernames.clear();
        for n in 0..self.customers.len() {
            self.index_one(n);
        }
        removed
    }

    fn index_one(&mut self, i: usize) {
        let c = &self.customers[i];
        if let Some(id) = c["id"].as_i64() {
            self.positions.insert(id, i);
            if let Some(email) = c["email"].as_str() {
                self.owners.insert(email.to_ascii_lowercase(), id);
            }
        }
        if let Some(name) = c["username"].as_str() {
            self.usernames.insert(name.to_owned());
        }
    }
}
