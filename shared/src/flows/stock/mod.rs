//! `stock-pull` and `price-pull` (MS-P1..MS-P3, MS-S6..MS-S8, MS-B9):
//! MoySklad stock and cost prices → CRM offers per mapped warehouse.
//!
//! One pass serves both when both are on (the stock report carries the cost
//! price), so `price-pull` only runs for tenants that pull prices alone.
//! Each run, for one tenant:
//! 1. takes the tenant's `stock-pull` lease (an overlapping run finds it
//!    taken and does nothing), renewing it before each page;
//! 2. continues a full pass in progress, or starts one when none ever ran or
//!    the last is `full_resync_hours` old (or the changes feed is too old
//!    to ask), or else runs a delta pass (`delta`);
//! 3. checkpoints after every page and stops before `deadline`.
//!
//! The flow consumes no events: its work is these two jobs. Rule ids:
//!
//! | rule | implemented by |
//! |---|---|
//! | MS-P1 | `rules::store_values`, `full`, `delta` |
//! | MS-P2 | `rules::store_values` |
//! | MS-P3 | `delta`, `entries` (snapshot compare), `new_goods` |
//! | MS-S6 | `rules::store_values` |
//! | MS-S7 | `rules::archived_filter`, `new_goods` |
//! | MS-S8 | `rules::store_values`, `rules::current_stock_type` |
//! | MS-B9 | `rules::xml_id`, `xml_ids` |
//!
//! Files: `rules` (pure), `checkpoint` (state in a cursor), `full`, `delta`, `entries`
//! (rows → entries, snapshot compare), `offers` (entry and snapshot
//! formats), `xml_ids` (MS-B9 for variants), `new_goods` (goods a delta
//! meets that the snapshot does not know), `push` (upload + snapshot).

mod checkpoint;
mod delta;
mod entries;
mod full;
mod new_goods;
mod offers;
mod push;
pub mod rules;
mod xml_ids;

pub use checkpoint::Checkpoint;
pub use push::RunStats;

use super::schedule::{JobContext, ScheduledJob};
use super::{Flow, FlowCtx, Outcome, Subscription};
use crate::clock::now_ms;
use crate::connectors::moysklad::MoySklad;
use crate::connectors::retailcrm::RetailCrm;
use crate::error::{Error, Result};
use crate::model::Envelope;
use crate::model::TenantId;
use crate::settings::{StockOptions, TenantSettings};
use crate::store::Store;
use async_trait::async_trait;
use rules::Wanted;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// The lease that keeps two runs of one tenant from pushing at once.
const LEASE: &str = "stock-pull";
/// Time kept free before the deadline: one page plus its upload.
const DEADLINE_MARGIN: Duration = Duration::from_secs(5);

/// One run's handles and settings.
pub(crate) struct Sync<'a> {
    store: &'a Store,
    tenant: &'a TenantId,
    crm: &'a RetailCrm,
    ms: &'a MoySklad,
    opts: StockOptions,
    wanted: Wanted,
    /// (CRM store code, MoySklad store id), sorted by code (MS-M2).
    stores: Vec<(String, String)>,
    deadline: Instant,
    page_limit: u32,
    owner: String,
    lease_ttl: Duration,
}

impl Sync<'_> {
    fn out_of_time(&self) -> bool {
        Instant::now() + DEADLINE_MARGIN >= self.deadline
    }

    async fn keep_lease(&self) -> Result<()> {
        if self
            .store
            .leases
            .renew_lease(self.tenant, LEASE, &self.owner, self.lease_ttl)
            .await?
        {
            Ok(())
        } else {
            Err(Error::Busy(format!("stock lease of {} lost", self.tenant)))
        }
    }
}

/// How a run is driven (tests and the benchmark change the defaults).
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Report rows per page (MoySklad's maximum is 1000).
    pub page_limit: u32,
    pub lease_ttl: Duration,
    /// Run even if `every_minutes` has not passed since the last pass.
    pub ignore_interval: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            page_limit: 1000,
            lease_ttl: Duration::from_secs(120),
            ignore_interval: false,
        }
    }
}

/// One run for one tenant with the given clients.
pub async fn run_with(
    store: &Store,
    tenant: &TenantSettings,
    crm: &RetailCrm,
    ms: &MoySklad,
    deadline: Instant,
    options: &RunOptions,
) -> Result<RunStats> {
    let sync = tenant
        .moysklad
        .as_ref()
        .and_then(|m| m.sync.as_ref())
        .ok_or_else(|| Error::Invalid("no MoySklad sync settings".into()))?;
    let opts = sync.stock.clone();
    let run = Sync {
        store,
        tenant: &tenant.id,
        crm,
        ms,
        wanted: Wanted {
            stock: opts.stock_enabled,
            prices: opts.prices_enabled,
        },
        opts,
        stores: sync
            .stores
            .iter()
            .map(|(c, id)| (c.clone(), id.clone()))
            .collect(),
        deadline,
        page_limit: options.page_limit,
        owner: uuid::Uuid::new_v4().to_string(),
        lease_ttl: options.lease_ttl,
    };
    let mut stats = RunStats::default();
    if !store
        .leases
        .try_acquire_lease(&tenant.id, LEASE, &run.owner, run.lease_ttl)
        .await?
    {
        stats.skipped = true;
        return Ok(stats);
    }
    let result = run.pass(options, &mut stats).await;
    store
        .leases
        .release_lease(&tenant.id, LEASE, &run.owner)
        .await?;
    result.map(|()| stats)
}

impl Sync<'_> {
    async fn pass(&self, options: &RunOptions, stats: &mut RunStats) -> Result<()> {
        let mut cp = checkpoint::load(self.store, self.tenant).await?;
        let now = now_ms();
        if cp.state.full.is_some() {
            return self.full_pass(&mut cp, stats).await.map(drop);
        }
        let since_sync = now - cp.state.last_sync_ms;
        if !options.ignore_interval && since_sync < i64::from(self.opts.every_minutes) * 60_000 {
            return Ok(());
        }
        let full_due = cp.state.last_full_ms == 0
            || now - cp.state.last_full_ms >= i64::from(self.opts.full_resync_hours) * 3_600_000
            || since_sync >= 23 * 3_600_000;
        if full_due {
            self.full_pass(&mut cp, stats).await.map(drop)
        } else {
            self.delta_pass(&mut cp, stats).await
        }
    }
}

/// Builds the tenant's clients from `ctx.peers` (whose MoySklad budget every
/// worker and job of the tenant shares) and runs.
pub async fn run_tenant(ctx: &JobContext, tenant: &TenantSettings) -> Result<RunStats> {
    if tenant.retailcrm.is_none() || tenant.moysklad.is_none() {
        return Err(Error::Invalid(
            "stock sync needs the CRM and MoySklad configured".into(),
        ));
    }
    let crm = ctx.peers.crm_of(tenant)?;
    let ms = ctx.peers.moysklad_of(tenant)?;
    run_with(
        &ctx.store,
        tenant,
        &crm,
        &ms,
        ctx.deadline,
        &RunOptions::default(),
    )
    .await
}

fn stock_options(tenant: &TenantSettings) -> Option<&StockOptions> {
    let sync = tenant.moysklad.as_ref()?.sync.as_ref()?;
    (tenant.retailcrm.is_some() && !sync.stores.is_empty()).then_some(&sync.stock)
}

/// MS-P1 (and MS-P2 in the same pass when prices are on).
pub struct StockPull;
/// MS-P2 for tenants that pull prices without stock.
pub struct PricePull;

#[async_trait]
impl ScheduledJob for StockPull {
    fn name(&self) -> &'static str {
        "stock-pull"
    }
    fn every(&self) -> Duration {
        Duration::from_secs(60)
    }
    fn applies_to(&self, _: &JobContext, tenant: &TenantSettings) -> bool {
        stock_options(tenant).is_some_and(|o| o.stock_enabled)
    }
    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()> {
        run_tenant(ctx, tenant).await.map(drop)
    }
}

#[async_trait]
impl ScheduledJob for PricePull {
    fn name(&self) -> &'static str {
        "price-pull"
    }
    fn every(&self) -> Duration {
        Duration::from_secs(60)
    }
    fn applies_to(&self, _: &JobContext, tenant: &TenantSettings) -> bool {
        stock_options(tenant).is_some_and(|o| o.prices_enabled && !o.stock_enabled)
    }
    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()> {
        run_tenant(ctx, tenant).await.map(drop)
    }
}

/// The flow: MoySklad stock and prices → CRM offers, by its two jobs.
pub struct Stock;

#[async_trait]
impl Flow for Stock {
    fn id(&self) -> &'static str {
        "stock"
    }

    fn consumes(&self) -> &'static [Subscription] {
        &[]
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        stock_options(tenant).is_some()
    }

    async fn handle(&self, _: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        Err(Error::Invalid(format!(
            "the stock flow consumes no events ({} from {})",
            envelope.entity, envelope.source
        )))
    }

    fn jobs(&self) -> Vec<Arc<dyn ScheduledJob>> {
        vec![Arc::new(StockPull), Arc::new(PricePull)]
    }
}
