//! `synclane-bench hooks`: the numbers in BENCHMARKS.md.
//!
//! 1. Hook ack latency under an open-loop load of `--rate` signed OpenCart
//!    webhooks per second for `--seconds` (requests are sent on schedule, not
//!    after the previous answer, so a slow ack cannot hide queueing delay), on
//!    the local runtime with the durable SQLite queue. The load generator is
//!    a separate process (`synclane-bench hooks-load`), so its scheduling is
//!    not the server's; meanwhile a probe fsyncs 4 KiB writes beside the
//!    database every 50 ms, so the disk's own fsync latency is measured in
//!    the same run and reported beside the acks.
//! 2. End-to-end: `--events` order events through the workers against the
//!    RetailCRM emulator, events per second from first receive to empty queue
//!    (the API key's budget set far above the emulator's pace: this measures
//!    Synclane, not the CRM's limit).

use crate::fsync::FsyncProbe;
use serde_json::json;
use std::time::{Duration, Instant};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::secret::Secret;
use synclane::settings::{RetailCrmSettings, TenantSettings};
use synclane_emulators::retailcrm::RetailCrmEmulator;

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

pub(crate) const SECRET: &str = "bench-secret";

fn tenant(crm_url: &str) -> TenantSettings {
    TenantSettings {
        retailcrm: Some(RetailCrmSettings {
            base_url: crm_url.into(),
            api_key: Secret::new("bench-key"),
            site: "shop".into(),
            corporate_customers: true,
            requests_per_second: 100_000,
        }),
        ..TenantSettings::new(
            synclane::model::TenantId::parse("bench").unwrap(),
            Secret::new(SECRET),
        )
    }
}

pub(crate) fn event(order_id: u64) -> Vec<u8> {
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
    println!(
        "hook: open loop, {} req/s for {} s, SQLite queue, durability {:?}",
        args.rate, args.seconds, config.durability
    );
    let probe = FsyncProbe::start(dir.path().join("fsync-probe"));
    let load = tokio::process::Command::new(std::env::current_exe()?)
        .args(["hooks-load", "--url", &url, "--secret", SECRET])
        .args([
            "--rate",
            &args.rate.to_string(),
            "--seconds",
            &args.seconds.to_string(),
        ])
        .output()
        .await?;
    let fsync = probe.stop();
    anyhow::ensure!(load.status.success(), "the load process failed");
    let report: serde_json::Value = serde_json::from_slice(&load.stdout)?;
    println!(
        "hook: {} acks in {:.2} s = {:.0} req/s, errors {}; ack latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        report["acks"],
        report["seconds"].as_f64().unwrap_or(0.0),
        report["rate"].as_f64().unwrap_or(0.0),
        report["errors"],
        report["p50_ms"].as_f64().unwrap_or(0.0),
        report["p90_ms"].as_f64().unwrap_or(0.0),
        report["p99_ms"].as_f64().unwrap_or(0.0),
        report["max_ms"].as_f64().unwrap_or(0.0),
    );
    println!(
        "disk: {} fsyncs of 4 KiB during the load: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        fsync.len(),
        ms(fsync.value_at_quantile(0.5)),
        ms(fsync.value_at_quantile(0.99)),
        ms(fsync.max())
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

pub(crate) fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}
