//! Customer management through the admin API (CM-1..CM-4), against the
//! OpenCart emulator's extension endpoints, on both backends.

mod console;
mod crm_woo_writes;
mod edit;
mod export;
mod jobs;
mod list;
mod systems;
mod transactions;

use crate::support::oc_app::OcApp;
use serde_json::Value;

/// The admin API of an `OcApp`, with the tenant's key.
pub struct Admin {
    base: String,
    key: String,
    http: reqwest::Client,
}

impl Admin {
    pub fn of(app: &OcApp) -> Admin {
        Admin {
            base: app.admin_url(),
            key: app.key.clone(),
            http: reqwest::Client::new(),
        }
    }

    /// The admin API at `base` (`http://host/admin/tenants/{t}`) with `key`.
    pub fn at(base: String, key: String) -> Admin {
        Admin {
            base,
            key,
            http: reqwest::Client::new(),
        }
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.key)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        answer(self.request(reqwest::Method::GET, path)).await
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
        answer(self.request(method, path).json(&body)).await
    }
}

async fn answer(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The ids of a list answer's rows, in order.
pub fn ids(list: &Value) -> Vec<String> {
    list["customers"]
        .as_array()
        .expect("a customer list")
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect()
}
