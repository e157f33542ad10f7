//! The order backfill: CRM orders ⇄ OpenCart orders by external id. In our
//! flows a CRM order made from a shop order carries the shop's order id as
//! its `externalId` (`opencart_crm::rules::decide`), and the link the flows
//! read is `order/opencart/<order_id>` ⇄ `order/retailcrm/<crm id>` in one
//! group (`flows::links::upsert`): the pair written here is that pair, by
//! `link_pair` (conditional, never overriding a link). No peer is written.
//!
//! The walk: the CRM's orders of the site, a page at a time from the
//! checkpoint (register and reports `ORDERS`, as the customer run's), under
//! the lease `ORDERS`. The extension's API has no order list, so each
//! `externalId` is confirmed by one `order.get` (the shop has no rate
//! budget; the CRM's pages go through the CRM client's). An order without
//! `externalId`, or whose shop order does not exist, is unmatched; a shop
//! order linked to another CRM order already is a conflict.

use super::checkpoint::{self, crm_page_key};
use super::link::{Paired, link_pair};
use super::progress::{Issue, IssueKind, PageReport, Progress, Status};
use super::skeleton::{Observer, Skeleton};
use crate::connectors::opencart::OpenCart;
use crate::connectors::retailcrm::{CrmOrderRef, RetailCrm};
use crate::error::Result;
use crate::model::{EntityKind, System, TenantId};
use crate::peers::Peers;
use crate::settings::TenantSettings;
use crate::store::{LinkKey, Store};
use futures_util::{StreamExt, stream};
use std::sync::Arc;

pub use super::checkpoint::ORDERS;
/// Orders looked up and linked at once.
const IN_FLIGHT: usize = 8;

/// What an order run works on.
#[derive(Clone)]
pub struct OrdersJob {
    pub store: Store,
    pub tenant: TenantId,
    pub crm: Arc<RetailCrm>,
    pub shop: Arc<OpenCart>,
    /// Who holds the lease (one id per run attempt).
    pub owner: String,
}

/// The order backfill of a tenant with a CRM and an OpenCart shop.
pub fn orders_job(store: &Store, peers: &Peers, tenant: &TenantSettings) -> Result<OrdersJob> {
    Ok(OrdersJob {
        store: store.clone(),
        tenant: tenant.id.clone(),
        crm: Arc::new(peers.crm_of(tenant)?),
        shop: Arc::new(peers.opencart_of(tenant)?),
        owner: uuid::Uuid::now_v7().to_string(),
    })
}

/// The stored progress of the tenant's order backfill.
pub async fn load_orders(store: &Store, tenant: &TenantId) -> Result<Option<Progress>> {
    Ok(
        checkpoint::load_named(store.cursors.as_ref(), tenant, ORDERS)
            .await?
            .0,
    )
}

/// Every report of `progress`'s order run so far.
pub async fn order_reports(
    store: &Store,
    tenant: &TenantId,
    progress: &Progress,
) -> Result<Vec<PageReport>> {
    let keys: Vec<String> = (1..=progress.crm_pages_done).map(crm_page_key).collect();
    checkpoint::reports_named(store.snapshots.as_ref(), tenant, ORDERS, &keys).await
}

impl OrdersJob {
    fn skeleton(&self) -> Skeleton<'_> {
        Skeleton {
            store: &self.store,
            tenant: &self.tenant,
            name: ORDERS,
            owner: &self.owner,
            what: "an order backfill",
        }
    }

    /// Takes the lease for this job's owner; `false` if another run holds it.
    pub async fn take_lease(&self) -> Result<bool> {
        self.skeleton().take_lease().await
    }

    /// Runs (or resumes) to the end; `Error::Busy` when another run holds
    /// the lease. A failure is checkpointed as `Failed` before it returns.
    pub async fn run(&self, observe: Observer<'_>) -> Result<Progress> {
        self.skeleton().run(self.run_leased(observe)).await
    }

    async fn run_leased(&self, observe: Observer<'_>) -> Result<Progress> {
        let run = self.skeleton();
        let (mut progress, mut version) = run.begin().await?;
        // Checkpointed before the first read, so a failure there is shown.
        run.step(&mut progress, &mut version, Status::Matching, observe)
            .await?;
        let mut page = progress.crm_pages_done + 1;
        let mut more = progress.crm_pages == 0 || progress.crm_pages_done < progress.crm_pages;
        while more {
            run.renew().await?;
            let found = self.crm.order_refs_page(page).await?;
            progress.crm_pages = found.total_pages.max(1);
            let report = self.match_page(&found.orders).await?;
            let key = crm_page_key(page);
            let snapshots = self.store.snapshots.as_ref();
            checkpoint::put_report_named(snapshots, &self.tenant, ORDERS, key, &report).await?;
            progress.add_page(&report, found.orders.len());
            progress.shop_records += report.matched_shop.len() as u64;
            progress.crm_pages_done = page;
            run.step(&mut progress, &mut version, Status::Matching, observe)
                .await?;
            more = page < progress.crm_pages;
            page += 1;
        }
        run.step(&mut progress, &mut version, Status::Done, observe)
            .await?;
        Ok(progress)
    }

    async fn match_page(&self, orders: &[CrmOrderRef]) -> Result<PageReport> {
        // The futures made first, then run: a closure in the stream would
        // make the spawned run's future not `Send` for every lifetime.
        let pairs: Vec<_> = orders.iter().map(|o| self.pair_one(o)).collect();
        let outcomes: Vec<Result<Option<(String, Paired)>>> =
            stream::iter(pairs).buffered(IN_FLIGHT).collect().await;
        let mut report = PageReport::default();
        for (order, outcome) in orders.iter().zip(outcomes) {
            let issue = |kind, candidates, reason: String| Issue {
                kind,
                system: System::RetailCrm.as_str().to_owned(),
                id: order.id.to_string(),
                candidates,
                reason,
            };
            match outcome? {
                Some((shop_id, Paired::Linked)) => {
                    report.linked += 1;
                    report.matched_shop.push(shop_id);
                }
                Some((shop_id, Paired::Already)) => {
                    report.already_linked += 1;
                    report.matched_shop.push(shop_id);
                }
                Some((shop_id, Paired::Conflict(why))) => {
                    report
                        .issues
                        .push(issue(IssueKind::Conflict, vec![shop_id], why));
                }
                None => {
                    let why = match &order.external_id {
                        None => "the CRM order has no externalId".to_owned(),
                        Some(ext) => format!("OpenCart has no order {ext}"),
                    };
                    report
                        .issues
                        .push(issue(IssueKind::Unmatched, Vec::new(), why));
                }
            }
        }
        Ok(report)
    }

    /// The shop order `order` names, linked; `None` when there is none.
    async fn pair_one(&self, order: &CrmOrderRef) -> Result<Option<(String, Paired)>> {
        let Some(shop_id) = order
            .external_id
            .as_deref()
            .and_then(|e| e.trim().parse::<i64>().ok())
            .filter(|id| *id > 0)
        else {
            return Ok(None);
        };
        if self.shop.order_get(shop_id).await?.is_none() {
            return Ok(None);
        }
        let key = |system, id: String| LinkKey::new(&self.tenant, EntityKind::Order, system, id);
        let crm = key(System::RetailCrm, order.id.to_string());
        let shop = key(System::OpenCart, shop_id.to_string());
        let paired = link_pair(self.store.links.as_ref(), &crm, &shop).await?;
        Ok(Some((shop_id.to_string(), paired)))
    }
}
