//! `synclane-bench`: the measurements reported in BENCHMARKS.md, apart
//! from the product binary (which links no emulator or benchmark code).
//!
//! - `hooks`: hook ack latency under an open load and worker throughput;
//! - `stock`: the stock pull, 100k offers × 3 warehouses, full and delta;
//! - `icml`: the ICML export of a large catalogue;
//! - `orders`: CRM requests per OpenCart order event, a burst at 10/s;
//! - `erp`: a first sync of 10,000 ERP third parties into WooCommerce;
//! - `ss`: Webasyst API calls per Shop-Script order action and CRM deal move;
//! - `soak`: the chaos soak (issue 18): faults, kills, a clean run compared;
//! - `export`: the customer exports (CM-4), time and peak memory per format;
//! - `fair`: one tenant's single event behind another tenant's flood;
//! - `backfill`: the onboarding backfill of 10,000 + 10,000 customers (issue 16, item 7);
//!   `--pass orders|moysklad` its other passes (`backfill_passes`).

mod backfill;
mod backfill_passes;
mod erp;
mod export;
mod fair;
mod fsync;
mod hooks;
mod icml;
mod load;
mod orders;
mod ss;
mod stock;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "synclane-bench",
    version,
    about = "Synclane's benchmarks (BENCHMARKS.md)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Hook ack latency and worker throughput.
    Hooks(hooks::BenchArgs),
    /// The hook benchmark's load generator (run by `hooks` as a child process).
    HooksLoad(load::LoadArgs),
    /// The stock pull: 100k offers × 3 warehouses, full and delta runs.
    Stock(stock::BenchStockArgs),
    /// The ICML export of a large generated catalogue.
    Icml(icml::BenchIcmlArgs),
    /// CRM requests per OpenCart order event, and a burst at 10 requests/s.
    Orders(orders::OrdersArgs),
    /// ERP third parties → WooCommerce accounts: a first sync, then an unchanged export.
    Erp(erp::BenchErpArgs),
    /// Webasyst API calls per Shop-Script order action and CRM deal move (SS flow).
    Ss(ss::BenchSsArgs),
    /// The chaos soak: mixed events, 20% peer faults, SIGKILL every 1-3 s, compared with a clean run.
    Soak(synclane_bench::soak::SoakArgs),
    /// Customer exports (CM-4): time and peak memory per format, 10,000 and `--rows` customers.
    Export(export::BenchExportArgs),
    /// One export run (started by `export` as a child process, so its peak memory is its own).
    #[command(hide = true)]
    ExportOne(export::ExportOneArgs),
    /// Tenant B's single event behind tenant A's flood: B's wait (issue 18).
    Fair(fair::BenchFairArgs),
    /// Onboarding backfill: time and peer calls for 10,000 + 10,000 customers, 8,000 common.
    Backfill(backfill::BenchBackfillArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Hooks(args) => hooks::run(args).await,
        Command::HooksLoad(args) => load::run(args).await,
        Command::Stock(args) => stock::run(args).await,
        Command::Icml(args) => icml::run(args).await,
        Command::Orders(args) => orders::run(args).await,
        Command::Erp(args) => erp::run(args).await,
        Command::Ss(args) => ss::run(args).await,
        Command::Soak(args) => synclane_bench::soak::bench(args).await,
        Command::Export(args) => export::run(args).await,
        Command::ExportOne(args) => export::run_one(args).await,
        Command::Fair(args) => fair::run(args).await,
        Command::Backfill(args) => backfill::run(args).await,
    }
}
