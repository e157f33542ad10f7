//! `report/stock/all`: stock, reserve, in transit, available and cost price
//! per good. Each page costs 5 limit units.
//!
//! Rows with zero quantity are left out unless `filter=quantityMode=all` is
//! sent (dev.moysklad.ru, "Отчёт Остатки": default `nonEmpty`); row hrefs end
//! in `?expand=supplier`, so ids come from `Meta::id`.

use super::client::MoySklad;
use super::paging::{MAX_LIMIT, Pager};
use super::rate::CallKind;
use super::types::StockRow;
use crate::error::Result;

/// What part of the stock report to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockQuery {
    /// Include rows with zero quantity (`quantityMode=all`).
    pub include_zero: bool,
    /// Only these warehouses (their hrefs); empty = all.
    pub store_hrefs: Vec<String>,
}

impl StockQuery {
    fn filter(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .store_hrefs
            .iter()
            .map(|h| format!("store={h}"))
            .collect();
        if self.include_zero {
            parts.push("quantityMode=all".into());
        }
        (!parts.is_empty()).then(|| parts.join(";"))
    }
}

impl MoySklad {
    /// A pager over the stock report from `offset` (to resume a checkpointed run).
    pub fn stock_pager(&self, query: &StockQuery, limit: u32, offset: u64) -> Result<Pager<'_>> {
        let q = query
            .filter()
            .map(|f| vec![("filter", f)])
            .unwrap_or_default();
        Pager::new(
            self,
            "report/stock/all",
            q,
            CallKind::StockReport,
            limit,
            offset,
        )
    }

    /// The whole stock report, 1000 rows a page.
    pub async fn stock_all(&self, query: &StockQuery) -> Result<Vec<StockRow>> {
        self.stock_pager(query, MAX_LIMIT, 0)?.collect().await
    }
}
