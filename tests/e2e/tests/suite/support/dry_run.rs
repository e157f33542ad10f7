//! The dry-run admin route as a merchant's client calls it
//! (`POST /admin/tenants/{t}/dry-run` with the tenant's key), the plan of
//! one flow in its answer, and what a dry run must leave as it was: the
//! links of the records it was asked about.

use serde_json::{Value, json};
use std::net::SocketAddr;
use synclane::model::TenantId;
use synclane::store::{LinkKey, Store};

/// An admin-token hash for a `LocalConfig` that must serve the admin API
/// (tenant routes take keys from `tenant_keys`).
pub fn admin_hash() -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(b"dry-run-admin-token-0123456789"))
}

/// A process's dry-run route and console page, with a key of its tenant.
pub struct DryRuns {
    url: String,
    page: String,
    key: String,
    http: reqwest::Client,
}

impl DryRuns {
    /// A key for `tenant` is made on `store`.
    pub async fn new(addr: SocketAddr, store: &Store, tenant: &TenantId) -> DryRuns {
        DryRuns {
            url: format!("http://{addr}/admin/tenants/{tenant}/dry-run"),
            page: format!("http://{addr}/console/tenants/{tenant}/dry-run"),
            key: super::tenant_keys::on_store(store, tenant.as_str()).await,
            http: reqwest::Client::new(),
        }
    }

    /// The whole answer for one record; the route must answer 200.
    pub async fn post(&self, system: &str, entity: &str, id: impl ToString) -> Value {
        let body = json!({"system": system, "entity": entity, "id": id.to_string()});
        let answer = self
            .http
            .post(&self.url)
            .bearer_auth(&self.key)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        let plan: Value = answer.json().await.unwrap();
        assert_eq!(status, 200, "{body} → {plan}");
        plan
    }

    /// The console's dry-run page for one record (the form's GET); it must answer 200.
    pub async fn page(&self, system: &str, entity: &str, id: impl ToString) -> String {
        let id = id.to_string();
        let answer = self
            .http
            .get(&self.page)
            .query(&[("system", system), ("entity", entity), ("id", id.as_str())])
            .bearer_auth(&self.key)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        let page = answer.text().await.unwrap();
        assert_eq!(status, 200, "{page}");
        page
    }

    /// `flow`'s plan for one record.
    pub async fn flow(&self, system: &str, entity: &str, id: impl ToString, flow: &str) -> Value {
        let plan = self.post(system, entity, id).await;
        plan["flows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["flow"] == flow)
            .unwrap_or_else(|| panic!("no {flow} plan in {plan}"))
            .clone()
    }
}

/// A plan's actions in order.
pub fn actions(flow: &Value) -> Vec<&str> {
    flow["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect()
}

/// The command of a plan with `action`.
pub fn command<'a>(flow: &'a Value, action: &str) -> &'a Value {
    flow["commands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == action)
        .unwrap_or_else(|| panic!("no {action} in {flow}"))
}

/// The links of `keys` as they are (absent ones included), to compare.
pub async fn links(store: &Store, keys: &[LinkKey]) -> Vec<String> {
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let link = store.links.get_link(key).await.unwrap();
        out.push(format!("{key}: {link:?}"));
    }
    out
}
