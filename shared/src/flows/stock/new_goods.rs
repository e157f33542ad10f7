//! Goods a delta pass meets that the snapshot does not know (MS-P3): created
//! in MoySklad since the last full pass, or never pushed to that warehouse
//! (MS-S6 left them out while out of stock). The short report names them by
//! id only, so they are read by id from `entity/assortment`, 40 a request,
//! under the MS-S7 `archived` condition the full pass's report uses: their
//! kind (services and bundles hold no stock: skipped) and their xmlId (MS-B9;
//! a variant's product comes expanded). Their entries then take the known
//! goods' path (rules, push, snapshot), so the next pass knows them. Each
//! good is read at most once a run, in however many warehouses it changed.
//! A stock-only pass under MS-S7 reads its changed known goods the same way,
//! to leave out those archived since.

use super::Sync;
use super::push::RunStats;
use super::xml_ids::{Good, XmlIds};
use crate::connectors::moysklad::{ASSORTMENT_IDS_PER_REQUEST, Assortment};
use crate::error::Result;
use crate::flows::stock::rules::{archived_filter, xml_id};

impl Sync<'_> {
    /// Reads those of `ids` not read yet this run; `xml_ids.good` then gives
    /// the ones to sync.
    pub(super) async fn read_goods_by_id<'i>(
        &self,
        ids: impl IntoIterator<Item = &'i str>,
        xml_ids: &mut XmlIds,
        stats: &mut RunStats,
    ) -> Result<()> {
        let mut wanted: Vec<String> = ids
            .into_iter()
            .filter(|id| !xml_ids.was_read(id))
            .map(str::to_owned)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let conditions = [archived_filter(&self.opts).to_owned()];
        for chunk in wanted.chunks(ASSORTMENT_IDS_PER_REQUEST) {
            let rows = self.ms.assortment_by_ids(chunk, &conditions).await?;
            stats.moysklad_lookups += 1;
            for row in &rows {
                let Some(meta) = &row.meta else { continue };
                let good = self.good_of(row, xml_ids, stats).await?;
                xml_ids.remember(meta.id().to_owned(), good);
            }
            // Not listed: gone, or inactive under MS-S7.
            for id in chunk {
                if !xml_ids.was_read(id) {
                    xml_ids.remember(id.clone(), None);
                }
            }
        }
        Ok(())
    }

    /// What a good read by id needs to become entries; `None` when it is not synced.
    async fn good_of(
        &self,
        row: &Assortment,
        xml_ids: &mut XmlIds,
        stats: &mut RunStats,
    ) -> Result<Option<Good>> {
        let own = row.external_code.clone().unwrap_or_default();
        let (kind, xml_id) = match row.meta.as_ref().and_then(|m| m.kind.as_deref()) {
            Some("product") => ("product", own),
            Some("variant") => {
                let Some(product) = &row.product else {
                    return Ok(None);
                };
                let code = match &product.external_code {
                    Some(code) => {
                        xml_ids.remember_product(product.meta.id(), code);
                        code.clone()
                    }
                    // Not expanded after all: read the product (once a run).
                    None => match xml_ids
                        .product_code(self.ms, product.meta.id(), stats)
                        .await?
                    {
                        Some(code) => code,
                        None => return Ok(None),
                    },
                };
                ("variant", xml_id(&code, Some(&own)))
            }
            // Services and bundles hold no stock of their own.
            _ => return Ok(None),
        };
        Ok((!xml_id.is_empty()).then_some(Good { kind, xml_id }))
    }
}
