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
    pub customers: Vec<Value>,
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
        self.customers
            .iter()
            .position(|c| c["id"].as_i64() == Some(id))
    }

    /// WordPress's `email_exists`: case-insensitive (MySQL collation).
    pub fn email_owner(&self, email: &str) -> Option<i64> {
        self.customers
            .iter()
            .find(|c| {
                c["email"]
                    .as_str()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .and_then(|c| c["id"].as_i64())
    }
}
