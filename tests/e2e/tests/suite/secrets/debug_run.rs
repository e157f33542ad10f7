//! Issue 18, item 4: `synclane serve` with `RUST_LOG=debug` and a tenant on
//! OpenCart, the CRM, MoySklad (webhooks, ICML feed) and the ERP feed, run
//! through good events and the error paths: MoySklad failing while the
//! webhooks are registered, the CRM answering 500 and 401 (retries, dead
//! letters and journal entries), wrong signatures and tokens on every hook,
//! a wrong admin token. Every log line, every answer body and the journal
//! are searched for each configured secret: none is there.

use crate::support::app::{CRM_KEY, SECRET, SITE, TENANT, sign, tenant_settings};
use crate::support::opencart::{Person, order_body};
use crate::support::process::{self, Extras, Options, Synclane, free_port};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use synclane::secret::Secret;
use synclane::settings::{ErpSettings, MoySkladSettings, MoySkladSync};
use synclane_emulators::moysklad::{Faults, MoySkladEmulator};
use synclane_emulators::retailcrm::RetailCrmEmulator;

const MS_TOKEN: &str = "ms-token-secret-0123456789";
const HOOK_TOKEN: &str = "ms-hook-token-0123456789abcdef";
const FEED_TOKEN: &str = "icml-feed-token-0123456789";
const ERP_SECRET: &str = "erp-feed-secret-0123456789";
const ADMIN_TOKEN: &str = "admin-token-0123456789abcdef";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_secret_in_debug_logs_error_answers_or_journal_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    let ms = MoySkladEmulator::start(MS_TOKEN).await;
    let org = ms.seed_organization("OOO Shop");
    let options = Options {
        port: free_port(),
        workers: 2,
        visibility_secs: 5,
        schedules: false,
    };
    let base = format!("http://127.0.0.1:{}", options.port);
    let mut sync = MoySkladSync {
        shops: BTreeMap::from([(SITE.to_owned(), org)]),
        // Subscribes a webhook at start, whose URL carries the token.
        accept_order_changes: true,
        ..MoySkladSync::default()
    };
    sync.icml.feed_token = Secret::new(FEED_TOKEN);
    let mut tenant = tenant_settings(&crm.base_url());
    tenant.moysklad = Some(MoySkladSettings {
        base_url: ms.base_url(),
        token: Secret::new(MS_TOKEN),
        disable_webhook_prefixes: vec![],
        request_weight: 1,
        webhook_token: Secret::new(HOOK_TOKEN),
        public_base_url: Some(base.clone()),
        sync: Some(sync),
    });
    tenant.erp = Some(ErpSettings {
        feed_secret: Secret::new(ERP_SECRET),
    });
    let mut secrets: Vec<(String, String)> = tenant
        .clone()
        .secrets_mut()
        .into_iter()
        .map(|(name, s)| (name.to_owned(), s.expose().to_owned()))
        .collect();
    secrets.push(("admin token".into(), ADMIN_TOKEN.into()));
    assert!(secrets.len() >= 7, "{secrets:?}");

    // MoySklad fails throughout: the webhook registration at start (their
    // URLs carry the webhook token) gives up and logs why.
    ms.set_faults(Faults {
        rate_500: 1.0,
        ..Faults::default()
    });
    let extras = Extras {
        admin_token_sha256: Some(sha256_hex(ADMIN_TOKEN)),
        env: vec![("RUST_LOG".into(), "debug".into())],
    };
    let dir_path = dir.path();
    let backend = process::Backend::Sqlite(dir_path);
    let server = Synclane::start_with(dir_path, &backend, &[tenant], &options, &extras).await;

    let http = reqwest::Client::new();
    // The tenant's key for its admin routes (shown once; never logged).
    let key = crate::support::tenant_keys::over_http(&http, &base, ADMIN_TOKEN, TENANT).await;
    secrets.push(("tenant key".into(), key.clone()));
    // Answer bodies (with their status); the URLs asked are left out, as
    // some carry a token on purpose.
    let mut answers: Vec<String> = Vec::new();
    // The CRM fails the first order's requests with 500 (retried), then
    // refuses the second's key with 401 (dead letter).
    crm.set_fail_next(2, 500);
    answers.push(post_order(&http, &server, 30_001, SECRET).await);
    wait_for(|| !crm.orders().is_empty(), Duration::from_secs(60)).await;
    crm.set_fail_next(20, 401);
    answers.push(post_order(&http, &server, 30_002, SECRET).await);
    // Wrong signatures and tokens on every door.
    answers.push(post_order(&http, &server, 30_003, "not-the-secret").await);
    let hooks = [
        format!("{base}/hooks/{TENANT}/moysklad/wrong-token-0123456789"),
        format!("{base}/hooks/{TENANT}/moysklad/{HOOK_TOKEN}"),
        format!("{base}/hooks/{TENANT}/erp"),
        format!("{base}/hooks/{TENANT}/woocommerce"),
        format!("{base}/hooks/{TENANT}/shopscript"),
        format!("{base}/hooks/unknown-tenant/opencart"),
    ];
    for url in hooks {
        let sent = http
            .post(&url)
            .body("{\"events\":[{}]}")
            .send()
            .await
            .unwrap();
        answers.push(format!("{} {}", sent.status(), sent.text().await.unwrap()));
    }
    for url in [
        format!("{base}/catalogue/{TENANT}/wrong-feed-token-0123.xml"),
        format!("{base}/catalogue/{TENANT}/{FEED_TOKEN}.xml"),
        format!("{base}/admin/tenants/{TENANT}"),
    ] {
        let sent = http
            .get(&url)
            .bearer_auth("wrong-admin-token")
            .send()
            .await
            .unwrap();
        answers.push(format!("{} {}", sent.status(), sent.text().await.unwrap()));
    }
    // The second order's failure is journalled.
    let journal_url = format!("{base}/admin/tenants/{TENANT}/journal?limit=100");
    let deadline = Instant::now() + Duration::from_secs(60);
    let journal = loop {
        let answer = http
            .get(&journal_url)
            .bearer_auth(&key)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let journal: Value = answer.json().await.unwrap();
        let failed = journal["entries"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e.to_string().contains("30002")));
        if failed || Instant::now() > deadline {
            break journal;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let settings = http
        .get(format!("{base}/admin/tenants/{TENANT}"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    answers.push(settings.text().await.unwrap());
    wait_for(
        || {
            server
                .log(dir_path)
                .contains("Could not register MoySklad webhooks.")
        },
        Duration::from_secs(60),
    )
    .await;
    server
        .terminate(Duration::from_secs(20))
        .await
        .expect("stops");
    let log =
        std::fs::read_to_string(dir_path.join(format!("synclane-{}.log", options.port))).unwrap();

    let entries = journal["entries"].as_array().cloned().unwrap_or_default();
    println!(
        "secrets: {} log lines, {} answers, {} journal entries searched for {} secrets",
        log.lines().count(),
        answers.len(),
        entries.len(),
        secrets.len()
    );
    assert!(log.contains("DEBUG"), "debug logging is on:\n{log}");
    assert!(
        log.contains("Could not register MoySklad webhooks."),
        "the registration's failure is logged:\n{log}"
    );
    assert!(
        entries.iter().any(|e| e.to_string().contains("30002")),
        "the 401 is journalled: {journal}"
    );
    let journal = journal.to_string();
    for (name, secret) in &secrets {
        for (place, text) in [("log", &log), ("journal", &journal)] {
            if let Some(line) = text.lines().find(|l| l.contains(secret.as_str())) {
                panic!("{name} in the {place}: {line}");
            }
        }
        for answer in &answers {
            assert!(
                !answer.contains(secret.as_str()),
                "{name} in an answer: {answer}"
            );
        }
    }
}

async fn post_order(http: &reqwest::Client, server: &Synclane, id: i64, secret: &str) -> String {
    let buyer = Person {
        customer_id: 0,
        first: "Secret",
        last: &format!("Keeper{id}"),
        email: &format!("keeper{id}@secrets.example"),
        phone: "+7 903 1234567",
    };
    let raw = serde_json::to_vec(&order_body(id, &buyer, None, 1, "2026-12-01 10:00:00")).unwrap();
    let sent = http
        .post(server.hook_url(TENANT))
        .header("x-synclane-signature", sign(secret, &raw))
        .body(raw)
        .send()
        .await
        .unwrap();
    format!(
        "order {id} -> {} {}",
        sent.status(),
        sent.text().await.unwrap()
    )
}

fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}

async fn wait_for(done: impl Fn() -> bool, limit: Duration) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
