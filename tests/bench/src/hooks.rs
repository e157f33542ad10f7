//! `synclane-bench hooks`: the numbers in BENCHMARKS.md.
//!
//! 1. Hook ack latency under an open-loop load of `--rate` signed OpenCart
//!    webhooks per second for `--seconds` (requests are sent on schedule, not
//!    after the previous answer, so a slow ack cannot hide queueing delay), on
//!    the local runtime with the durable SQLite queue.
//! 2. End-to-end: `--events` order events through the workers against the
//!    RetailCRM emulator, events per second from first receive to empty queue.

use hdrhistogram::Histogram;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::secret::Secret;
use synclane::settings::{RetailCrmSettings, TenantSettings};
use synclane_emulators::retailcrm::RetailCrmEmulator;
use tokio::sync::Mutex;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// Webhooks per second offered to the hook.
    #[arg(long, default_value_t = 1000)]
    rate: u64,
    /// Length of the hook run.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Events pushed through the workers in the end-to-end run.
    #[arg(long, default_value_t = 2000)]
    events: u64,
    /// `disk` (fsync per commit) or `process`.
    #[arg(long, default_value = "disk")]
    durability: String,
    /// Worker tasks in the end-to-end run.
    #[arg(long, default_value_t = 8)]
    workers: usize,
}

const SECRET: &str = "bench-secret";

fn tenant(crm_url: &str) -> TenantSettings {
    TenantSettings {
        retailcrm: Some(RetailCrmSettings {
            base_url: crm_url.into(),
            api_key: Secret::new("bench-key"),
            site: "shop".into(),
            corporate_customers: true,
            requests_per_second: 10,
        }),
        ..TenantSettings::new(
            synclane::model::TenantId::parse("bench").unwrap(),
            Secret::new(SECRET),
        )
    }
}

fn event(order_id: u64) -> Vec<u8> {
    let customer = order_id % 500;
    serde_json::to_vec(&json!({
        "route": "checkout/order/addOrderHistory",
        "order_id": order_id.to_string(),
        "order": { "order_id": order_id.to_string(), "order_status_id": "1", "customer_id": "0",
                   "firstname": "Bench", "lastname": format!("Customer{customer}"),
                   "email": format!("bench{customer}@example.com"), "telephone": format!("+7900{customer:07}"),
                   "payment_company": if customer.is_multiple_of(5) { format!("Company {customer}") } else { String::new() },
                   "payment_address_1": "Lenina 1", "payment_city": "Moscow",
                   "date_modified": "2026-11-20 10:00:00", "total": "100.00" },
        "products": [{ "product_id": "40", "name": "iPhone", "model": "p11", "quantity": "1", "price": "100.00" }]
    }))
    .unwrap()
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let crm = RetailCrmEmulator::start("bench-key", &["shop"]).await;
    let config = LocalConfig {
        listen: "127.0.0.1:0".parse()?,
        database: dir.path().join("bench.db"),
        workers: 0,
        durability: match args.durability.as_str() {
            "process" => synclane::sqlite::Durability::Process,
            _ => synclane::sqlite::Durability::Disk,
        },
        tenants: vec![tenant(&crm.base_url())],
        ..LocalConfig::default()
    };
    let local = Local::start(&config).await?;
    let url = format!("http://{}/hooks/bench/opencart", local.addr);
    let bodies: Vec<(Vec<u8>, String)> = (1..=args.rate * args.seconds)
        .map(|id| {
            let raw = event(id);
            let signature = synclane::hooks::signature::sign(&Secret::new(SECRET), &raw);
            (raw, signature)
        })
        .collect();
    println!(
        "hook: open loop, {} req/s for {} s, SQLite queue, durability {:?}",
        args.rate, args.seconds, config.durability
    );
    // The load runs on its own runtime thread so the generator does not steal
    // the server's scheduler turns (it still shares the machine's cores).
    let rate = args.rate;
    let (histogram, errors, elapsed) = std::thread::spawn(move || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the load")
            .block_on(open_loop(&url, bodies, rate))
    })
    .join()
    .expect("the load thread");
    let sent = histogram.len();
    println!(
        "hook: {sent} acks in {:.2} s = {:.0} req/s, errors {errors}; ack latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64(),
        ms(histogram.value_at_quantile(0.5)),
        ms(histogram.value_at_quantile(0.9)),
        ms(histogram.value_at_quantile(0.99)),
        ms(histogram.max())
    );
    let queued = local.queue.depth().await?;
    local.stop().await;

    // End to end: the same database, now with workers, against the emulator.
    let events = args.events.min(queued);
    let config = LocalConfig {
        workers: args.workers,
        ..config
    };
    let started = Instant::now();
    let local = Local::start(&config).await?;
    let target = queued - events;
    while local.queue.depth().await? > target {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = started.elapsed();
    local.stop().await;
    println!(
        "worker: {events} events in {:.2} s = {:.0} events/s with {} workers ({} CRM orders, {} customers, {} corporate customers)",
        elapsed.as_secs_f64(),
        events as f64 / elapsed.as_secs_f64(),
        args.workers,
        crm.orders().len(),
        crm.customers().len(),
        crm.corporates().len()
    );
    Ok(())
}

fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

/// Sends each body at its scheduled time, whatever the previous answers did.
async fn open_loop(
    url: &str,
    bodies: Vec<(Vec<u8>, String)>,
    rate: u64,
) -> (Histogram<u64>, u64, Duration) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .build()
        .unwrap();
    let histogram = Arc::new(Mutex::new(Histogram::<u64>::new(3).unwrap()));
    let errors = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let interval = Duration::from_nanos(1_000_000_000 / rate);
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(bodies.len());
    for (i, (raw, signature)) in bodies.into_iter().enumerate() {
        tokio::time::sleep_until(start + interval * i as u32).await;
        let (client, url, histogram, errors) = (
            client.clone(),
            url.to_owned(),
            histogram.clone(),
            errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            let response = client
                .post(url)
                .header("x-synclane-signature", signature)
                .body(raw)
                .send()
                .await;
            let latency = sent.elapsed().as_micros() as u64;
            match response {
                Ok(r) if r.status() == 202 => histogram.lock().await.record(latency).unwrap(),
                _ => {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let elapsed = start.elapsed();
    let histogram = Arc::try_unwrap(histogram).unwrap().into_inner();
    (
        histogram,
        errors.load(std::sync::atomic::Ordering::Relaxed),
        elapsed,
    )
}
