//! `synclane-bench erp`: a first sync of `--third-parties` ERP third parties
//! with `--contacts` contacts each (every one with its own e-mail) into an
//! empty WooCommerce shop, through the real path: signed feed requests to
//! the ERP hook, the durable SQLite queue, `--workers` worker tasks, the
//! WooCommerce emulator.
//!
//! The emulator runs in a child process (`erp --serve-emulator`), so the
//! peak memory read here (VmHWM) is Synclane's alone (hook, store, queue,
//! workers). It counts every request by kind; the minimum is one
//! `customers/batch` request per 100 accounts (an empty shop has nothing to
//! read). Then the same export again with newer `updated_at` and no change
//! (a daily export of an unchanged ERP): what it costs the shop.

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::secret::Secret;
use synclane::settings::{Deactivation, ErpSettings, TenantSettings, WooAuth, WooCommerceSettings};
use synclane_emulators::WooCommerceEmulator;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

#[derive(clap::Args, Debug, Clone)]
pub struct BenchErpArgs {
    /// Third parties in the export.
    #[arg(long, default_value_t = 10_000)]
    third_parties: u32,
    /// Contacts per third party, each with an e-mail.
    #[arg(long, default_value_t = 2)]
    contacts: u32,
    /// Worker tasks (the local runtime's `workers`).
    #[arg(long, default_value_t = 32)]
    workers: usize,
    /// The shop's request budget (`woocommerce.requests_per_second`); the
    /// emulator has no limit of its own.
    #[arg(long, default_value_t = 1000)]
    requests_per_second: u32,
    /// `disk` (fsync per commit) or `process`.
    #[arg(long, default_value = "disk")]
    durability: String,
    /// Internal: serve the emulator for a parent bench process.
    #[arg(long, hide = true)]
    serve_emulator: bool,
}

const KEY: &str = "ck_bench";
const SECRET: &str = "cs_bench";
const FEED_SECRET: &str = "erp-bench-feed-secret";
/// A feed request stays under the hook's 1 MiB.
const REQUEST_BYTES: usize = 900 * 1024;

pub async fn run(args: BenchErpArgs) -> anyhow::Result<()> {
    if args.serve_emulator {
        return serve().await;
    }
    let mut emulator = crate::stock::Emulators::spawn_with(&["erp", "--serve-emulator"]).await?;
    let hello = emulator.ask("hello").await?;
    let dir = tempfile::tempdir()?;
    let config = LocalConfig {
        listen: "127.0.0.1:0".parse()?,
        database: dir.path().join("bench.db"),
        workers: 0,
        schedules: false,
        durability: match args.durability.as_str() {
            "process" => synclane::sqlite::Durability::Process,
            _ => synclane::sqlite::Durability::Disk,
        },
        tenants: vec![tenant(hello["url"].as_str().unwrap_or_default(), &args)],
        ..LocalConfig::default()
    };
    let accounts = u64::from(args.third_parties) * u64::from(args.contacts + 1);
    let minimum = accounts.div_ceil(100);
    println!(
        "erp: {} third parties × {} contacts = {accounts} accounts, {} workers, durability {:?}",
        args.third_parties, args.contacts, args.workers, config.durability
    );

    let first = export(&args, "2024-05-01T10:00:00Z");
    let local = Local::start(&config).await?;
    let acks = post(&local, &first).await?;
    local.stop().await;
    report_acks("first export", &acks, args.third_parties);
    let wall = drain(&config, args.workers).await?;
    let after = emulator.ask("counters").await?;
    let requests = after["requests"].as_u64().unwrap_or(0);
    println!(
        "first sync: wall {:.1} s ({:.0} third parties/s); WooCommerce requests {requests} vs minimum {minimum} ({:.2}×): {} batches carrying {} items (mean {:.1}), {} reads, {} other; accounts in the shop {}",
        wall.as_secs_f64(),
        f64::from(args.third_parties) / wall.as_secs_f64(),
        requests as f64 / minimum.max(1) as f64,
        after["batches"],
        after["items"],
        after["items"].as_f64().unwrap_or(0.0) / after["batches"].as_f64().unwrap_or(1.0).max(1.0),
        after["reads"],
        after["other"],
        after["customers"],
    );
    println!(
        "at the default budget of 5 requests/s these requests need at least {:.0} s; one request per third party would need {:.0} s",
        requests as f64 / 5.0,
        f64::from(args.third_parties) / 5.0
    );

    let second = export(&args, "2024-05-02T10:00:00Z");
    let local = Local::start(&config).await?;
    let acks = post(&local, &second).await?;
    local.stop().await;
    report_acks("unchanged export", &acks, args.third_parties);
    let wall = drain(&config, args.workers).await?;
    let again = emulator.ask("counters").await?;
    println!(
        "unchanged export (newer updated_at, same content): wall {:.1} s, WooCommerce requests {}",
        wall.as_secs_f64(),
        again["requests"].as_u64().unwrap_or(0) - requests
    );
    println!(
        "peak memory of the Synclane process (VmHWM): {}",
        crate::stock::vm_hwm().unwrap_or_else(|| "unknown".into())
    );
    Ok(())
}

fn tenant(url: &str, args: &BenchErpArgs) -> TenantSettings {
    TenantSettings {
        woocommerce: Some(WooCommerceSettings {
            base_url: url.to_owned(),
            consumer_key: Secret::new(KEY),
            consumer_secret: Secret::new(SECRET),
            webhook_secret: Secret::default(),
            auth: WooAuth::Basic,
            deactivation: Deactivation::default(),
            welcome_email: false,
            addresses: true,
            requests_per_second: args.requests_per_second,
        }),
        erp: Some(ErpSettings {
            feed_secret: Secret::new(FEED_SECRET),
        }),
        ..TenantSettings::new(
            synclane::model::TenantId::parse("bench").expect("valid"),
            Secret::new("bench-unused-secret"),
        )
    }
}

/// The export as feed request bodies of at most `REQUEST_BYTES`.
fn export(args: &BenchErpArgs, version: &str) -> Vec<Vec<u8>> {
    let mut bodies = Vec::new();
    let mut batch: Vec<String> = Vec::new();
    let mut size = 0;
    for i in 0..args.third_parties {
        let contacts: Vec<Value> = (0..args.contacts)
            .map(|c| {
                json!({"contact_id": format!("C{c}"), "is_web_contact": c == 0,
                       "last_name": format!("Contact {c}"), "first_name": "Zoë",
                       "email": format!("c{c}.t{i}@bench.fr"), "phone": "06 00 00 00 00"})
            })
            .collect();
        let party = json!({"tiers_id": format!("T{i}"), "updated_at": version, "active": true,
            "web_mode": "all", "company": format!("Société {i}"), "last_name": "Martin",
            "first_name": "Éloïse", "email": format!("t{i}@bench.fr"), "phone": "01 02 03 04 05",
            "billing_address": {"line1": format!("{i} rue de l'Église"), "postcode": "75004", "city": "Paris"},
            "contacts": contacts})
        .to_string();
        if size + party.len() > REQUEST_BYTES {
            bodies.push(feed(&batch));
            batch.clear();
            size = 0;
        }
        size += party.len() + 1;
        batch.push(party);
    }
    if !batch.is_empty() {
        bodies.push(feed(&batch));
    }
    bodies
}

fn feed(parties: &[String]) -> Vec<u8> {
    format!("{{\"third_parties\":[{}]}}", parties.join(",")).into_bytes()
}

/// Posts every body, one after the other; the ack time of each.
async fn post(local: &Local, bodies: &[Vec<u8>]) -> anyhow::Result<Vec<Duration>> {
    let url = format!("http://{}/hooks/bench/erp", local.addr);
    let client = reqwest::Client::new();
    let mut acks = Vec::with_capacity(bodies.len());
    for body in bodies {
        let signature = synclane::hooks::signature::sign(&Secret::new(FEED_SECRET), body);
        let sent = Instant::now();
        let answer = client
            .post(&url)
            .header("content-type", "application/json")
            .header("x-synclane-signature", signature)
            .body(body.clone())
            .send()
            .await?;
        anyhow::ensure!(
            answer.status() == 202,
            "feed refused: {}",
            answer.text().await?
        );
        acks.push(sent.elapsed());
    }
    Ok(acks)
}

fn report_acks(name: &str, acks: &[Duration], parties: u32) {
    let total: Duration = acks.iter().sum();
    let slowest = acks.iter().max().copied().unwrap_or_default();
    println!(
        "{name}: {parties} third parties in {} requests of ≤ {} KiB, accepted in {:.2} s in all (slowest request {:.0} ms)",
        acks.len(),
        REQUEST_BYTES / 1024,
        total.as_secs_f64(),
        slowest.as_secs_f64() * 1000.0
    );
}

/// Runs `workers` worker tasks on the queue until it is empty; the wall time.
async fn drain(config: &LocalConfig, workers: usize) -> anyhow::Result<Duration> {
    let config = LocalConfig {
        workers,
        // Every worker on the one tenant's export: its batches are shared.
        max_in_flight_per_flow: workers,
        ..config.clone()
    };
    let started = Instant::now();
    let local = Local::start(&config).await?;
    while local.queue.depth().await? > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let wall = started.elapsed();
    local.stop().await;
    Ok(wall)
}

/// The child: the emulator; one JSON line per command (`hello`, `counters`).
async fn serve() -> anyhow::Result<()> {
    let woo = WooCommerceEmulator::start(KEY, SECRET).await;
    woo.set_new_account_email(false);
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut out = tokio::io::stdout();
    while let Some(line) = lines.next_line().await? {
        let answer = match line.trim() {
            "hello" => json!({"url": woo.base_url()}),
            "counters" => {
                let log = woo.requests();
                let batch: Vec<_> = log
                    .iter()
                    .filter(|r| r.path == "/wc/v3/customers/batch")
                    .collect();
                let items: usize = batch
                    .iter()
                    .filter_map(|r| r.body.as_ref())
                    .map(|b| {
                        ["create", "update", "delete"]
                            .iter()
                            .filter_map(|k| b[*k].as_array())
                            .map(Vec::len)
                            .sum::<usize>()
                    })
                    .sum();
                let reads = log.iter().filter(|r| r.method == "GET").count();
                json!({"requests": log.len(), "batches": batch.len(), "items": items, "reads": reads,
                       "other": log.len() - batch.len() - reads, "customers": woo.customers().len()})
            }
            _ => json!({"error": "unknown command"}),
        };
        out.write_all(format!("{answer}\n").as_bytes()).await?;
        out.flush().await?;
    }
    Ok(())
}
