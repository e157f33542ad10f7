//! Report rows → entries for one CRM warehouse, compared with the snapshot
//! when only changes are to be pushed (MS-P3).

use super::Sync;
use super::offers::{Entry, SNAPSHOT, key, parse};
use super::push::RunStats;
use super::xml_ids::XmlIds;
use crate::connectors::moysklad::StockRow;
use crate::error::Result;
use crate::flows::stock::rules::{Figures, store_values};
use std::collections::HashMap;

impl Sync<'_> {
    /// The entries `rows` of warehouse `code` call for; with `only_changed`,
    /// those whose values differ from what was last pushed.
    /// The snapshot keys of `good_ids` in warehouse `code`, in order, and
    /// what was last pushed for those that have an entry.
    pub(super) async fn pushed_before<'a>(
        &self,
        code: &str,
        good_ids: impl Iterator<Item = &'a str>,
    ) -> Result<(Vec<String>, HashMap<String, String>)> {
        let keys: Vec<String> = good_ids.map(|id| key(code, id)).collect();
        let known = self
            .store
            .snapshots
            .get_snapshots(self.tenant, SNAPSHOT, &keys)
            .await?;
        Ok((keys, known))
    }

    pub(super) async fn entries_for(
        &self,
        code: &str,
        rows: &[StockRow],
        xml_ids: &mut XmlIds,
        only_changed: bool,
        stats: &mut RunStats,
    ) -> Result<Vec<Entry>> {
        let (keys, known) = self
            .pushed_before(code, rows.iter().map(|r| r.meta.id()))
            .await?;
        let mut entries = Vec::with_capacity(rows.len());
        for (row, k) in rows.iter().zip(&keys) {
            let figures = Figures {
                stock: row.stock,
                reserve: row.reserve,
                in_transit: row.in_transit,
                quantity: row.quantity,
                cost: row.price,
            };
            let Some(values) = store_values(&self.opts, self.wanted, &figures) else {
                continue;
            };
            let before = known.get(k).and_then(|v| parse(v));
            let Some(xml_id) = xml_ids
                .of(self.ms, row, before.as_ref().map(|b| b.xml_id), stats)
                .await?
            else {
                continue;
            };
            if xml_id.is_empty() {
                continue;
            }
            let entry = Entry {
                store_code: code.to_owned(),
                good_id: row.meta.id().to_owned(),
                kind: row.meta.kind.clone().unwrap_or_else(|| "product".into()),
                xml_id,
                values,
            };
            if only_changed && known.get(k).is_some_and(|v| *v == entry.snapshot()) {
                continue;
            }
            entries.push(entry);
        }
        Ok(entries)
    }
}
