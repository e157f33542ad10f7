//! `kill -9` of `synclane serve` after the hook answered 202 and before the
//! worker ran: after a restart on the same database the event is processed.

use std::process::{Child, Command};
use std::time::{Duration, Instant};
use synclane_emulators::retailcrm::RetailCrmEmulator;

const SECRET: &str = "whsec-crash";

fn config(
    dir: &std::path::Path,
    port: u16,
    crm_url: &str,
    workers: usize,
    durability: &str,
) -> std::path::PathBuf {
    let path = dir.join(format!("synclane-{workers}.toml"));
    let text = format!(
        r#"
listen = "127.0.0.1:{port}"
database = "{db}"
workers = {workers}
durability = "{durability}"
visibility_timeout_secs = 2

[[tenants]]
id = "acme"
webhook_secret = "{SECRET}"

[tenants.retailcrm]
base_url = "{crm_url}"
api_key = "crm-key"
site = "shop"
"#,
        db = dir.join("synclane.db").display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `synclane serve`; the caller kills and waits for the child.
#[allow(clippy::zombie_processes)]
async fn start(config: &std::path::Path, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_synclane"))
        .args(["serve", "--config"])
        .arg(config)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let client = reqwest::Client::new();
    while Instant::now() < deadline {
        if client
            .get(format!("http://127.0.0.1:{port}/health"))
            .send()
            .await
            .is_ok()
        {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("synclane did not start");
}

fn signed_event() -> (Vec<u8>, String) {
    let body = serde_json::json!({
        "route": "checkout/order/addOrderHistory",
        "order_id": "77",
        "order": { "order_id": "77", "order_status_id": "1", "customer_id": "0", "firstname": "Anna",
                   "lastname": "Petrova", "email": "anna@example.com", "telephone": "+79031234567",
                   "date_modified": "2026-11-20 10:00:00" },
        "products": [{ "product_id": "40", "name": "iPhone", "quantity": "1", "price": "100.00" }]
    });
    let raw = serde_json::to_vec(&body).unwrap();
    let signature = synclane::hooks::signature::sign(&synclane::secret::Secret::new(SECRET), &raw);
    (raw, signature)
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_after_202_then_restart_processes_the_event() {
    survives_kill_9("disk").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_after_202_with_process_durability_processes_the_event() {
    survives_kill_9("process").await;
}

async fn survives_kill_9(durability: &str) {
    let dir = tempfile::tempdir().unwrap();
    let crm = RetailCrmEmulator::start("crm-key", &["shop"]).await;
    let port = free_port();

    // Hooks only: the event is acknowledged and cannot have been processed.
    let mut first = start(
        &config(dir.path(), port, &crm.base_url(), 0, durability),
        port,
    )
    .await;
    let (raw, signature) = signed_event();
    let response = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/hooks/acme/opencart"))
        .header("x-synclane-signature", signature)
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    first.kill().unwrap(); // SIGKILL: no shutdown code runs
    first.wait().unwrap();
    assert!(crm.orders().is_empty());

    let mut second = start(
        &config(dir.path(), port, &crm.base_url(), 1, durability),
        port,
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while crm.orders().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    second.kill().unwrap();
    second.wait().unwrap();
    let orders = crm.orders();
    assert_eq!(orders.len(), 1, "the acknowledged event survived the crash");
    assert_eq!(orders[0]["externalId"], "77");
}
