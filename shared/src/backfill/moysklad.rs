//! The MoySklad backfill: counterparties ⇄ CRM customers and corporate
//! customers, by the MoySklad id the CRM record shows already (MS-B10),
//! then tax id, e-mail and phone (`ms_matching`). The pair is linked under
//! the keys the `crm_moysklad` flows read (`customer/retailcrm/<id>` ⇄
//! `customer/moysklad/<counterparty id>`; for a corporate customer the same
//! under `corporate_customer`, as the flows link a corporate buyer:
//! `conflict_keys::pair`, shared with the merchant's resolutions), by
//! `link_pair` (conditional, never overriding a link). No peer is written.
//!
//! The CRM's customers (and, when the tenant's CRM has corporate customers,
//! its corporate customers, whose contact persons' e-mails and phones are
//! taken from the private customers read first) are indexed (read again
//! after a restart: they carry the keys); the counterparties are walked with the connector's `Pager`
//! (`limit` 100, ordinary calls, so the client's rate budget paces them),
//! checkpointed page by page under the register, reports and lease
//! `MOYSKLAD`. In the stored `Progress` the walked side is MoySklad:
//! `crm_pages`/`crm_records`/`unmatched_crm` count counterparty pages,
//! counterparties and unmatched counterparties; `shop_records` the CRM
//! customers indexed.

use super::checkpoint::{self, crm_page_key};
use super::conflict_keys::{CORPORATE, pair};
use super::link::{Paired, link_pair};
use super::matching::Match;
use super::ms_matching::{CounterpartyKeys, CrmKeys, MsIndex};
use super::pass::Pass;
use super::progress::{Issue, IssueKind, PageReport, Progress, Status};
use super::skeleton::{Observer, Skeleton};
use crate::connectors::moysklad::{CallKind, Counterparty, MoySklad, Pager};
use crate::connectors::retailcrm::RetailCrm;
use crate::error::{Error, Result};
use crate::model::{System, TenantId};
use crate::peers::Peers;
use crate::settings::TenantSettings;
use crate::store::Store;
use std::collections::HashMap;

pub use super::checkpoint::MOYSKLAD;
/// Counterparties a page (fixed: the checkpoint's page count is the offset).
const PAGE: u32 = 100;

/// What a MoySklad run works on.
#[derive(Clone)]
pub struct MoySkladJob {
    pub store: Store,
    pub tenant: TenantId,
    pub crm: RetailCrm,
    pub ms: MoySklad,
    /// Whether the CRM has corporate customers (its settings' `corporate_customers`).
    pub corporates: bool,
    pub owner: String,
}

/// The MoySklad backfill of a tenant with a CRM and MoySklad.
pub fn moysklad_job(store: &Store, peers: &Peers, tenant: &TenantSettings) -> Result<MoySkladJob> {
    Ok(MoySkladJob {
        store: store.clone(),
        tenant: tenant.id.clone(),
        crm: peers.crm_of(tenant)?,
        ms: peers.moysklad_of(tenant)?,
        corporates: tenant
            .retailcrm
            .as_ref()
            .is_some_and(|c| c.corporate_customers),
        owner: uuid::Uuid::now_v7().to_string(),
    })
}

/// The stored progress of the tenant's MoySklad backfill.
pub async fn load_moysklad(store: &Store, tenant: &TenantId) -> Result<Option<Progress>> {
    Ok(
        checkpoint::load_named(store.cursors.as_ref(), tenant, MOYSKLAD)
            .await?
            .0,
    )
}

/// Every report of `progress`'s MoySklad run so far.
pub async fn moysklad_reports(
    store: &Store,
    tenant: &TenantId,
    progress: &Progress,
) -> Result<Vec<PageReport>> {
    let keys: Vec<String> = (1..=progress.crm_pages_done).map(crm_page_key).collect();
    checkpoint::reports_named(store.snapshots.as_ref(), tenant, MOYSKLAD, &keys).await
}

impl MoySkladJob {
    fn skeleton(&self) -> Skeleton<'_> {
        Skeleton {
            store: &self.store,
            tenant: &self.tenant,
            name: MOYSKLAD,
            owner: &self.owner,
            what: "a MoySklad backfill",
        }
    }

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
        run.step(&mut progress, &mut version, Status::Indexing, observe)
            .await?;
        let index = self.index().await?;
        progress.shop_records = index.len() as u64;
        run.step(&mut progress, &mut version, Status::Matching, observe)
            .await?;

        let offset = u64::from(progress.crm_pages_done) * u64::from(PAGE);
        let mut pager = Pager::new(
            &self.ms,
            "entity/counterparty",
            Vec::new(),
            CallKind::Ordinary,
            PAGE,
            offset,
        )?;
        loop {
            run.renew().await?;
            let Some(rows) = pager.next_page::<Counterparty>().await? else {
                break;
            };
            let size = pager.size().unwrap_or(offset + rows.len() as u64);
            progress.crm_pages = u32::try_from(size.div_ceil(u64::from(PAGE)))
                .unwrap_or(u32::MAX)
                .max(1);
            let report = self.match_page(&index, &rows).await?;
            let page = progress.crm_pages_done + 1;
            let snapshots = self.store.snapshots.as_ref();
            let key = crm_page_key(page);
            checkpoint::put_report_named(snapshots, &self.tenant, MOYSKLAD, key, &report).await?;
            progress.add_page(&report, rows.len());
            progress.crm_pages_done = page;
            run.step(&mut progress, &mut version, Status::Matching, observe)
                .await?;
            if rows.len() < PAGE as usize {
                break;
            }
        }
        run.step(&mut progress, &mut version, Status::Done, observe)
            .await?;
        Ok(progress)
    }

    /// Every CRM customer (and corporate customer) of the site, by key.
    async fn index(&self) -> Result<MsIndex> {
        let mut index = MsIndex::default();
        // Contact persons' e-mails and phones, for the corporate customers.
        let mut contacts: HashMap<i64, (Vec<String>, Vec<String>)> = HashMap::new();
        let mut page = 1;
        loop {
            let (customers, pages) = self.crm.customer_keys_page(page).await?;
            let empty = customers.is_empty();
            for c in customers {
                let emails: Vec<String> = c.email.into_iter().collect();
                if self.corporates {
                    contacts.insert(c.id, (emails.clone(), c.phones.clone()));
                }
                index.private.add(CrmKeys {
                    id: c.id.to_string(),
                    moysklad_id: c.moysklad_id,
                    inns: c.inn.into_iter().collect(),
                    emails,
                    phones: c.phones,
                });
            }
            if empty || page >= pages {
                break;
            }
            page += 1;
        }
        let mut page = 1;
        while self.corporates {
            let (corporates, pages) = self.crm.corporate_keys_page(page).await?;
            let empty = corporates.is_empty();
            for c in corporates {
                let (mut emails, mut phones) = (Vec::new(), Vec::new());
                for (e, p) in c.contact_ids.iter().filter_map(|id| contacts.get(id)) {
                    emails.extend(e.iter().cloned());
                    phones.extend(p.iter().cloned());
                }
                index.corporate.add(CrmKeys {
                    id: format!("{CORPORATE}{}", c.id),
                    moysklad_id: c.moysklad_id,
                    inns: c.inns,
                    emails,
                    phones,
                });
            }
            if empty || page >= pages {
                break;
            }
            page += 1;
        }
        Ok(index)
    }

    /// Matches one page of counterparties and links the pairs found.
    async fn match_page(&self, index: &MsIndex, rows: &[Counterparty]) -> Result<PageReport> {
        let mut report = PageReport::default();
        for row in rows {
            let Some(id) = row.id.clone() else { continue };
            let keys = CounterpartyKeys {
                id: id.clone(),
                company_type: row.company_type.clone(),
                inn: row.inn.clone(),
                email: row.email.clone(),
                phone: row.phone.clone(),
            };
            let issue = |kind, candidates, reason: String| Issue {
                kind,
                system: System::MoySklad.as_str().to_owned(),
                id: id.clone(),
                candidates,
                reason,
            };
            match index.find(&keys) {
                Match::One(crm_id) => {
                    let ms = System::MoySklad.as_str();
                    let (crm, cp) = pair(&self.tenant, Pass::MoySklad, ms, &id, &crm_id)
                        .ok_or_else(|| Error::Invalid(format!("CRM customer id {crm_id:?}")))?;
                    match link_pair(self.store.links.as_ref(), &crm, &cp).await? {
                        Paired::Linked => report.linked += 1,
                        Paired::Already => report.already_linked += 1,
                        Paired::Conflict(why) => {
                            report.issues.push(issue(
                                IssueKind::Conflict,
                                vec![crm_id.clone()],
                                why,
                            ));
                            continue;
                        }
                    }
                    report.matched_shop.push(crm_id);
                }
                Match::Several(ids) => {
                    let why = format!("{} CRM customers share its strongest key", ids.len());
                    report.issues.push(issue(IssueKind::Conflict, ids, why));
                }
                Match::None => report.issues.push(issue(
                    IssueKind::Unmatched,
                    Vec::new(),
                    "no CRM customer or corporate customer has its MoySklad id, tax id, e-mail or phone".into(),
                )),
            }
        }
        Ok(report)
    }
}
