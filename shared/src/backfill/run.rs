//! One backfill run: index the shop side, walk the CRM's pages from the
//! checkpoint, link what matches, report the rest, checkpoint each page.
//!
//! Why the shop is indexed and the CRM walked: a restart has to read one
//! side again in full (the index lives in memory, not in the store), and
//! the shop (our extension's API) has no rate limit while the CRM's key
//! has a budget shared with the merchant's other integrations. So the CRM
//! is read once over all restarts, page by page from the checkpoint.
//!
//! One run per tenant at a time: a lease (`LEASE`), renewed every page, so
//! a run killed mid-way leaves it to lapse and the next start resumes.

use super::checkpoint::{self, crm_page_key, shop_page_key};
use super::link::{Paired, link_pair};
use super::matching::{Contact, Index, Match};
use super::progress::{Issue, IssueKind, PageReport, Progress, Status};
use super::skeleton::{Observer, Skeleton};
use super::sources::ContactPages;
use crate::error::Result;
use crate::model::{EntityKind, TenantId};
use crate::store::{LinkKey, Links, Store};
use futures_util::{StreamExt, stream};
use std::collections::HashSet;
use std::sync::Arc;

/// The customer pass's lease (also its register and report snapshot).
pub const LEASE_NAME: &str = super::checkpoint::CURSOR;
/// Pairs linked at once (store writes only; the order of a page's report is kept).
const IN_FLIGHT: usize = 8;
/// Unmatched shop records per report page.
const SHOP_REPORT_PAGE: usize = 500;

/// What a run works on. Cheap to clone.
#[derive(Clone)]
pub struct Job {
    pub store: Store,
    pub tenant: TenantId,
    /// The side walked from the checkpoint (the CRM).
    pub crm: Arc<dyn ContactPages>,
    /// The side indexed (the shop).
    pub shop: Arc<dyn ContactPages>,
    /// Who holds the lease (one id per run attempt).
    pub owner: String,
}

impl Job {
    fn skeleton(&self) -> Skeleton<'_> {
        Skeleton {
            store: &self.store,
            tenant: &self.tenant,
            name: LEASE_NAME,
            owner: &self.owner,
            what: "a backfill",
        }
    }

    /// Takes the lease for this job's owner; `false` if another run holds it.
    pub async fn take_lease(&self) -> Result<bool> {
        self.skeleton().take_lease().await
    }

    /// Runs (or resumes) to the end. `Error::Busy` when another run holds
    /// the lease. A failure is checkpointed as `Failed` before it returns.
    pub async fn run(&self, observe: Observer<'_>) -> Result<Progress> {
        self.skeleton().run(self.run_leased(observe)).await
    }

    async fn run_leased(&self, observe: Observer<'_>) -> Result<Progress> {
        let run = self.skeleton();
        let (mut progress, mut version) = run.begin().await?;
        run.step(&mut progress, &mut version, Status::Indexing, observe)
            .await?;

        let index = self.index().await?;
        progress.shop_records = index.len() as u64;
        run.step(&mut progress, &mut version, Status::Matching, observe)
            .await?;

        // A run stopped while finishing has no CRM page left to read.
        let mut page = progress.crm_pages_done + 1;
        let mut more = progress.crm_pages == 0 || progress.crm_pages_done < progress.crm_pages;
        while more {
            run.renew().await?;
            let (contacts, pages) = self.crm.page(page).await?;
            progress.crm_pages = pages.max(1);
            let report = self.match_page(&index, &contacts).await?;
            checkpoint::put_report(self.snapshots(), &self.tenant, crm_page_key(page), &report)
                .await?;
            progress.add_page(&report, contacts.len());
            progress.crm_pages_done = page;
            run.step(&mut progress, &mut version, Status::Matching, observe)
                .await?;
            more = page < progress.crm_pages;
            page += 1;
        }

        run.step(&mut progress, &mut version, Status::Finishing, observe)
            .await?;
        self.report_unmatched_shop(&index, &mut progress).await?;
        run.step(&mut progress, &mut version, Status::Done, observe)
            .await?;
        Ok(progress)
    }

    fn snapshots(&self) -> &dyn crate::store::Snapshots {
        self.store.snapshots.as_ref()
    }

    /// Every shop record, indexed by key.
    async fn index(&self) -> Result<Index> {
        let mut index = Index::default();
        let mut page = 1;
        loop {
            let (contacts, pages) = self.shop.page(page).await?;
            let empty = contacts.is_empty();
            contacts.into_iter().for_each(|c| index.add(c));
            if empty || page >= pages {
                return Ok(index);
            }
            page += 1;
        }
    }

    fn key(&self, system: crate::model::System, id: &str) -> LinkKey {
        LinkKey::new(&self.tenant, EntityKind::Customer, system, id)
    }

    /// Matches one page of CRM records and links the pairs found.
    async fn match_page(&self, index: &Index, contacts: &[Contact]) -> Result<PageReport> {
        let pairs: Vec<_> = contacts.iter().map(|c| self.pair_one(index, c)).collect();
        let outcomes: Vec<Result<Found>> = stream::iter(pairs).buffered(IN_FLIGHT).collect().await;
        let mut report = PageReport::default();
        for (contact, outcome) in contacts.iter().zip(outcomes) {
            let issue = |kind, candidates, reason: String| Issue {
                kind,
                system: self.crm.system().as_str().to_owned(),
                id: contact.id.clone(),
                candidates,
                reason,
            };
            match outcome? {
                Found::Pair(shop_id, Paired::Linked) => {
                    report.linked += 1;
                    report.matched_shop.push(shop_id);
                }
                Found::Pair(shop_id, Paired::Already) => {
                    report.already_linked += 1;
                    report.matched_shop.push(shop_id);
                }
                Found::Pair(shop_id, Paired::Conflict(why)) => {
                    report
                        .issues
                        .push(issue(IssueKind::Conflict, vec![shop_id], why));
                }
                Found::Several(ids) => {
                    let why = format!("{} shop customers share its e-mail or phone", ids.len());
                    report.issues.push(issue(IssueKind::Conflict, ids, why));
                }
                Found::Nothing => report.issues.push(issue(
                    IssueKind::Unmatched,
                    Vec::new(),
                    "no shop customer has its e-mail or phone".into(),
                )),
            }
        }
        Ok(report)
    }

    /// Matches one CRM record and links it when it has one candidate.
    async fn pair_one(&self, index: &Index, contact: &Contact) -> Result<Found> {
        Ok(match index.find(contact) {
            Match::One(shop_id) => {
                let crm = self.key(self.crm.system(), &contact.id);
                let shop = self.key(self.shop.system(), &shop_id);
                let links: &dyn Links = self.store.links.as_ref();
                Found::Pair(shop_id.clone(), link_pair(links, &crm, &shop).await?)
            }
            Match::Several(ids) => Found::Several(ids),
            Match::None => Found::Nothing,
        })
    }

    /// The shop records that no CRM record of this run matched and that
    /// are not linked to the CRM otherwise, as report pages.
    async fn report_unmatched_shop(&self, index: &Index, progress: &mut Progress) -> Result<()> {
        let keys: Vec<String> = (1..=progress.crm_pages_done).map(crm_page_key).collect();
        let pages = checkpoint::reports(self.snapshots(), &self.tenant, &keys).await?;
        let matched: HashSet<&str> = pages
            .iter()
            .flat_map(|p| p.matched_shop.iter().map(String::as_str))
            .collect();
        let mut unmatched = Vec::new();
        for id in index
            .ids()
            .iter()
            .filter(|id| !matched.contains(id.as_str()))
        {
            let link = self
                .store
                .links
                .get_link(&self.key(self.shop.system(), id))
                .await?;
            if link.is_some_and(|l| l.peer(self.crm.system()).is_some()) {
                continue;
            }
            unmatched.push(Issue {
                kind: IssueKind::Unmatched,
                system: self.shop.system().as_str().to_owned(),
                id: id.clone(),
                candidates: Vec::new(),
                reason: "no CRM customer has its e-mail or phone".into(),
            });
        }
        progress.unmatched_shop = unmatched.len() as u64;
        progress.shop_report_pages = 0;
        for chunk in unmatched.chunks(SHOP_REPORT_PAGE) {
            progress.shop_report_pages += 1;
            let report = PageReport {
                issues: chunk.to_vec(),
                ..PageReport::default()
            };
            let key = shop_page_key(progress.shop_report_pages);
            checkpoint::put_report(self.snapshots(), &self.tenant, key, &report).await?;
        }
        Ok(())
    }
}

/// What one CRM record came to.
enum Found {
    Pair(String, Paired),
    Several(Vec<String>),
    Nothing,
}
