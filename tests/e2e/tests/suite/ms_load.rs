//! The MoySklad budget under load and the exactly-once effect under faults:
//! 20 concurrent workers on one tenant stay within 45 units / 3 s and 5
//! parallel requests; with 20% of calls answered 429 / 5xx / late, every
//! change still arrives once.

use crate::support::app::Backend;
use crate::support::ms_app::{MsApp, drain_with};
use std::collections::HashSet;
use std::time::Duration;
use synclane_emulators::moysklad::Faults;

const ORDERS: usize = 30;

async fn many_orders(app: &MsApp) {
    let mut customers = Vec::new();
    for n in 0..10 {
        customers.push(
            app.customer(
                "Buyer",
                &format!("No{n}"),
                &format!("b{n}@example.com"),
                &format!("+7903000{n:04}"),
            )
            .await,
        );
    }
    for n in 0..ORDERS {
        app.user_order(
            &format!("{n}L"),
            customers[n % customers.len()],
            "new",
            "main",
        );
    }
    app.poll().await;
}

async fn twenty_workers(app: &MsApp) {
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let queue = app.local.queue.clone();
            let worker = app.worker.clone();
            tokio::spawn(async move { drain_with(queue.as_ref(), &worker).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let dead = app.local.queue.dead_letters(10).await.unwrap();
    assert!(dead.is_empty(), "messages dead-lettered: {dead:#?}");
}

fn assert_exactly_once(app: &MsApp) {
    let orders = app.ms_orders();
    let names: HashSet<_> = orders
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(orders.len(), ORDERS, "every order once");
    assert_eq!(names.len(), ORDERS, "no duplicate order");
    let cps = app.counterparties();
    let emails: HashSet<_> = cps
        .iter()
        .map(|c| c["email"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(cps.len(), 10, "one counterparty per customer: {cps:#?}");
    assert_eq!(emails.len(), 10);
    let linked = app
        .crm
        .orders()
        .iter()
        .filter(|o| o["customFields"]["moysklad_id"].is_string())
        .count();
    assert_eq!(linked, ORDERS, "MS-B10 on every order");
}

/// MS-B1 under load: 20 workers, 0 rate-limit (1049) and 0 parallel-limit (1073) violations.
async fn twenty_workers_stay_within_limits(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    many_orders(&app).await;
    twenty_workers(&app).await;
    let c = app.ms.counters();
    assert_eq!((c.rate_violations, c.parallel_violations), (0, 0), "{c:?}");
    assert_exactly_once(&app);
}

/// 20% of MoySklad calls fail (429, 500, or hang past the client's timeout):
/// every order and counterparty still arrives exactly once.
async fn faults_still_exactly_once(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    many_orders(&app).await;
    app.ms.set_faults(Faults {
        rate_429: 0.07,
        rate_500: 0.07,
        rate_timeout: 0.06,
        hang: Duration::from_secs(6),
    });
    twenty_workers(&app).await;
    let c = app.ms.counters();
    // ~20% of ~130 calls; more than 5 is certain but for a one-in-a-million draw.
    assert!(c.injected_faults > 5, "faults were injected: {c:?}");
    app.ms.set_faults(Faults::default());
    assert_exactly_once(&app);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b1_twenty_workers_no_limit_violations_sqlite() {
    twenty_workers_stay_within_limits(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b1_twenty_workers_no_limit_violations_aws() {
    twenty_workers_stay_within_limits(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_faults_twenty_percent_exactly_once_sqlite() {
    faults_still_exactly_once(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_faults_twenty_percent_exactly_once_aws() {
    faults_still_exactly_once(Backend::Aws).await
}
