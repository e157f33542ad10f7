//! `synclane backfill --config <file> --tenant <id> [--orders | --moysklad | --offers]`:
//! links the customers (or, with `--orders`, the orders, by external id)
//! that already exist in both the tenant's CRM and its OpenCart shop, or
//! (with `--moysklad`) its MoySklad counterparties to its CRM customers and
//! corporate customers (`synclane::backfill`), on the local database, with
//! a progress bar; with `--offers`, reports the CRM offers and MoySklad
//! goods that no xmlId pairs (`backfill::offers`, nothing linked).
//! Writes nothing to either peer. A run stopped (even by SIGKILL) is
//! resumed from its checkpoint by the next: this command waits for the
//! stopped run's lease to lapse (`backfill::LEASE`) first.

use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use synclane::backfill::{self, LEASE, Progress, Status};
use synclane::error::Error;
use synclane::model::TenantId;
use synclane::peers::{Peers, http_client};
use synclane::runtime::config::LocalConfig;
use synclane::store::require_tenant;

#[derive(clap::Args, Debug, Clone)]
pub struct BackfillArgs {
    #[arg(long, default_value = "synclane.toml", env = "SYNCLANE_CONFIG")]
    config: PathBuf,
    /// The tenant whose CRM and shop customers are linked.
    #[arg(long)]
    tenant: String,
    /// Link the orders (CRM `externalId` = OpenCart order id) instead of the customers.
    #[arg(long, conflicts_with = "moysklad")]
    orders: bool,
    /// Link the MoySklad counterparties to CRM customers and corporate customers.
    #[arg(long, conflicts_with = "offers")]
    moysklad: bool,
    /// Check the offers (CRM `xmlId` = MoySklad external code) instead: a
    /// report of the offers and goods on one side only, nothing linked.
    #[arg(long, conflicts_with = "orders")]
    offers: bool,
}

pub async fn run(args: BackfillArgs) -> anyhow::Result<()> {
    let config = LocalConfig::load(&args.config)?;
    let (_db, store) = synclane::runtime::local::open_store(&config).await?;
    let tenant = TenantId::parse(&args.tenant)
        .ok_or_else(|| anyhow::anyhow!("{:?} is not a tenant id", args.tenant))?;
    // The config's settings are the local runtime's own; the store's if
    // `serve` has put them there and the config no longer lists the tenant.
    let settings = match config.tenants.iter().find(|t| t.id == tenant) {
        Some(settings) => settings.clone(),
        None => require_tenant(store.tenants.as_ref(), &tenant).await?,
    };
    let peers = Peers::local(http_client());
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {{msg}} [{{bar:30}}] {{pos}}/{{len}} {} pages ({{eta}})",
            if args.moysklad { "counterparty" } else { "CRM" }
        ))?
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let observe = |p: &Progress| {
        bar.set_length(u64::from(p.crm_pages));
        bar.set_position(u64::from(p.crm_pages_done));
        bar.set_message(summary(p));
        // One line per checkpoint when the output is not a terminal (logs, tests).
        if bar.is_hidden() {
            eprintln!("{}", line(p));
        }
    };
    let progress = if args.offers {
        let job = backfill::offers_job(&store, &peers, &settings)?;
        until_free(&bar, || job.run(&observe)).await?
    } else if args.orders {
        let job = backfill::orders_job(&store, &peers, &settings)?;
        until_free(&bar, || job.run(&observe)).await?
    } else if args.moysklad {
        let job = backfill::moysklad_job(&store, &peers, &settings)?;
        until_free(&bar, || job.run(&observe)).await?
    } else {
        let job = backfill::customers_job(&store, &peers, &settings)?;
        until_free(&bar, || job.run(&observe)).await?
    };
    bar.finish_with_message(summary(&progress));
    println!("{}", line(&progress));
    let (walked, route) = match (args.orders, args.moysklad, args.offers) {
        (true, _, _) => ("CRM", "backfill/orders"),
        (_, true, _) => ("MoySklad", "backfill/moysklad"),
        (_, _, true) => ("CRM", "backfill/offers"),
        _ => ("CRM", "backfill"),
    };
    println!(
        "unmatched: {} {walked}, {} shop; conflicts: {} (GET /admin/tenants/{tenant}/backfill/conflicts); see GET /admin/tenants/{tenant}/{route}",
        progress.unmatched_crm, progress.unmatched_shop, progress.conflicts
    );
    Ok(())
}

/// Runs `start` again while a stopped run's lease has not lapsed.
async fn until_free<F, Fut>(bar: &ProgressBar, mut start: F) -> Result<Progress, Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Progress, Error>>,
{
    let waiting_since = Instant::now();
    loop {
        match start().await {
            Err(Error::Busy(why)) if waiting_since.elapsed() < LEASE * 3 => {
                bar.set_message(format!("waiting: {why}"));
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            other => return other,
        }
    }
}

fn summary(p: &Progress) -> String {
    format!(
        "{:?}: {} linked, {} already, {} conflicts",
        p.status, p.linked, p.already_linked, p.conflicts
    )
}

/// The progress as one line of `key=value`s (what the tests read).
fn line(p: &Progress) -> String {
    let status = match p.status {
        Status::Indexing => "indexing",
        Status::Matching => "matching",
        Status::Finishing => "finishing",
        Status::Done => "done",
        Status::Failed => "failed",
    };
    format!(
        "backfill status={status} crm_pages_done={} crm_pages={} shop_records={} linked={} already_linked={} conflicts={} unmatched_crm={} unmatched_shop={}",
        p.crm_pages_done,
        p.crm_pages,
        p.shop_records,
        p.linked,
        p.already_linked,
        p.conflicts,
        p.unmatched_crm,
        p.unmatched_shop
    )
}
