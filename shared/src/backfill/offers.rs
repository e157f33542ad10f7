//! The offer backfill: CRM offers ⇄ MoySklad goods by external code.
//!
//! What the flows read: nothing in the link store. The stock and price
//! pull uploads to the CRM by xmlId, the order export finds a line's good
//! by `externalCode=` and ICML writes xmlIds, all on every run (MS-B9: a
//! product's xmlId is its external code, a variant's `product#variant`); no
//! flow keeps or reads an offer link. So this pass writes no link (one
//! would be read by nobody) and no peer: its value is the report. An offer
//! whose xmlId names exactly one good is counted `already_linked` (the code
//! is the link); an offer with no xmlId, or one naming no good, is
//! unmatched (its stock is never pulled); an xmlId of two goods is a
//! conflict; after the walk, goods no offer named (MoySklad only) are
//! unmatched on the MoySklad side and goods two offers named a conflict.
//!
//! The walk: MoySklad's goods indexed (`entity/product`, 1000 a page, and
//! `entity/variant` with `expand=product`, 100 a page, archived ones too;
//! read again after a restart), then the CRM's `store/products` a page at
//! a time from the checkpoint (register, reports and lease `OFFERS`),
//! then the MoySklad leftovers as report pages. Both clients come from
//! `Peers`, so their rate budgets pace every read. In the stored
//! `Progress`: `crm_pages`/`crm_records` count product pages and offers,
//! `shop_records` the goods indexed, `unmatched_shop` goods no offer named.

use super::checkpoint::{self, crm_page_key, shop_page_key};
use super::matching::Match;
use super::offer_matching::GoodsIndex;
use super::progress::{Issue, IssueKind, PageReport, Progress, Status};
use super::skeleton::{LEASE, Observer};
use crate::clock::now_ms;
use crate::connectors::moysklad::{Assortment, CallKind, MoySklad, Pager};
use crate::connectors::retailcrm::{CrmOfferKeys, RetailCrm};
use crate::error::{Error, Result};
use crate::model::{System, TenantId};
use crate::peers::Peers;
use crate::settings::TenantSettings;
use crate::store::Store;

/// The offer backfill's register, report snapshot and lease.
pub const OFFERS: &str = "backfill:offers";
/// MoySklad's goods of every state: an archived good is still the offer's.
const ALL: &str = "archived=true;archived=false";
/// Goods left for the merchant per report page.
const LEFTOVER_PAGE: usize = 500;

/// What an offer run works on.
#[derive(Clone)]
pub struct OffersJob {
    pub store: Store,
    pub tenant: TenantId,
    pub crm: RetailCrm,
    pub ms: MoySklad,
    pub owner: String,
}

/// The offer backfill of a tenant with a CRM and MoySklad.
pub fn offers_job(store: &Store, peers: &Peers, tenant: &TenantSettings) -> Result<OffersJob> {
    Ok(OffersJob {
        store: store.clone(),
        tenant: tenant.id.clone(),
        crm: peers.crm_of(tenant)?,
        ms: peers.moysklad_of(tenant)?,
        owner: uuid::Uuid::now_v7().to_string(),
    })
}

/// The stored progress of the tenant's offer backfill.
pub async fn load_offers(store: &Store, tenant: &TenantId) -> Result<Option<Progress>> {
    Ok(
        checkpoint::load_named(store.cursors.as_ref(), tenant, OFFERS)
            .await?
            .0,
    )
}

/// Every report of `progress`'s offer run so far: the CRM pages, then the
/// MoySklad leftovers.
pub async fn offer_reports(
    store: &Store,
    tenant: &TenantId,
    progress: &Progress,
) -> Result<Vec<PageReport>> {
    let keys: Vec<String> = (1..=progress.crm_pages_done)
        .map(crm_page_key)
        .chain((1..=progress.shop_report_pages).map(shop_page_key))
        .collect();
    checkpoint::reports_named(store.snapshots.as_ref(), tenant, OFFERS, &keys).await
}

impl OffersJob {
    pub async fn take_lease(&self) -> Result<bool> {
        self.store
            .leases
            .try_acquire_lease(&self.tenant, OFFERS, &self.owner, LEASE)
            .await
    }

    /// Runs (or resumes) to the end; `Error::Busy` when another run holds the lease.
    pub async fn run(&self, observe: Observer<'_>) -> Result<Progress> {
        if !self.take_lease().await? {
            return Err(Error::Busy(
                "an offer backfill run of this tenant is going on".into(),
            ));
        }
        let result = self.run_leased(observe).await;
        let release = self
            .store
            .leases
            .release_lease(&self.tenant, OFFERS, &self.owner);
        if let Err(error) = release.await {
            tracing::warn!(message = "Could not release the offer backfill lease.", %error);
        }
        result
    }

    async fn run_leased(&self, observe: Observer<'_>) -> Result<Progress> {
        let cursors = self.store.cursors.as_ref();
        let (stored, mut version) = checkpoint::load_named(cursors, &self.tenant, OFFERS).await?;
        let mut progress = match stored {
            Some(p) if p.resumable() => p,
            _ => Progress::new(uuid::Uuid::now_v7().to_string(), now_ms()),
        };
        progress.error = None;
        self.step(&mut progress, &mut version, Status::Indexing, observe)
            .await?;
        let index = self.index().await?;
        progress.shop_records = index.len() as u64;
        self.step(&mut progress, &mut version, Status::Matching, observe)
            .await?;

        let mut page = progress.crm_pages_done + 1;
        let mut more = progress.crm_pages == 0 || progress.crm_pages_done < progress.crm_pages;
        while more {
            self.renew().await?;
            let found = self.crm.offer_keys_page(page).await?;
            progress.crm_pages = found.total_pages.max(1);
            let report = match_page(&index, &found.offers);
            let snapshots = self.store.snapshots.as_ref();
            let key = crm_page_key(page);
            checkpoint::put_report_named(snapshots, &self.tenant, OFFERS, key, &report).await?;
            progress.add_page(&report, found.offers.len());
            progress.crm_pages_done = page;
            self.step(&mut progress, &mut version, Status::Matching, observe)
                .await?;
            more = page < progress.crm_pages;
            page += 1;
        }

        self.step(&mut progress, &mut version, Status::Finishing, observe)
            .await?;
        self.report_leftovers(&index, &mut progress).await?;
        self.step(&mut progress, &mut version, Status::Done, observe)
            .await?;
        Ok(progress)
    }

    async fn step(
        &self,
        progress: &mut Progress,
        version: &mut u64,
        status: Status,
        observe: Observer<'_>,
    ) -> Result<()> {
        progress.status = status;
        progress.updated_ms = now_ms();
        let cursors = self.store.cursors.as_ref();
        *version =
            checkpoint::save_named(cursors, &self.tenant, OFFERS, progress, *version).await?;
        observe(progress);
        Ok(())
    }

    async fn renew(&self) -> Result<()> {
        let held = self
            .store
            .leases
            .renew_lease(&self.tenant, OFFERS, &self.owner, LEASE)
            .await?;
        if held {
            Ok(())
        } else {
            Err(Error::Busy("the offer backfill lease was lost".into()))
        }
    }

    /// Every product and variant of MoySklad, by xmlId.
    async fn index(&self) -> Result<GoodsIndex> {
        let mut index = GoodsIndex::default();
        let filter = || vec![("filter", ALL.to_owned())];
        let mut products = Pager::new(
            &self.ms,
            "entity/product",
            filter(),
            CallKind::Ordinary,
            1000,
            0,
        )?;
        while let Some(rows) = products.next_page::<Assortment>().await? {
            self.renew().await?;
            for p in rows {
                let Some(id) = p.id else { continue };
                index.add_product(&id, p.external_code.as_deref());
            }
        }
        // `expand=product` brings the product's code along (100 rows a page at most).
        let mut query = filter();
        query.push(("expand", "product".to_owned()));
        let mut variants = Pager::new(
            &self.ms,
            "entity/variant",
            query,
            CallKind::Ordinary,
            100,
            0,
        )?;
        while let Some(rows) = variants.next_page::<Assortment>().await? {
            self.renew().await?;
            for v in rows {
                let Some(id) = v.id else { continue };
                let product = v.product.as_ref();
                let product = (
                    product.map(|p| p.meta.id()),
                    product.and_then(|p| p.external_code.as_deref()),
                );
                index.add_variant(&id, product, v.external_code.as_deref());
            }
        }
        Ok(index)
    }

    /// The goods no CRM offer of this run named, or several did, as report pages.
    async fn report_leftovers(&self, index: &GoodsIndex, progress: &mut Progress) -> Result<()> {
        let keys: Vec<String> = (1..=progress.crm_pages_done).map(crm_page_key).collect();
        let snapshots = self.store.snapshots.as_ref();
        let pages = checkpoint::reports_named(snapshots, &self.tenant, OFFERS, &keys).await?;
        let matched = pages
            .iter()
            .flat_map(|p| p.matched_shop.iter().map(String::as_str));
        let leftovers = index.leftovers(matched);
        // Saved with `Done` only: a run stopped while finishing starts
        // this again from the counts before it.
        let unmatched = leftovers
            .iter()
            .filter(|i| i.kind == IssueKind::Unmatched)
            .count() as u64;
        progress.unmatched_shop = unmatched;
        progress.conflicts += leftovers.len() as u64 - unmatched;
        progress.shop_report_pages = 0;
        for chunk in leftovers.chunks(LEFTOVER_PAGE) {
            progress.shop_report_pages += 1;
            let report = PageReport {
                issues: chunk.to_vec(),
                ..PageReport::default()
            };
            let key = shop_page_key(progress.shop_report_pages);
            checkpoint::put_report_named(snapshots, &self.tenant, OFFERS, key, &report).await?;
        }
        Ok(())
    }
}

/// One page of CRM offers against the index (no I/O: nothing is linked).
fn match_page(index: &GoodsIndex, offers: &[CrmOfferKeys]) -> PageReport {
    let mut report = PageReport::default();
    for offer in offers {
        let issue = |kind, candidates, reason: String| Issue {
            kind,
            system: System::RetailCrm.as_str().to_owned(),
            id: offer.id.to_string(),
            candidates,
            reason,
        };
        let Some(xml_id) = offer.xml_id.as_deref() else {
            let why = "the CRM offer has no xmlId: no MoySklad good is it (MS-B9)";
            report
                .issues
                .push(issue(IssueKind::Unmatched, Vec::new(), why.into()));
            continue;
        };
        match index.find(xml_id) {
            Match::One(good) => {
                report.already_linked += 1;
                report.matched_shop.push(good);
            }
            Match::Several(goods) => {
                // Named, if not paired: not "no offer" in the leftovers.
                report.matched_shop.extend(goods.iter().cloned());
                let why = format!(
                    "{} MoySklad goods have the external code {xml_id}",
                    goods.len()
                );
                report.issues.push(issue(IssueKind::Conflict, goods, why));
            }
            Match::None => {
                let why = format!("no MoySklad good has the external code {xml_id}");
                report
                    .issues
                    .push(issue(IssueKind::Unmatched, Vec::new(), why));
            }
        }
    }
    report
}
