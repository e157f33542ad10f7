//! The delta pass (MS-P3): `report/stock/bystore/current?changedSince=` names
//! the goods whose stock changed since the last pass, with their current
//! figure per warehouse, in one call instead of the whole report. Stock-only
//! runs take that figure (`quantity`, or `freeStock` under MS-S8); with
//! prices on, the changed goods' full rows are read from `report/stock/all`
//! filtered by `product=` / `variant=` (cost prices move with stock). Only
//! entries that differ from the snapshot are pushed.
//!
//! Goods the snapshot does not know (new since the last full pass, or not
//! pushed to that warehouse before) are read by id (`new_goods`: kind and
//! xmlId, MS-S7 applied as in the full pass) and then take the same path as
//! known goods, so they reach the CRM at this pass, not the next full one.
//! Under MS-S7 a stock-only pass also reads its changed known goods by id
//! before pushing them: the short report does not say whether a good was
//! archived since the last pass (the report rows of a priced pass do).

use super::Sync;
use super::checkpoint::{self, Checkpoint, Stored};
use super::offers::{Entry, parse};
use super::push::RunStats;
use super::xml_ids::XmlIds;
use crate::connectors::moysklad::{CurrentStock, Meta, StockQuery, StockRow, moscow_time};
use crate::error::Result;
use crate::flows::stock::rules::{
    Figures, Wanted, archived_filter, current_stock_type, store_values,
};
use crate::settings::StockOptions;
use std::collections::{BTreeMap, HashMap};

/// Asked-for intervals overlap by this much, so a change at the boundary is not lost.
const OVERLAP_MS: i64 = 60_000;
/// MoySklad refuses `changedSince` more than 24 h back.
const MAX_BACK_MS: i64 = 24 * 3_600_000 - 120_000;
/// Goods per filtered report request (the filter travels in the URL).
const GOODS_PER_REQUEST: usize = 40;

impl Sync<'_> {
    pub(super) async fn delta_pass(&self, cp: &mut Stored, stats: &mut RunStats) -> Result<()> {
        stats.mode = "delta";
        let started = crate::clock::now_ms();
        let since = (cp.state.last_sync_ms - OVERLAP_MS).max(started - MAX_BACK_MS);
        let ids: Vec<String> = self.stores.iter().map(|(_, id)| id.clone()).collect();
        self.keep_lease().await?;
        let changed = self
            .ms
            .stock_changed_by_store(current_stock_type(&self.opts), &moscow_time(since), &ids)
            .await?;
        stats.moysklad_reports += 1;
        let code_of: HashMap<&str, &str> = self
            .stores
            .iter()
            .map(|(c, id)| (id.as_str(), c.as_str()))
            .collect();
        // In code order, so a run reads new goods in the same order every time.
        let mut by_store: BTreeMap<&str, Vec<&CurrentStock>> = BTreeMap::new();
        for line in &changed {
            if let Some(code) = line.store_id.as_deref().and_then(|s| code_of.get(s)) {
                by_store.entry(code).or_default().push(line);
            }
        }
        let mut xml_ids = XmlIds::default();
        for (code, lines) in by_store {
            for (n, chunk) in lines.chunks(1000).enumerate() {
                let entries = if self.wanted.prices {
                    self.changed_with_prices(code, chunk, &mut xml_ids, stats)
                        .await?
                } else {
                    self.changed_stock_only(code, chunk, &mut xml_ids, stats)
                        .await?
                };
                self.keep_lease().await?;
                let basis = format!("delta:{}:{code}:{n}", cp.state.last_sync_ms);
                self.push(&basis, &entries, stats).await?;
            }
        }
        let state = Checkpoint {
            last_sync_ms: started,
            ..cp.state.clone()
        };
        checkpoint::save(self.store, self.tenant, cp, state).await
    }

    async fn changed_stock_only(
        &self,
        code: &str,
        lines: &[&CurrentStock],
        xml_ids: &mut XmlIds,
        stats: &mut RunStats,
    ) -> Result<Vec<Entry>> {
        let ids = lines.iter().map(|l| l.assortment_id.as_str());
        let (keys, known) = self.pushed_before(code, ids).await?;
        // The figure is already MS-S8-adjusted by its stock type.
        let opts = StockOptions {
            subtract_in_transit: false,
            ..self.opts.clone()
        };
        let wanted = Wanted {
            stock: true,
            prices: false,
        };
        let mut entries = Vec::new();
        // Goods to read by id before pushing: new ones, and under MS-S7 changed ones.
        let mut to_read = Vec::new();
        for (line, k) in lines.iter().zip(&keys) {
            let figures = Figures {
                stock: line.value,
                quantity: line.value,
                ..Figures::default()
            };
            // Before the lookup: a new good MS-S6 leaves alone costs no read.
            let Some(values) = store_values(&opts, wanted, &figures) else {
                continue;
            };
            let Some(before) = known.get(k).and_then(|v| parse(v)) else {
                to_read.push((line, values));
                continue;
            };
            let entry = Entry {
                store_code: code.to_owned(),
                good_id: line.assortment_id.clone(),
                kind: before.kind.to_owned(),
                xml_id: before.xml_id.to_owned(),
                values,
            };
            if entry.snapshot() == known[k] {
                continue;
            }
            if self.opts.skip_inactive {
                to_read.push((line, entry.values));
            } else {
                entries.push(entry);
            }
        }
        let ids = to_read.iter().map(|(l, _)| l.assortment_id.as_str());
        self.read_goods_by_id(ids, xml_ids, stats).await?;
        for (line, values) in to_read {
            if let Some(good) = xml_ids.good(&line.assortment_id) {
                entries.push(Entry {
                    store_code: code.to_owned(),
                    good_id: line.assortment_id.clone(),
                    kind: good.kind.to_owned(),
                    xml_id: good.xml_id.clone(),
                    values,
                });
            }
        }
        Ok(entries)
    }

    async fn changed_with_prices(
        &self,
        code: &str,
        lines: &[&CurrentStock],
        xml_ids: &mut XmlIds,
        stats: &mut RunStats,
    ) -> Result<Vec<Entry>> {
        let ids = lines.iter().map(|l| l.assortment_id.as_str());
        let (keys, known) = self.pushed_before(code, ids).await?;
        let store_id = &self
            .stores
            .iter()
            .find(|(c, _)| c == code)
            .expect("code comes from the mapping")
            .1;
        let before = |k: &String| known.get(k).and_then(|v| parse(v));
        let new = lines
            .iter()
            .zip(&keys)
            .filter(|(_, k)| before(k).is_none())
            .map(|(l, _)| l.assortment_id.as_str());
        self.read_goods_by_id(new, xml_ids, stats).await?;
        let goods: Vec<String> = lines
            .iter()
            .zip(&keys)
            .filter_map(|(l, k)| {
                let kind = match before(k) {
                    Some(b) => b.kind,
                    None => xml_ids.good(&l.assortment_id)?.kind,
                };
                Some(format!(
                    "{kind}={}",
                    Meta::entity(self.ms.base_url(), kind, &l.assortment_id).href
                ))
            })
            .collect();
        let mut entries = Vec::new();
        for chunk in goods.chunks(GOODS_PER_REQUEST) {
            let mut conditions = vec![archived_filter(&self.opts).to_owned()];
            conditions.extend(chunk.iter().cloned());
            let query = StockQuery {
                include_zero: true,
                store_hrefs: vec![Meta::entity(self.ms.base_url(), "store", store_id).href],
                conditions,
            };
            let rows: Vec<StockRow> = self.ms.stock_pager(&query, 1000, 0)?.collect().await?;
            stats.moysklad_reports += 1;
            entries.extend(self.entries_for(code, &rows, xml_ids, true, stats).await?);
        }
        Ok(entries)
    }
}
