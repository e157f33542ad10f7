//! 10,000 CRM customers and 10,000 shop customers, 8,000 on both sides:
//! `POST /admin/tenants/{t}/backfill` on `synclane serve`, SIGKILL once a
//! third of the CRM's pages are checkpointed, then `synclane backfill`
//! (the CLI) resumes: the CRM's first pages are not read again, the 8,000
//! are linked, the 2,000 + 2,000 others are listed by `GET`, and neither
//! peer received a single write.

use super::{Sizes, peer_writes, seed};
use crate::metering::{ADMIN_TOKEN, admin_hash};
use crate::support::app::{CRM_KEY, SITE, TENANT, tenant_settings};
use crate::support::oc_app::SECRET;
use crate::support::process::{self, Extras, Options, Synclane, free_port};
use serde_json::Value;
use std::time::{Duration, Instant};
use synclane::secret::Secret;
use synclane::settings::OpenCartSettings;
use synclane_emulators::{OpenCartEmulator, RetailCrmEmulator};

const SIZES: Sizes = Sizes {
    crm: 10_000,
    shop: 10_000,
    common: 8_000,
};

async fn get(addr: &str, key: &str, query: &str) -> (u16, Value) {
    let answer = reqwest::Client::new()
        .get(format!(
            "http://{addr}/admin/tenants/{TENANT}/backfill{query}"
        ))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

async fn post(addr: &str, key: &str) -> (u16, Value) {
    let answer = reqwest::Client::new()
        .post(format!("http://{addr}/admin/tenants/{TENANT}/backfill"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

/// The CRM page numbers of the customer list calls so far.
fn crm_pages_read(crm: &RetailCrmEmulator) -> Vec<u32> {
    crm.requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == "/customers")
        .filter_map(|r| r.params.iter().find(|(k, _)| k == "page"))
        .map(|(_, v)| v.parse().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backfill_killed_mid_way_is_resumed_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    let shop = OpenCartEmulator::start(SECRET).await;
    seed(&crm, &shop, SIZES);
    let mut settings = tenant_settings(&crm.base_url());
    settings.opencart = Some(OpenCartSettings {
        base_url: Some(shop.api_url()),
        ..settings.opencart.unwrap()
    });
    // The extension's settings page takes 16 characters or more.
    settings.webhook_secret = Secret::new(SECRET);
    let tenants = [settings];
    let options = Options {
        port: free_port(),
        workers: 0,
        visibility_secs: 30,
        schedules: false,
    };
    let extras = Extras {
        admin_token_sha256: Some(admin_hash()),
        env: Vec::new(),
    };
    let backend = process::Backend::Sqlite(dir.path());
    let server = Synclane::start_with(dir.path(), &backend, &tenants, &options, &extras).await;
    let addr = format!("127.0.0.1:{}", server.port);
    let http = reqwest::Client::new();
    let key = crate::support::tenant_keys::over_http(
        &http,
        &format!("http://{addr}"),
        ADMIN_TOKEN,
        TENANT,
    )
    .await;
    assert_eq!(get(&addr, &key, "").await.0, 404, "no run yet");
    let (status, started) = post(&addr, &key).await;
    assert_eq!(status, 202, "{started}");
    let (status, again) = post(&addr, &key).await;
    assert_eq!(status, 409, "one run at a time: {again}");

    let deadline = Instant::now() + Duration::from_secs(60);
    let killed_at = loop {
        let (_, body) = get(&addr, &key, "?limit=1").await;
        let done = body["progress"]["crm_pages_done"].as_u64().unwrap_or(0);
        if done >= 30 {
            break done;
        }
        assert!(
            Instant::now() < deadline,
            "no progress: {body}\n{}",
            server.log(dir.path())
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    server.kill().await;
    let pages_before = crm_pages_read(&crm);
    assert!(!pages_before.is_empty());

    // The CLI on the same database: waits out the killed run's lease, resumes.
    let config = dir.path().join(format!("synclane-{}.toml", options.port));
    let started = Instant::now();
    let out = tokio::process::Command::new(process::binary())
        .args(["backfill", "--config"])
        .arg(&config)
        .args(["--tenant", TENANT])
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    println!(
        "backfill resumed by the CLI in {:.1} s (killed after {killed_at} pages): {stdout}",
        started.elapsed().as_secs_f64()
    );
    assert!(
        stdout.contains("status=done")
            && stdout.contains("unmatched_crm=2000")
            && stdout.contains("unmatched_shop=2000"),
        "{stdout}"
    );
    let resumed: Vec<u32> = crm_pages_read(&crm)[pages_before.len()..].to_vec();
    assert!(
        resumed.first().is_some_and(|&p| u64::from(p) > killed_at),
        "resumed after the checkpoint, not from page 1: {resumed:?}"
    );
    assert_eq!(
        crm_pages_read(&crm).iter().filter(|&&p| p == 1).count(),
        1,
        "the CRM's first page was read once"
    );
    assert_eq!(peer_writes(&crm, &shop), 0, "no peer was written to");

    // The report through the admin API of a restarted server.
    let server = Synclane::start_with(dir.path(), &backend, &tenants, &options, &extras).await;
    let addr = format!("127.0.0.1:{}", server.port);
    let (status, body) = get(&addr, &key, "?offset=0&limit=1000").await;
    assert_eq!(status, 200, "{body}");
    let progress = &body["progress"];
    assert_eq!(progress["status"], "done", "{progress}");
    let linked =
        progress["linked"].as_u64().unwrap() + progress["already_linked"].as_u64().unwrap();
    assert_eq!(linked, 8_000, "{progress}");
    assert_eq!(body["issues_total"], 4_000, "{progress}");
    assert_eq!(body["issues"].as_array().unwrap().len(), 1_000);
    let (_, tail) = get(&addr, &key, "?offset=3500&limit=1000").await;
    let tail = tail["issues"].as_array().unwrap().clone();
    assert_eq!(tail.len(), 500);
    assert!(
        tail.iter()
            .all(|i| i["system"] == "opencart" && i["kind"] == "unmatched")
    );
    assert_eq!(get(&addr, &key, "?limit=0").await.0, 400);
    server.kill().await;
}
