//! The MoySklad backfill: counterparties ⇄ CRM customers, by the MoySklad
//! id the CRM customer shows already (MS-B10), then tax id, e-mail and
//! phone (`ms_matching`). The pair is linked under the keys the
//! `crm_moysklad` flows read (`customer/retailcrm/<id>` ⇄
//! `customer/moysklad/<counterparty id>`, by `link_pair`: conditional, never
//! overriding a link). No peer is written.
//!
//! The CRM's customers are indexed (read again after a restart: they carry
//! the keys); the counterparties are walked with the connector's `Pager`
//! (`limit` 100, ordinary calls, so the client's rate budget paces them),
//! checkpointed page by page under the register, reports and lease
//! `MOYSKLAD`. In the stored `Progress` the walked side is MoySklad:
//! `crm_pages`/`crm_records`/`unmatched_crm` count counterparty pages,
//! counterparties and unmatched counterparties; `shop_records` the CRM
//! customers indexed.

use super::checkpoint::{self, crm_page_key};
use super::link::{Paired, link_pair};
use super::matching::Match;
use super::ms_matching::{CounterpartyKeys, CrmIndex, CrmKeys};
use super::progress::{Issue, IssueKind, PageReport, Progress, Status};
use super::run::{LEASE, Observer};
use crate::clock::now_ms;
use crate::connectors::moysklad::{CallKind, Counterparty, MoySklad, Pager};
use crate::connectors::retailcrm::RetailCrm;
use crate::error::{Error, Result};
use crate::model::{EntityKind, System, TenantId};
use crate::peers::Peers;
use crate::settings::TenantSettings;
use crate::store::{LinkKey, Store};

/// The MoySklad backfill's register, report snapshot and lease.
pub const MOYSKLAD: &str = "backfill:moysklad";
/// Counterparties a page (fixed: the checkpoint's page count is the offset).
const PAGE: u32 = 100;

/// What a MoySklad run works on.
#[derive(Clone)]
pub struct MoySkladJob {
    pub store: Store,
    pub tenant: TenantId,
    pub crm: RetailCrm,
    pub ms: MoySklad,
    pub owner: String,
}

/// The MoySklad backfill of a tenant with a CRM and MoySklad.
pub fn moysklad_job(store: &Store, peers: &Peers, tenant: &TenantSettings) -> Result<MoySkladJob> {
    Ok(MoySkladJob {
        store: store.clone(),
        tenant: tenant.id.clone(),
        crm: peers.crm_of(tenant)?,
        ms: peers.moysklad_of(tenant)?,
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
    pub async fn take_lease(&self) -> Result<bool> {
        self.store
            .leases
            .try_acquire_lease(&self.tenant, MOYSKLAD, &self.owner, LEASE)
            .await
    }

    /// Runs (or resumes) to the end; `Error::Busy` when another run holds the lease.
    pub async fn run(&self, observe: Observer<'_>) -> Result<Progress> {
        if !self.take_lease().await? {
            return Err(Error::Busy(
                "a MoySklad backfill run of this tenant is going on".into(),
            ));
        }
        let result = self.run_leased(observe).await;
        let release = self
            .store
            .leases
            .release_lease(&self.tenant, MOYSKLAD, &self.owner);
        if let Err(error) = release.await {
            tracing::warn!(message = "Could not release the MoySklad backfill lease.", %error);
        }
        result
    }

    async fn run_leased(&self, observe: Observer<'_>) -> Result<Progress> {
        let cursors = self.store.cursors.as_ref();
        let (stored, mut version) = checkpoint::load_named(cursors, &self.tenant, MOYSKLAD).await?;
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
            self.renew().await?;
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
            self.step(&mut progress, &mut version, Status::Matching, observe)
                .await?;
            if rows.len() < PAGE as usize {
                break;
            }
        }
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
            checkpoint::save_named(cursors, &self.tenant, MOYSKLAD, progress, *version).await?;
        observe(progress);
        Ok(())
    }

    async fn renew(&self) -> Result<()> {
        let held = self
            .store
            .leases
            .renew_lease(&self.tenant, MOYSKLAD, &self.owner, LEASE)
            .await?;
        if held {
            Ok(())
        } else {
            Err(Error::Busy("the MoySklad backfill lease was lost".into()))
        }
    }

    /// Every CRM customer of the site, by key.
    async fn index(&self) -> Result<CrmIndex> {
        let mut index = CrmIndex::default();
        let mut page = 1;
        loop {
            let (customers, pages) = self.crm.customer_keys_page(page).await?;
            let empty = customers.is_empty();
            for c in customers {
                index.add(CrmKeys {
                    id: c.id.to_string(),
                    moysklad_id: c.moysklad_id,
                    inn: c.inn,
                    email: c.email,
                    phones: c.phones,
                });
            }
            if empty || page >= pages {
                return Ok(index);
            }
            page += 1;
        }
    }

    /// Matches one page of counterparties and links the pairs found.
    async fn match_page(&self, index: &CrmIndex, rows: &[Counterparty]) -> Result<PageReport> {
        let mut report = PageReport::default();
        for row in rows {
            let Some(id) = row.id.clone() else { continue };
            let keys = CounterpartyKeys {
                id: id.clone(),
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
                    let key = |system, id: &str| {
                        LinkKey::new(&self.tenant, EntityKind::Customer, system, id)
                    };
                    let crm = key(System::RetailCrm, &crm_id);
                    let ms = key(System::MoySklad, &id);
                    match link_pair(self.store.links.as_ref(), &crm, &ms).await? {
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
                    "no CRM customer has its MoySklad id, tax id, e-mail or phone".into(),
                )),
            }
        }
        Ok(report)
    }
}
