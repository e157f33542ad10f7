//! `synclane-bench stock`: the stock pull on a large catalogue (numbers in
//! BENCHMARKS.md).
//!
//! The emulators run in a child process (`--serve-emulators`), so the peak
//! memory read here (VmHWM) is the sync's alone. The MoySklad emulator
//! enforces the real limit (45 units / 3 s, 5 parallel, 5 units per stock
//! report), so the floor computed from the report pages is real. Steps: a
//! full run on an empty store, a change of `--change` of the goods (and
//! `--new-goods` created), a delta run; calls are counted by the emulators.

use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use synclane::budget::{RateLimits, StoreRateBudget};
use synclane::connectors::moysklad::MoySklad;
use synclane::connectors::retailcrm::RetailCrm;
use synclane::flows::stock::{RunOptions, RunStats, run_with};
use synclane::secret::Secret;
use synclane::settings::{
    MoySkladSettings, MoySkladSync, RetailCrmSettings, StockOptions, TenantSettings,
};
use synclane::store::{SqliteStore, Store};
use synclane_emulators::RetailCrmEmulator;
use synclane_emulators::moysklad::MoySkladEmulator;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

#[derive(clap::Args, Debug, Clone)]
pub struct BenchStockArgs {
    /// Goods in the generated MoySklad catalogue.
    #[arg(long, default_value_t = 100_000)]
    goods: u32,
    /// Mapped warehouses.
    #[arg(long, default_value_t = 3)]
    stores: usize,
    /// Share of goods changed between the runs.
    #[arg(long, default_value_t = 0.01)]
    change: f64,
    /// Goods created (with stock) between the runs: the delta reads them by id.
    #[arg(long, default_value_t = 0)]
    new_goods: u32,
    /// Pull purchase prices too (the delta then reads the changed goods' rows).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    prices: bool,
    /// Internal: serve the emulators for a parent bench process.
    #[arg(long, hide = true)]
    serve_emulators: bool,
}

pub(crate) const TOKEN: &str = "bench-ms";
const KEY: &str = "bench-crm";

pub async fn run(args: BenchStockArgs) -> anyhow::Result<()> {
    if args.serve_emulators {
        return serve(args).await;
    }
    let mut emulators = Emulators::spawn(args.goods, args.stores).await?;
    let mut ask = async |cmd: String| emulators.ask(&cmd).await;
    let hello = ask("hello".into()).await?;
    let dir = tempfile::tempdir()?;
    let store = Store::from_backend(SqliteStore::new(synclane::sqlite::Db::open(
        dir.path().join("bench.db"),
    )?));
    let tenant = tenant(&hello, args.prices);
    store.tenants.put_tenant(&tenant).await?;
    let crm = RetailCrm::new(
        reqwest::Client::new(),
        tenant.retailcrm.clone().expect("set"),
    );
    let budget = StoreRateBudget::new(
        store.clone(),
        tenant.id.clone(),
        "moysklad",
        RateLimits::MOYSKLAD_SHARED,
    );
    let ms = MoySklad::new(
        reqwest::Client::new(),
        tenant.moysklad.clone().expect("set"),
        Arc::new(budget),
    );
    let options = RunOptions {
        ignore_interval: true,
        ..RunOptions::default()
    };
    let far = || tokio::time::Instant::now() + Duration::from_secs(3600);

    println!(
        "stock: {} goods × {} warehouses, prices {}, change {:.1}%",
        args.goods,
        args.stores,
        args.prices,
        args.change * 100.0
    );
    let started = Instant::now();
    let full = run_with(store.as_ref(), &tenant, &crm, &ms, far(), &options).await?;
    let full_wall = started.elapsed();
    let after_full = ask("counters".into()).await?;
    let changed = ask(format!("change {}", args.change)).await?;
    let added = ask(format!("add {}", args.new_goods)).await?;
    let started = Instant::now();
    let delta = run_with(store.as_ref(), &tenant, &crm, &ms, far(), &options).await?;
    let delta_wall = started.elapsed();
    let after_delta = ask("counters".into()).await?;
    let calls = |v: &Value, k: &str| v[k].as_u64().unwrap_or(0);
    let ms_full = calls(&after_full, "ms_requests");
    let crm_full = calls(&after_full, "crm_requests");
    let ms_delta = calls(&after_delta, "ms_requests") - ms_full;
    let crm_delta = calls(&after_delta, "crm_requests") - crm_full;
    report("full", &full, full_wall, ms_full, crm_full);
    report("delta", &delta, delta_wall, ms_delta, crm_delta);
    println!(
        "changed goods: {}, new goods: {}",
        changed["changed"], added["added"]
    );
    println!(
        "delta vs pushing everything: CRM calls {crm_delta} vs {crm_full} ({:.0}× fewer), MoySklad calls {ms_delta} vs {ms_full}",
        crm_full as f64 / crm_delta.max(1) as f64
    );
    println!(
        "rate-limit violations seen by the emulator: 1049 = {}, 1073 = {}",
        after_delta["rate_violations"], after_delta["parallel_violations"]
    );
    println!(
        "peak memory of the sync process (VmHWM): {}",
        vm_hwm().unwrap_or_else(|| "unknown".into())
    );
    Ok(())
}

/// The floor a run's MoySklad calls cannot beat: 5 units per stock report,
/// 1 per other read (the bench's solution-token weight), 45 units per 3 s,
/// the first 45 at once.
fn floor(stats: &RunStats) -> Duration {
    let units = stats.moysklad_reports * 5 + stats.moysklad_lookups;
    Duration::from_secs_f64(units.saturating_sub(45) as f64 / 15.0)
}

fn report(name: &str, stats: &RunStats, wall: Duration, ms_calls: u64, crm_calls: u64) {
    let floor = floor(stats);
    println!(
        "{name}: mode {}, wall {:.1} s, rate-limit floor {:.1} s ({:.3}× floor), stock reports {}, goods lookups {}, MoySklad calls {ms_calls}, CRM calls {crm_calls}, entries pushed {}",
        stats.mode,
        wall.as_secs_f64(),
        floor.as_secs_f64(),
        wall.as_secs_f64() / floor.as_secs_f64().max(0.001),
        stats.moysklad_reports,
        stats.moysklad_lookups,
        stats.pushed
    );
}

pub(crate) fn vm_hwm() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .map(|l| l["VmHWM:".len()..].trim().to_owned())
}

fn tenant(hello: &Value, prices: bool) -> TenantSettings {
    let stores = hello["stores"].as_array().cloned().unwrap_or_default();
    let sync = MoySkladSync {
        stores: stores
            .iter()
            .enumerate()
            .map(|(i, id)| (format!("wh{i}"), id.as_str().unwrap_or_default().to_owned()))
            .collect(),
        stock: StockOptions {
            stock_enabled: true,
            prices_enabled: prices,
            every_minutes: 0,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut t = TenantSettings::new(
        synclane::model::TenantId::parse("bench").expect("valid"),
        Secret::new("s"),
    );
    t.retailcrm = Some(RetailCrmSettings {
        base_url: hello["crm"].as_str().unwrap_or_default().into(),
        api_key: Secret::new(KEY),
        site: "shop".into(),
        corporate_customers: false,
        requests_per_second: 10,
    });
    t.moysklad = Some(MoySkladSettings {
        webhook_token: Default::default(),
        public_base_url: None,
        base_url: hello["ms"].as_str().unwrap_or_default().into(),
        token: Secret::new(TOKEN),
        disable_webhook_prefixes: Vec::new(),
        request_weight: 1,
        sync: Some(sync),
    });
    t
}

/// The emulators in a child process (`stock --serve-emulators`), so
/// the bench process's peak memory is the sync's alone.
pub(crate) struct Emulators {
    _child: tokio::process::Child,
    to_child: tokio::process::ChildStdin,
    from_child: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
}

impl Emulators {
    /// A generated catalogue of `goods` in `stores` warehouses.
    pub(crate) async fn spawn(goods: u32, stores: usize) -> anyhow::Result<Emulators> {
        let goods = goods.to_string();
        let stores = stores.to_string();
        Emulators::spawn_with(&[
            "stock",
            "--serve-emulators",
            "--goods",
            &goods,
            "--stores",
            &stores,
        ])
        .await
    }

    /// This binary run with `args` (a subcommand's hidden serve flag), as the
    /// emulators' process.
    pub(crate) async fn spawn_with(args: &[&str]) -> anyhow::Result<Emulators> {
        let mut child = tokio::process::Command::new(std::env::current_exe()?)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let to_child = child.stdin.take().expect("piped");
        let from_child = BufReader::new(child.stdout.take().expect("piped")).lines();
        Ok(Emulators {
            _child: child,
            to_child,
            from_child,
        })
    }

    /// Sends one command (`hello`, `counters`, `change <share>`, `add <n>`,
    /// or the ERP emulator's `hello`, `counters`), returns its answer.
    pub(crate) async fn ask(&mut self, cmd: &str) -> anyhow::Result<Value> {
        self.to_child
            .write_all(format!("{cmd}\n").as_bytes())
            .await?;
        let line = self
            .from_child
            .next_line()
            .await?
            .ok_or_else(|| anyhow::anyhow!("emulators exited"))?;
        Ok(serde_json::from_str(&line)?)
    }
}

/// The child: both emulators and a generated catalogue; answers one JSON line per command.
async fn serve(args: BenchStockArgs) -> anyhow::Result<()> {
    let ms = MoySkladEmulator::start(TOKEN).await;
    let crm = RetailCrmEmulator::start(KEY, &["shop"]).await;
    let stores: Vec<String> = (0..args.stores)
        .map(|i| ms.seed_store(&format!("Warehouse {i}")))
        .collect();
    ms.seed_generated_catalogue(args.goods, &stores, 42);
    crm.accept_offers_with_prefix("gen-");
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut out = tokio::io::stdout();
    while let Some(line) = lines.next_line().await? {
        let answer = match line.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["hello"] => json!({"crm": crm.base_url(), "ms": ms.base_url(), "stores": stores}),
            ["change", share] => {
                json!({"changed": ms.change_generated_stock(share.parse().unwrap_or(0.01))})
            }
            ["add", n] => {
                json!({"added": ms.add_generated_goods(n.parse().unwrap_or(0)).len()})
            }
            ["counters"] => {
                let c = ms.counters();
                let crm_requests = crm.calls("POST", "/store/inventories/upload");
                json!({"ms_requests": c.requests, "rate_violations": c.rate_violations,
                       "parallel_violations": c.parallel_violations, "crm_requests": crm_requests})
            }
            _ => json!({"error": "unknown command"}),
        };
        out.write_all(format!("{answer}\n").as_bytes()).await?;
        out.flush().await?;
    }
    Ok(())
}
