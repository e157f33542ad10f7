//! Issue 18, item 6: SIGTERM stops `synclane serve` gracefully and within
//! `STOP_BOUND`, while the CRM holds back its answers to order creations
//! (some past the workers' grace, so their messages are abandoned): the
//! process exits with status 0, its hook refuses connections once stopping,
//! it logs what it drained, and after a restart on the same database every
//! order is in the CRM exactly once.

use crate::support::app::{CRM_KEY, SECRET, SITE, TENANT, sign, tenant_settings};
use crate::support::aws_stack::AwsStack;
use crate::support::opencart::{Person, order_body};
use crate::support::process::{self, Options, Synclane, free_port};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use synclane::queue::{Queue, SqliteQueue};
use synclane::runtime::stopping::STOP_BOUND;
use synclane::runtime::worker_loop::WORKER_GRACE;
use synclane_emulators::retailcrm::RetailCrmEmulator;

const ORDERS: i64 = 24;
/// What the OS and the runtime's exit add to the process's own bound.
const EXIT_SLACK: Duration = Duration::from_secs(3);

async fn sigterm_in_flight(aws: bool) {
    let dir = tempfile::tempdir().unwrap();
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    // The first two creations answer within the grace (finished at stop),
    // the next two long after it (abandoned: the CRM has the orders, the
    // process never hears so).
    crm.delay_answers("/orders/create", 2, Duration::from_secs(3));
    crm.delay_answers("/orders/create", 2, WORKER_GRACE * 3);
    let stack = match aws {
        true => Some(AwsStack::create().await),
        false => None,
    };
    let backend = match &stack {
        Some(stack) => process::Backend::Aws(stack),
        None => process::Backend::Sqlite(dir.path()),
    };
    let tenants = [tenant_settings(&crm.base_url())];
    let options = Options {
        port: free_port(),
        workers: 4,
        visibility_secs: 5,
        schedules: false,
    };
    let server = Synclane::start(dir.path(), &backend, &tenants, &options).await;
    let client = reqwest::Client::new();
    for n in 0..ORDERS {
        let status = post(&client, &server.hook_url(TENANT), &order(n)).await;
        assert_eq!(status.unwrap(), 202);
    }
    wait_for(
        || crm.calls("POST", "/orders/create") >= 4,
        Duration::from_secs(60),
    )
    .await;

    let mut server = server;
    let since = Instant::now();
    server.signal_term();
    // Stopping: the listener is closed at once, while the workers drain.
    // A probe sent before the signal lands is taken (202), and must arrive.
    let mut expected = ORDERS;
    let refused = async {
        loop {
            match post(&client, &server.hook_url(TENANT), &order(ORDERS)).await {
                Err(error) if error.is_connect() => return,
                Ok(202) => expected = ORDERS + 1,
                _ => {}
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(2), refused)
        .await
        .expect("the hook refuses connections once stopping");
    assert!(server.running(), "still draining when the hook refused");
    let status = server
        .wait_exit(STOP_BOUND + EXIT_SLACK)
        .await
        .expect("exits within the bound");
    let took = since.elapsed();
    assert!(status.success(), "exit status {status:?}");
    let log =
        std::fs::read_to_string(dir.path().join(format!("synclane-{}.log", options.port))).unwrap();
    let stopped = stop_line(&log);
    println!(
        "sigterm ({}): exited {status} after {:.1} s (bound {} s): {stopped}",
        if aws { "moto" } else { "sqlite" },
        took.as_secs_f64(),
        STOP_BOUND.as_secs(),
    );
    assert!(field(&stopped, "abandoned") >= 1, "{stopped}");

    // Restarted on the same state: the abandoned and returned messages come
    // back and nothing is created twice.
    let server = Synclane::start(dir.path(), &backend, &tenants, &options).await;
    wait_for(
        || crm.orders().len() >= expected as usize,
        Duration::from_secs(120),
    )
    .await;
    quiet(&crm).await;
    server
        .terminate(STOP_BOUND + EXIT_SLACK)
        .await
        .expect("stops");
    let mut per_order: BTreeMap<String, usize> = BTreeMap::new();
    for o in crm.orders() {
        *per_order
            .entry(o["externalId"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(
        per_order.len(),
        expected as usize,
        "none lost: {per_order:?}"
    );
    assert!(
        per_order.values().all(|n| *n == 1),
        "none doubled: {per_order:?}"
    );
    let (depth, dead) = match &stack {
        Some(stack) => (
            stack.queue.depth().await.unwrap(),
            stack.queue.dead_letters(10).await.unwrap().len(),
        ),
        None => {
            let db = synclane::sqlite::Db::open(dir.path().join("synclane.db")).unwrap();
            let queue = SqliteQueue::new(db, 8);
            (
                queue.depth().await.unwrap(),
                queue.dead_letters(10).await.unwrap().len(),
            )
        }
    };
    assert_eq!(
        (depth, dead),
        (0, 0),
        "queue drained, nothing dead-lettered"
    );
}

/// Order `n` of its own buyer.
fn order(n: i64) -> Value {
    let (last, email) = (format!("Term{n}"), format!("term{n}@shutdown.example"));
    let phone = format!("+7 903 6{n:06}");
    let buyer = Person {
        customer_id: 0,
        first: "Buyer",
        last: &last,
        email: &email,
        phone: &phone,
    };
    order_body(20_000 + n, &buyer, None, 1, "2026-12-01 10:00:00")
}

async fn post(client: &reqwest::Client, url: &str, body: &Value) -> reqwest::Result<u16> {
    let raw = serde_json::to_vec(body).unwrap();
    let sent = client
        .post(url)
        .header("x-synclane-signature", sign(SECRET, &raw))
        .timeout(Duration::from_secs(5))
        .body(raw)
        .send()
        .await?;
    Ok(sent.status().as_u16())
}

/// The process's one line about its stop, without terminal colours.
fn stop_line(log: &str) -> String {
    let line = log
        .lines()
        .find(|l| l.contains("Synclane stopped."))
        .unwrap_or_else(|| panic!("no stop line in the log:\n{log}"));
    let mut plain = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // An escape sequence ends with its first letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

fn field(line: &str, name: &str) -> usize {
    let prefix = format!("{name}=");
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(&prefix))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {line}"))
}

async fn wait_for(done: impl Fn() -> bool, limit: Duration) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Until the CRM has seen no request for 3 s.
async fn quiet(crm: &RetailCrmEmulator) {
    let mut last = (crm.requests().len(), Instant::now());
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let now = crm.requests().len();
        if now != last.0 {
            last = (now, Instant::now());
        } else if last.1.elapsed() > Duration::from_secs(3) {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_with_orders_in_flight_stops_in_bound_and_loses_none_sqlite() {
    sigterm_in_flight(false).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_with_orders_in_flight_stops_in_bound_and_loses_none_aws() {
    sigterm_in_flight(true).await
}
