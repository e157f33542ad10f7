//! Every operation of `/admin/openapi.json`, walked: it is served (401
//! without a credential, so neither 404 nor 405), it declares the
//! credential its path calls for, and the other credentials are refused:
//! on a tenant route, tenant B's key gets 403 for tenant A and for a tenant
//! that does not exist, with the same body; the operator token gets 403;
//! on an operator route, a tenant key gets 403.

use super::harness::{Backend, OPERATOR, Served};
use reqwest::Method;
use serde_json::Value;
use synclane::admin::SignInLimit;

const TENANT_PREFIX: &str = "/admin/tenants/{tenant}";

/// `path` with `{tenant}` set to `tenant` and any other parameter to `1`.
fn concrete(path: &str, tenant: &str) -> String {
    let with_tenant = path.replace("{tenant}", tenant);
    let mut out = String::new();
    let mut rest = with_tenant.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').unwrap() + open;
        out.push('1');
        rest = &rest[close + 1..];
    }
    out + rest
}

async fn status_and_body(response: reqwest::Response) -> (u16, String) {
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn walk(backend: Backend) {
    // The walk presents no credential on purpose, once per operation: a
    // roomy sign-in limit keeps those from tripping it (`sign_in` tests it).
    let served = Served::start(
        backend,
        SignInLimit::new(10_000, std::time::Duration::from_secs(60), 100),
    )
    .await;
    served.tenant("tenant-a").await;
    let key_b = served.tenant("tenant-b").await;
    let doc: Value = served
        .send(Method::GET, synclane::admin::OPENAPI_PATH, None)
        .await
        .json()
        .await
        .unwrap();
    let (mut tenant_ops, mut operator_ops) = (0, 0);
    for (path, item) in doc["paths"].as_object().expect("the document has paths") {
        for (method, operation) in item.as_object().unwrap() {
            let Ok(method) = Method::from_bytes(method.to_uppercase().as_bytes()) else {
                continue;
            };
            if !["GET", "PUT", "POST", "DELETE", "PATCH"].contains(&method.as_str()) {
                continue;
            }
            let what = format!("{method} {path}");
            let schemes: Vec<&str> = operation["security"]
                .as_array()
                .unwrap_or_else(|| panic!("{what} declares its credential"))
                .iter()
                .flat_map(|s| s.as_object().unwrap().keys().map(String::as_str))
                .collect();
            let unauthenticated = served
                .send(method.clone(), &concrete(path, "tenant-b"), None)
                .await;
            assert_eq!(
                unauthenticated.status(),
                401,
                "{what} is served and needs a credential"
            );

            if path == TENANT_PREFIX || path.starts_with(&format!("{TENANT_PREFIX}/")) {
                tenant_ops += 1;
                assert_eq!(schemes, ["tenant_key"], "{what}");
                let other = served
                    .send(method.clone(), &concrete(path, "tenant-a"), Some(&key_b))
                    .await;
                let ghost = served
                    .send(
                        method.clone(),
                        &concrete(path, "no-such-tenant"),
                        Some(&key_b),
                    )
                    .await;
                let (other, ghost) = (status_and_body(other).await, status_and_body(ghost).await);
                assert_eq!(other.0, 403, "{what} for another tenant: {}", other.1);
                assert_eq!(
                    other, ghost,
                    "{what}: an existing and a missing tenant answer alike"
                );
                let operator = served
                    .send(method.clone(), &concrete(path, "tenant-a"), Some(OPERATOR))
                    .await;
                assert_eq!(operator.status(), 403, "{what} with the operator token");
                let own = served
                    .send(method.clone(), &concrete(path, "tenant-b"), Some(&key_b))
                    .await;
                assert!(
                    ![401, 403].contains(&own.status().as_u16()),
                    "{what} own tenant: {}",
                    own.status()
                );
            } else if path.starts_with("/admin/accounts") {
                operator_ops += 1;
                assert_eq!(schemes, ["operator_token"], "{what}");
                let probe = concrete(path, "walk-probe");
                let tenant = served.send(method.clone(), &probe, Some(&key_b)).await;
                assert_eq!(tenant.status(), 403, "{what} with a tenant key");
                let operator = served.send(method.clone(), &probe, Some(OPERATOR)).await;
                assert!(
                    ![401, 403].contains(&operator.status().as_u16()),
                    "{what} operator: {}",
                    operator.status()
                );
            } else {
                panic!("{what}: neither a tenant nor an operator route");
            }
        }
    }
    assert!(
        tenant_ops >= 8 && operator_ops >= 6,
        "walked {tenant_ops} tenant and {operator_ops} operator operations"
    );
    // Nothing was changed for tenant A by the refused calls.
    let a = synclane::model::TenantId::parse("tenant-a").unwrap();
    assert_eq!(served.store.accounts.list_keys(&a).await.unwrap().len(), 1);
}

#[tokio::test]
async fn every_route_refuses_other_tenants_and_the_wrong_credential_sqlite() {
    walk(Backend::Sqlite).await;
}

#[tokio::test]
async fn every_route_refuses_other_tenants_and_the_wrong_credential_dynamo() {
    walk(Backend::Dynamo).await;
}
