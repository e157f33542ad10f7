//! MS-B9 for report rows: a product's xmlId is its external code; a
//! variant's is `product#variant`, and the report row of a variant does not
//! name its product. Known xmlIds come from the snapshot; unknown variants
//! are read once (variant, then its product), products cached per run.

use crate::connectors::moysklad::{GoodsKind, MoySklad, StockRow};
use crate::error::Result;
use crate::rules::stock::xml_id;
use std::collections::HashMap;

/// Resolves xmlIds during one run.
#[derive(Default)]
pub(super) struct XmlIds {
    product_codes: HashMap<String, String>,
}

impl XmlIds {
    /// The xmlId of `row`; `known` is the snapshot's, when it has one.
    /// `None` when the good no longer exists.
    pub async fn of(
        &mut self,
        ms: &MoySklad,
        row: &StockRow,
        known: Option<&str>,
    ) -> Result<Option<String>> {
        if row.meta.kind.as_deref() != Some("variant") {
            return Ok(Some(row.external_code.clone()));
        }
        if let Some(k) = known {
            return Ok(Some(k.to_owned()));
        }
        let Some(variant) = ms.goods_get(GoodsKind::Variant, row.meta.id()).await? else {
            return Ok(None);
        };
        let Some(product) = variant.product.as_ref().map(|p| p.meta.id().to_owned()) else {
            return Ok(None);
        };
        let code = match self.product_codes.get(&product) {
            Some(code) => code.clone(),
            None => {
                let Some(p) = ms.goods_get(GoodsKind::Product, &product).await? else {
                    return Ok(None);
                };
                let code = p.external_code.unwrap_or_default();
                self.product_codes.insert(product, code.clone());
                code
            }
        };
        Ok(Some(xml_id(&code, Some(&row.external_code))))
    }
}
