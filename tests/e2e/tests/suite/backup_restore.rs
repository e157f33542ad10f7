//! `synclane backup` while Synclane serves, then a restore: every hook event
//! acknowledged (202) before the backup started is in the backup file, and
//! a Synclane started on the restored file and key file reads the tenant
//! (its sealed secrets open) and drains those events to the CRM.
//!
//! The serving process runs in-process (`Local`, workers 0 so events stay
//! queued); the backup is the real `synclane backup` binary, a second
//! process on the same file, as in production. Hooks keep arriving during
//! the backup; their slowest ack is printed (the writer is not blocked).

use crate::support::app::{CRM_KEY, SECRET, SITE, TENANT, sign, tenant_id, tenant_settings};
use crate::support::opencart::{ANNA, order_event};
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::runtime::worker_loop::{self, LoopSettings};
use synclane_emulators::retailcrm::RetailCrmEmulator;

/// Events acknowledged before the backup starts.
const BEFORE: i64 = 40;

fn config(dir: &Path, tenants: Vec<synclane::settings::TenantSettings>) -> LocalConfig {
    LocalConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: dir.join("synclane.db"),
        workers: 0,
        schedules: false,
        tenants,
        ..LocalConfig::default()
    }
}

/// Posts OpenCart order `id`; returns the status and how long the ack took.
async fn post_order(http: &reqwest::Client, local: &Local, id: i64) -> (u16, Duration) {
    let raw = serde_json::to_vec(&order_event(id, &ANNA, None, 1, "2026-11-20 10:00:00")).unwrap();
    let started = Instant::now();
    let response = http
        .post(format!("http://{}/hooks/{TENANT}/opencart", local.addr))
        .header("content-type", "application/json")
        .header("x-synclane-signature", sign(SECRET, &raw))
        .body(raw)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), started.elapsed())
}

fn live_message_ids(db: &Path) -> BTreeSet<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT message_id FROM queue_messages WHERE dead = 0")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_while_serving_keeps_every_acked_event_and_restores() {
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    let live_dir = tempfile::tempdir().unwrap();
    let live = config(live_dir.path(), vec![tenant_settings(&crm.base_url())]);
    let local = Arc::new(Local::start(&live).await.unwrap());
    let http = reqwest::Client::new();
    for id in 1..=BEFORE {
        assert_eq!(post_order(&http, &local, id).await.0, 202);
    }
    let acked = live_message_ids(&live.database);
    // Built before the stream starts, so the window measured is the backup's.
    let synclane = tokio::task::spawn_blocking(crate::support::process::binary)
        .await
        .unwrap();
    assert_eq!(acked.len(), BEFORE as usize);

    // Hooks keep arriving while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let flood = tokio::spawn({
        let (local, http, stop) = (local.clone(), http.clone(), stop.clone());
        async move {
            let (mut id, mut slowest) = (1000, Duration::ZERO);
            while !stop.load(Ordering::Relaxed) {
                let (status, took) = post_order(&http, &local, id).await;
                assert_eq!(status, 202);
                slowest = slowest.max(took);
                id += 1;
                // A steady stream, not a flood: the restore drains them all.
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            (id - 1000, slowest)
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let backup_dir = tempfile::tempdir().unwrap();
    let out = backup_dir.path().join("synclane-backup.db");
    let toml = live_dir.path().join("synclane.toml");
    std::fs::write(&toml, format!("database = {:?}\n", live.database)).unwrap();
    let started = Instant::now();
    let run = tokio::process::Command::new(synclane)
        .args(["backup", "--config"])
        .arg(&toml)
        .arg("--out")
        .arg(&out)
        .output()
        .await
        .unwrap();
    let backup_took = started.elapsed();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    let (during, slowest) = flood.await.unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("synclane-backup.db.key"), "{stdout}");
    println!(
        "backup took {backup_took:?}; {during} hooks acked meanwhile, the slowest in {slowest:?}\n{stdout}"
    );
    assert!(during > 0, "hooks were served during the backup");
    Arc::into_inner(local).expect("flood ended").stop().await;

    // Everything acknowledged before the backup is in it.
    let in_backup = live_message_ids(&out);
    assert!(
        acked.is_subset(&in_backup),
        "missing: {:?}",
        acked.difference(&in_backup)
    );

    // Restore: the backup and its key file where a fresh Synclane expects them.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = config(restored_dir.path(), Vec::new());
    std::fs::copy(&out, &restored.database).unwrap();
    std::fs::copy(
        format!("{}.key", out.display()),
        restored.secrets_key_file(),
    )
    .unwrap();
    let local = Local::start(&restored).await.unwrap();
    let tenant = local.store.tenants.get_tenant(&tenant_id()).await.unwrap();
    assert_eq!(
        tenant
            .expect("the tenant is restored")
            .webhook_secret
            .expose(),
        SECRET
    );
    let settings = LoopSettings {
        batch: 10,
        visibility: Duration::from_secs(30),
        wait: Duration::from_millis(50),
    };
    while local.queue.depth().await.unwrap() > 0 {
        worker_loop::run_once(local.queue.as_ref(), &local.worker, settings)
            .await
            .unwrap();
    }
    assert!(local.queue.dead_letters(10).await.unwrap().is_empty());
    let in_crm: BTreeSet<String> = crm
        .orders()
        .iter()
        .filter_map(|o| o["externalId"].as_str().map(str::to_owned))
        .collect();
    for id in 1..=BEFORE {
        assert!(
            in_crm.contains(&id.to_string()),
            "order {id} reached the CRM: {in_crm:?}"
        );
    }
    local.stop().await;
}
