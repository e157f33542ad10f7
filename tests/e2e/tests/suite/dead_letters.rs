//! Issue 16: a tenant's dead letters through the admin API, on both
//! backends. A message the CRM refuses for good is recorded with its flow,
//! record, error and receive count; its body is shown with secrets
//! redacted; a replay applies it once, and a second replay (or a stale
//! copy) does not apply it again; discard removes one; another tenant's
//! dead letter is invisible, and cannot be replayed or discarded.

use crate::metering::{ADMIN_TOKEN, admin_hash};
use crate::support::app::{Backend, CRM_KEY, SECRET, TENANT, TestApp};
use crate::support::on_both_backends;
use crate::support::opencart::{ANNA, order_event};
use serde_json::Value;
use synclane::flows::Outcome;
use synclane::model::TenantId;
use synclane::secret::Secret;
use synclane::settings::TenantSettings;
use synclane::store::DeadLetter;

struct Admin {
    base: String,
    http: reqwest::Client,
    /// A key per tenant: each path is called with its own tenant's key.
    keys: crate::support::tenant_keys::KeyRing,
}

impl Admin {
    async fn call(&self, method: reqwest::Method, path: &str) -> (u16, Value) {
        let tenant = path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default();
        let key = self.keys.key(tenant).await;
        let response = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn list(&self, tenant: &str) -> Vec<Value> {
        let (status, body) = self
            .call(reqwest::Method::GET, &format!("/{tenant}/dead-letters"))
            .await;
        assert_eq!(status, 200, "{body}");
        body["dead_letters"].as_array().unwrap().clone()
    }
}

fn orders_with(app: &TestApp, external_id: &str) -> usize {
    app.crm
        .orders()
        .iter()
        .filter(|o| o["externalId"] == external_id)
        .count()
}

/// Posts order `id` while the CRM refuses its creation for good (400).
async fn dead_lettered_order(app: &TestApp, id: i64) {
    app.crm.fail_path_next("/orders/create", 1, 400);
    let event = order_event(id, &ANNA, None, 1, "2026-11-22 10:00:00");
    assert_eq!(app.post_opencart(&event).await.status(), 202);
    app.drain().await;
}

async fn dead_letters_listed_replayed_once_and_kept_per_tenant(backend: Backend) {
    let app = TestApp::spawn_configured(backend, |config| {
        config.admin_token_sha256 = Some(admin_hash());
    })
    .await;
    let admin = Admin {
        base: format!("http://{}/admin/tenants", app.local.addr),
        http: reqwest::Client::new(),
        keys: crate::support::tenant_keys::KeyRing::new(
            format!("http://{}", app.local.addr),
            ADMIN_TOKEN,
        ),
    };
    // Another tenant with a dead letter of its own.
    let globex = TenantId::parse("globex").unwrap();
    let store = app.store();
    store
        .tenants
        .put_tenant(&TenantSettings::new(
            globex.clone(),
            Secret::new("whsec-globex"),
        ))
        .await
        .unwrap();
    let theirs = DeadLetter {
        id: "globex-message-1".into(),
        flow: Some("opencart_crm".into()),
        source: "opencart".into(),
        kind: "order".into(),
        record: "9".into(),
        error: "refused".into(),
        at_ms: 1,
        receive_count: 1,
        group: "globex".into(),
        body: "{}".into(),
    };
    store
        .dead_letters
        .put_dead_letter(&globex, &theirs)
        .await
        .unwrap();

    dead_lettered_order(&app, 5101).await;
    assert_eq!(orders_with(&app, "5101"), 0);
    let listed = admin.list(TENANT).await;
    assert_eq!(listed.len(), 1, "{listed:#?}");
    let letter = &listed[0];
    assert_eq!(letter["flow"], "opencart_crm");
    assert_eq!(
        (letter["kind"].as_str(), letter["record"].as_str()),
        (Some("order"), Some("5101"))
    );
    assert_eq!(letter["receive_count"], 1);
    assert!(
        letter["error"].as_str().unwrap().contains("retailcrm"),
        "{letter}"
    );
    assert!(letter.get("body").is_none(), "the list leaves bodies out");
    let id = letter["id"].as_str().unwrap().to_owned();

    // Inspect: the body, with no secret of the tenant in it.
    let (status, inspected) = admin
        .call(
            reqwest::Method::GET,
            &format!("/{TENANT}/dead-letters/{id}"),
        )
        .await;
    assert_eq!(status, 200, "{inspected}");
    assert_eq!(inspected["body"]["tenant"], TENANT);
    assert_eq!(inspected["body"]["external_id"], "5101");
    let shown = inspected.to_string();
    assert!(
        !shown.contains(SECRET) && !shown.contains(CRM_KEY),
        "{shown}"
    );

    // The other tenant's letter is invisible from this tenant's routes.
    let other = format!("/{TENANT}/dead-letters/{}", theirs.id);
    for (method, path) in [
        (reqwest::Method::GET, other.clone()),
        (reqwest::Method::POST, format!("{other}/replay")),
        (reqwest::Method::DELETE, other.clone()),
    ] {
        let (status, body) = admin.call(method.clone(), &path).await;
        assert_eq!(status, 404, "{method} {path}: {body}");
    }
    assert_eq!(admin.list("globex").await.len(), 1, "still there");

    // Replay: applied once. A second replay finds nothing to replay.
    let (status, body) = admin
        .call(
            reqwest::Method::POST,
            &format!("/{TENANT}/dead-letters/{id}/replay"),
        )
        .await;
    assert_eq!(
        (status, body["replayed"][0].as_str()),
        (202, Some(id.as_str())),
        "{body}"
    );
    let (status, _) = admin
        .call(
            reqwest::Method::POST,
            &format!("/{TENANT}/dead-letters/{id}/replay"),
        )
        .await;
    assert_eq!(status, 404, "replayed already");
    app.drain().await;
    assert_eq!(orders_with(&app, "5101"), 1, "applied by the replay");
    assert!(admin.list(TENANT).await.is_empty());
    // A stale copy of the replayed body (a racing replay that got past the
    // queue's dedupe) is not applied again: the event's done-key.
    let body = inspected["body"].to_string();
    let again = app.worker.handle("a-stale-copy", &body).await.unwrap();
    assert_eq!(again, Outcome::Skipped("already applied".into()));
    app.drain().await;
    assert_eq!(orders_with(&app, "5101"), 1, "not applied twice");

    // Discard one, replay the rest.
    dead_lettered_order(&app, 5102).await;
    dead_lettered_order(&app, 5103).await;
    let listed = admin.list(TENANT).await;
    assert_eq!(listed.len(), 2, "{listed:#?}");
    let discarded = listed.iter().find(|l| l["record"] == "5102").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = admin
        .call(
            reqwest::Method::DELETE,
            &format!("/{TENANT}/dead-letters/{discarded}"),
        )
        .await;
    assert_eq!(status, 204);
    let (status, _) = admin
        .call(
            reqwest::Method::DELETE,
            &format!("/{TENANT}/dead-letters/{discarded}"),
        )
        .await;
    assert_eq!(status, 404);
    let (status, body) = admin
        .call(
            reqwest::Method::POST,
            &format!("/{TENANT}/dead-letters/replay-all"),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["replayed"].as_array().unwrap().len(), 1, "{body}");
    app.drain().await;
    assert_eq!(orders_with(&app, "5103"), 1);
    assert_eq!(orders_with(&app, "5102"), 0, "discarded");
    assert!(admin.list(TENANT).await.is_empty());
    assert_eq!(
        admin.list("globex").await.len(),
        1,
        "replay-all is per tenant"
    );
}

on_both_backends! {
    dead_letters_listed_replayed_once_and_kept_per_tenant => dead_letters_listed_replayed_once_and_kept_per_tenant_sqlite, dead_letters_listed_replayed_once_and_kept_per_tenant_aws;
}
