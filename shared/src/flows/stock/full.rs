//! The full pass: every mapped warehouse's `report/stock/all` page by page
//! (`quantityMode=all`, so goods that ran out are zeroed; MS-S7 through the
//! `archived` filter), every entry pushed. Checkpointed after each page, so
//! a run that reaches its deadline stops there and the next continues.

use super::Sync;
use super::checkpoint::{self, Checkpoint, FullProgress, Stored};
use super::push::RunStats;
use super::xml_ids::XmlIds;
use crate::connectors::moysklad::{Meta, StockQuery, StockRow};
use crate::error::Result;
use crate::flows::stock::rules::archived_filter;

impl Sync<'_> {
    /// Runs the full pass from the checkpoint until done (`true`) or out of time.
    pub(super) async fn full_pass(&self, cp: &mut Stored, stats: &mut RunStats) -> Result<bool> {
        stats.mode = "full";
        let mut progress = cp.state.full.unwrap_or(FullProgress {
            store: 0,
            offset: 0,
            started_ms: crate::clock::now_ms(),
        });
        let mut xml_ids = XmlIds::default();
        let mut first = true;
        loop {
            let Some((code, ms_id)) = self.stores.get(progress.store) else {
                let done = Checkpoint {
                    full: None,
                    last_full_ms: progress.started_ms,
                    last_sync_ms: progress.started_ms,
                };
                checkpoint::save(self.store, self.tenant, cp, done).await?;
                return Ok(true);
            };
            // At least one page per run, so a run always makes progress.
            if !first && self.out_of_time() {
                stats.interrupted = true;
                return Ok(false);
            }
            first = false;
            self.keep_lease().await?;
            let query = StockQuery {
                include_zero: true,
                store_hrefs: vec![Meta::entity(self.ms.base_url(), "store", ms_id).href],
                conditions: vec![archived_filter(&self.opts).to_owned()],
            };
            let mut pager = self
                .ms
                .stock_pager(&query, self.page_limit, progress.offset)?;
            let rows: Vec<StockRow> = pager.next_page().await?.unwrap_or_default();
            stats.moysklad_reports += 1;
            let entries = self
                .entries_for(code, &rows, &mut xml_ids, false, stats)
                .await?;
            // Not `started_ms`: a pass redone before its first checkpoint
            // starts anew; the last full pass's start is what it shares.
            let basis = format!(
                "full:{}:{}:{}",
                cp.state.last_full_ms, progress.store, progress.offset
            );
            self.push(&basis, &entries, stats).await?;
            let more = !rows.is_empty() && pager.size().is_none_or(|size| pager.offset() < size);
            progress = if more {
                FullProgress {
                    offset: pager.offset(),
                    ..progress
                }
            } else {
                FullProgress {
                    store: progress.store + 1,
                    offset: 0,
                    ..progress
                }
            };
            let state = Checkpoint {
                full: Some(progress),
                ..cp.state.clone()
            };
            checkpoint::save(self.store, self.tenant, cp, state).await?;
        }
    }
}
