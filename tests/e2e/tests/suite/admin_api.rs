//! The admin API (`synclane::admin`, served by the `admin` function) on the
//! store the Lambda functions use: DynamoDB through the KMS sealing store,
//! on moto. Secrets are sealed at rest and never echoed back. The tenant
//! routes are called with a key of tenant `acme` (`admin_routes` covers
//! who may call what).

use crate::support::app::{CRM_KEY, SECRET, tenant_id, tenant_settings};
use crate::support::aws_stack::AwsStack;
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::Value;
use std::time::Duration;
use synclane::admin::{self, AdminState, AdminToken};
use synclane::store::JournalEntry;

const TOKEN: &str = "admin-token-0123456789abcdef";

struct Admin {
    stack: AwsStack,
    base: String,
    http: reqwest::Client,
    /// A key of `acme`.
    key: String,
}

async fn spawn() -> Admin {
    let stack = AwsStack::create().await;
    let key = crate::support::tenant_keys::on_store(&stack.store, "acme").await;
    let app = admin::router(AdminState::new(
        stack.store.clone(),
        AdminToken::from_token(TOKEN),
        stack.exports(),
        stack.admin_sync(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/admin/tenants", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Admin {
        stack,
        base,
        http: reqwest::Client::new(),
        key,
    }
}

impl Admin {
    async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.key)
            .send();
        answer(response.await.unwrap()).await
    }

    async fn put(&self, path: &str, body: &str) -> (u16, Value) {
        let request = self
            .http
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.key);
        answer(request.body(body.to_owned()).send().await.unwrap()).await
    }

    /// The settings item exactly as DynamoDB holds it.
    async fn raw_settings_item(&self) -> String {
        let item = self
            .stack
            .dynamo
            .get_item()
            .table_name(&self.stack.table)
            .key("pk", AttributeValue::S("T#acme".into()))
            .key("sk", AttributeValue::S("SETTINGS".into()))
            .send()
            .await
            .unwrap();
        format!("{:?}", item.item().expect("the settings item exists"))
    }
}

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn admin_refuses_requests_without_the_token() {
    let admin = spawn().await;
    let url = format!("{}/acme", admin.base);
    let none = admin.http.get(&url).send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    let wrong = admin
        .http
        .get(&url)
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let put = admin
        .http
        .put(&url)
        .bearer_auth("guess")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 401);
    assert_eq!(
        admin.get("/acme").await.0,
        404,
        "authorised, but no such tenant"
    );
}

#[tokio::test]
async fn admin_seals_secrets_at_rest_and_never_echoes_them() {
    let admin = spawn().await;
    let settings = tenant_settings("https://crm.example");
    let body = serde_json::to_string(&settings).unwrap();
    let (status, written) = admin.put("/acme", &body).await;
    assert_eq!(status, 200, "{written}");
    let echoed = written.to_string();
    assert!(
        !echoed.contains(SECRET) && !echoed.contains(CRM_KEY),
        "{echoed}"
    );
    assert_eq!(written["retailcrm"]["api_key"], admin::REDACTED);

    let raw = admin.raw_settings_item().await;
    assert!(
        !raw.contains(SECRET) && !raw.contains(CRM_KEY),
        "clear secret at rest: {raw}"
    );
    assert!(raw.contains("sealed:v1:"), "{raw}");
    let opened = admin
        .stack
        .store
        .tenants
        .get_tenant(&tenant_id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(opened, settings, "the functions read the secrets back");

    // A read-modify-write round trip keeps the secrets it cannot see.
    let (status, mut read) = admin.get("/acme").await;
    assert_eq!(status, 200);
    assert_eq!(read["webhook_secret"], admin::REDACTED);
    read["retailcrm"]["site"] = Value::from("other-site");
    assert_eq!(admin.put("/acme", &read.to_string()).await.0, 200);
    let opened = admin
        .stack
        .store
        .tenants
        .get_tenant(&tenant_id())
        .await
        .unwrap()
        .unwrap();
    let crm = opened.retailcrm.unwrap();
    assert_eq!(
        (crm.site.as_str(), crm.api_key.expose()),
        ("other-site", CRM_KEY)
    );
    assert_eq!(opened.webhook_secret.expose(), SECRET);
}

#[tokio::test]
async fn admin_refuses_bad_settings_and_changes_nothing() {
    let admin = spawn().await;
    let mut other = tenant_settings("https://crm.example");
    other.id = synclane::model::TenantId::parse("other").unwrap();
    let cases = [
        (
            "/acme",
            serde_json::to_string(&other).unwrap(),
            "not the path's",
        ),
        ("/acme", "{\"id\":".to_owned(), "settings:"),
        (
            "/acme",
            r#"{"id":"acme","webhook_secret":"***"}"#.to_owned(),
            "none is stored",
        ),
        (
            "/acme",
            r#"{"id":"acme","webhook_secret":"x","nope":1}"#.to_owned(),
            "unknown field",
        ),
    ];
    for (path, body, why) in cases {
        let (status, error) = admin.put(path, &body).await;
        assert_eq!(status, 400, "{body}: {error}");
        assert!(error["message"].as_str().unwrap().contains(why), "{error}");
    }
    assert_eq!(
        admin
            .stack
            .store
            .tenants
            .get_tenant(&tenant_id())
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn admin_reads_the_journal_newest_first() {
    let admin = spawn().await;
    let body = serde_json::to_string(&tenant_settings("https://crm.example")).unwrap();
    assert_eq!(admin.put("/acme", &body).await.0, 200);
    for (at_ms, id) in [(1_000, "1"), (2_000, "2")] {
        let entry = JournalEntry {
            at_ms: synclane::clock::now_ms() + at_ms,
            entity: "order".into(),
            external_id: id.into(),
            message: format!("failure {id}"),
        };
        let ttl = Duration::from_secs(3600);
        admin
            .stack
            .store
            .journal
            .append_journal(&tenant_id(), &entry, ttl)
            .await
            .unwrap();
    }
    let (status, journal) = admin.get("/acme/journal").await;
    assert_eq!(status, 200, "{journal}");
    let ids: Vec<&str> = journal["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["external_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2", "1"]);
    let (_, one) = admin.get("/acme/journal?limit=1").await;
    assert_eq!(one["entries"].as_array().unwrap().len(), 1);
    let (status, refused) = admin.get("/nobody/journal").await;
    assert_eq!((status, &refused["error"]), (403, &"forbidden".into()));
}
