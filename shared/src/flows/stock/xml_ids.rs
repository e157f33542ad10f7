//! MS-B9 for report rows: a product's xmlId is its external code; a
//! variant's is `product#variant`, and the report row of a variant does not
//! name its product. Known xmlIds come from the snapshot, or from goods read
//! by id earlier in the run (`new_goods`); other variants are read once
//! (variant, then its product), products cached per run.

use super::push::RunStats;
use crate::connectors::moysklad::{GoodsKind, MoySklad, StockRow};
use crate::error::Result;
use crate::flows::stock::rules::xml_id;
use std::collections::HashMap;

/// A good read by id: what its entries need besides the figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Good {
    /// `product` or `variant`.
    pub kind: &'static str,
    pub xml_id: String,
}

/// Resolves xmlIds during one run.
#[derive(Default)]
pub(super) struct XmlIds {
    product_codes: HashMap<String, String>,
    /// Goods read by id this run; `None`: not to be synced (gone, inactive
    /// under MS-S7, neither a product nor a variant, no external code).
    goods: HashMap<String, Option<Good>>,
}

impl XmlIds {
    /// The xmlId of `row`; `known` is the snapshot's, when it has one.
    /// `None` when the good no longer exists.
    pub async fn of(
        &mut self,
        ms: &MoySklad,
        row: &StockRow,
        known: Option<&str>,
        stats: &mut RunStats,
    ) -> Result<Option<String>> {
        if row.meta.kind.as_deref() != Some("variant") {
            return Ok(Some(row.external_code.clone()));
        }
        if let Some(k) = known.or_else(|| self.good(row.meta.id()).map(|g| g.xml_id.as_str())) {
            return Ok(Some(k.to_owned()));
        }
        stats.moysklad_lookups += 1;
        let Some(variant) = ms.goods_get(GoodsKind::Variant, row.meta.id()).await? else {
            return Ok(None);
        };
        let Some(product) = variant.product.as_ref().map(|p| p.meta.id().to_owned()) else {
            return Ok(None);
        };
        let Some(code) = self.product_code(ms, &product, stats).await? else {
            return Ok(None);
        };
        Ok(Some(xml_id(&code, Some(&row.external_code))))
    }

    /// A product's external code, read once a run; `None` when it is gone.
    pub async fn product_code(
        &mut self,
        ms: &MoySklad,
        product_id: &str,
        stats: &mut RunStats,
    ) -> Result<Option<String>> {
        if let Some(code) = self.product_codes.get(product_id) {
            return Ok(Some(code.clone()));
        }
        stats.moysklad_lookups += 1;
        let Some(p) = ms.goods_get(GoodsKind::Product, product_id).await? else {
            return Ok(None);
        };
        let code = p.external_code.unwrap_or_default();
        self.product_codes
            .insert(product_id.to_owned(), code.clone());
        Ok(Some(code))
    }

    /// A product's external code that came with one of its variants.
    pub fn remember_product(&mut self, product_id: &str, code: &str) {
        self.product_codes
            .insert(product_id.to_owned(), code.to_owned());
    }

    /// Records what reading good `id` by id gave.
    pub fn remember(&mut self, id: String, good: Option<Good>) {
        self.goods.insert(id, good);
    }

    /// Whether good `id` was read by id this run (synced or not).
    pub fn was_read(&self, id: &str) -> bool {
        self.goods.contains_key(id)
    }

    /// Good `id` as read by id this run, if it is to be synced.
    pub fn good(&self, id: &str) -> Option<&Good> {
        self.goods.get(id)?.as_ref()
    }
}
