//! Issue 16, item 3: usage metering counts each applied event once per
//! tenant, flow and day, whatever the deliveries and crashes, and the usage
//! API reports it in JSON and CSV.

mod killed;
mod redelivered;

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

pub const ADMIN_TOKEN: &str = "admin-token-for-metering-0123456789";

pub fn admin_hash() -> String {
    hex::encode(Sha256::digest(ADMIN_TOKEN))
}

/// A key of `tenant` on the server at `addr` (made over the operator routes).
pub async fn tenant_key(addr: &str, tenant: &str) -> String {
    let http = reqwest::Client::new();
    crate::support::tenant_keys::over_http(&http, &format!("http://{addr}"), ADMIN_TOKEN, tenant)
        .await
}

/// `GET /admin/tenants/{tenant}/usage{query}` on the server at `addr`, as JSON.
pub async fn usage(addr: &str, tenant: &str, query: &str) -> (u16, Value) {
    let key = tenant_key(addr, tenant).await;
    let response = reqwest::Client::new()
        .get(format!("http://{addr}/admin/tenants/{tenant}/usage{query}"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Polls `check` every 100 ms until it holds or `limit` passed.
pub async fn eventually<F: std::future::Future<Output = bool>>(
    check: impl Fn() -> F,
    limit: Duration,
    what: &str,
) {
    let deadline = Instant::now() + limit;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
