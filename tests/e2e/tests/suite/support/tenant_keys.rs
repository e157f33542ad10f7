//! Tenant API keys for tests that call tenant routes of the admin API
//! (the operator token reaches only the operator routes).

use serde_json::{Value, json};
use synclane::model::TenantId;
use synclane::store::{Account, Store};

/// A key for `tenant` made on `store` directly (creating its account when missing).
pub async fn on_store(store: &Store, tenant: &str) -> String {
    let tenant = &TenantId::parse(tenant).unwrap();
    let account = Account {
        tenant: tenant.clone(),
        created_ms: synclane::clock::now_ms(),
        disabled: false,
    };
    store.accounts.create_account(&account).await.unwrap();
    synclane::admin::keys::issue(store.accounts.as_ref(), tenant, "test")
        .await
        .unwrap()
        .expect("the account is enabled")
        .key
}

/// A key for `tenant` from the operator routes at `origin` (`http://host:port`):
/// creates its account, or issues another key when it has one.
pub async fn over_http(
    http: &reqwest::Client,
    origin: &str,
    operator: &str,
    tenant: &str,
) -> String {
    let created = http
        .post(format!("{origin}/admin/accounts"))
        .bearer_auth(operator)
        .json(&json!({"tenant": tenant, "label": "test"}))
        .send()
        .await
        .unwrap();
    if created.status() == 201 {
        let body: Value = created.json().await.unwrap();
        return body["key"]["key"].as_str().unwrap().to_owned();
    }
    assert_eq!(created.status(), 409, "create the account of {tenant}");
    let issued = http
        .post(format!("{origin}/admin/accounts/{tenant}/keys"))
        .bearer_auth(operator)
        .send()
        .await
        .unwrap();
    assert_eq!(issued.status(), 201, "issue a key for {tenant}");
    let body: Value = issued.json().await.unwrap();
    body["key"].as_str().unwrap().to_owned()
}

/// Tenant keys made on demand over the operator routes, one per tenant.
pub struct KeyRing {
    http: reqwest::Client,
    origin: String,
    operator: String,
    keys: tokio::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl KeyRing {
    pub fn new(origin: impl Into<String>, operator: impl Into<String>) -> Self {
        KeyRing {
            http: reqwest::Client::new(),
            origin: origin.into(),
            operator: operator.into(),
            keys: Default::default(),
        }
    }

    /// `tenant`'s key (made on first use).
    pub async fn key(&self, tenant: &str) -> String {
        let mut keys = self.keys.lock().await;
        if let Some(key) = keys.get(tenant) {
            return key.clone();
        }
        let key = over_http(&self.http, &self.origin, &self.operator, tenant).await;
        keys.insert(tenant.to_owned(), key.clone());
        key
    }
}
