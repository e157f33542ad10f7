//! `synclane`: the local runtime.
//!
//! - `synclane serve --config synclane.toml`: hooks, worker and schedules in one process.
//! - `synclane demo`: starts the peer emulators in-process, runs OpenCart
//!   order edits through Synclane and prints what reached the CRM.
//! - `synclane retail --config F --tenant T on|off`: MoySklad retail webhook.
//! - `synclane icml --config synclane.toml --tenant acme [--out catalog.xml]`:
//!   the tenant's ICML catalogue from MoySklad (MS-B9).
//! - `synclane backup --config synclane.toml --out FILE`: an online backup
//!   of the database (and its key file, `FILE.key`) while `serve` runs.
//! - `synclane tenant create --tenant acme`: a tenant's account and its
//!   first API key (printed once); `tenant list|disable|keys|issue-key|revoke-key`.
//! - `synclane` alone: `serve` if `synclane.toml` exists, else `demo`.
//!
//! The demo (feature `demo`, on by default) links the peer emulators; a
//! server build leaves it out: `cargo build --release -p synclane-cli
//! --no-default-features`. Benchmarks are `synclane-bench` (tests/bench).

mod backup;
#[cfg(feature = "demo")]
mod demo;
#[cfg(feature = "demo")]
mod demo_moysklad;
mod icml;
mod retail;
mod tenant;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;

#[derive(Parser)]
#[command(
    name = "synclane",
    version,
    about = "Keeps a CRM, online shops and a warehouse in step."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the hooks and run the worker with the given config.
    Serve {
        #[arg(long, default_value = "synclane.toml", env = "SYNCLANE_CONFIG")]
        config: PathBuf,
    },
    /// Run the OpenCart → CRM demo against the built-in emulators, then exit.
    #[cfg(feature = "demo")]
    Demo,
    /// Switch MoySklad retail (the retaildemand webhook) on or off for a tenant.
    Retail(retail::RetailArgs),
    /// Write a tenant's ICML catalogue generated from MoySklad (MS-B9).
    Icml(icml::IcmlArgs),
    /// Back up the database and its secrets key file while Synclane serves.
    Backup(backup::BackupArgs),
    /// Tenant accounts and their API keys.
    Tenant(tenant::TenantArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,synclane=info".into()),
        )
        .init();
    let command = Cli::parse().command.unwrap_or_else(default_command);
    match command {
        Command::Serve { config } => serve(LocalConfig::load(&config)?).await,
        #[cfg(feature = "demo")]
        Command::Demo => demo::run().await,
        Command::Retail(args) => retail::run(args).await,
        Command::Icml(args) => icml::run(args).await,
        Command::Backup(args) => backup::run(args).await,
        Command::Tenant(args) => tenant::run(args).await,
    }
}

/// `serve` if `synclane.toml` exists, else the demo (when built in).
fn default_command() -> Command {
    let config = PathBuf::from("synclane.toml");
    #[cfg(feature = "demo")]
    if !config.exists() {
        return Command::Demo;
    }
    Command::Serve { config }
}

async fn serve(config: LocalConfig) -> anyhow::Result<()> {
    let local = Local::start(&config).await?;
    println!("synclane listening on http://{}", local.addr);
    stop_signal().await?;
    // Bounded by `synclane::runtime::stopping::STOP_BOUND`; logs what it drained.
    local.stop().await;
    Ok(())
}

/// Ctrl-C (SIGINT) or SIGTERM (what systemd, Docker and Kubernetes send
/// to stop a service): both stop the process the same graceful way.
#[cfg(unix)]
async fn stop_signal() -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    tokio::select! {
        interrupted = tokio::signal::ctrl_c() => interrupted,
        _ = term.recv() => Ok(()),
    }
}

#[cfg(not(unix))]
async fn stop_signal() -> std::io::Result<()> {
    tokio::signal::ctrl_c().await
}
