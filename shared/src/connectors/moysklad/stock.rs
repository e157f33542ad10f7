//! `report/stock/all`: stock, reserve, in transit, available and cost price
//! per good. Each page costs 5 limit units. Also the short report
//! `report/stock/bystore/current` (one figure per good and warehouse, no
//! paging, `changedSince` at most 24 h back), counted as 5 units too.
//!
//! Rows with zero quantity are left out unless `filter=quantityMode=all` is
//! sent (dev.moysklad.ru, "Отчёт Остатки": default `nonEmpty`); row hrefs end
//! in `?expand=supplier`, so ids come from `Meta::id`.

use super::CallKind;
use super::client::MoySklad;
use super::paging::{MAX_LIMIT, Pager};
use super::types::StockRow;
use crate::error::Result;
use serde::Deserialize;

/// What part of the stock report to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockQuery {
    /// Include rows with zero quantity (`quantityMode=all`).
    pub include_zero: bool,
    /// Only these warehouses (their hrefs); empty = all.
    pub store_hrefs: Vec<String>,
    /// Further filter conditions as MoySklad spells them (`archived=false`,
    /// `product=<href>`, ...).
    pub conditions: Vec<String>,
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
        parts.extend(self.conditions.iter().cloned());
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

/// One line of `report/stock/bystore/current`: the figure asked for (`stockType`)
/// of one good in one warehouse (`store_id` is `None` for reserves without one).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentStock {
    pub assortment_id: String,
    #[serde(default)]
    pub store_id: Option<String>,
    #[serde(
        alias = "stock",
        alias = "freeStock",
        alias = "quantity",
        alias = "reserve",
        alias = "inTransit"
    )]
    pub value: f64,
}

impl MoySklad {
    /// Current figures per good and warehouse of goods whose stock changed
    /// since `changed_since` (`YYYY-MM-DD HH:MM:SS`, Moscow time, at most 24 h
    /// back), in `store_ids` (empty = all). `stock_type`: `stock`,
    /// `freeStock`, `quantity`, `reserve` or `inTransit`.
    pub async fn stock_changed_by_store(
        &self,
        stock_type: &str,
        changed_since: &str,
        store_ids: &[String],
    ) -> Result<Vec<CurrentStock>> {
        let mut query = vec![
            ("stockType", stock_type.to_owned()),
            ("changedSince", changed_since.to_owned()),
        ];
        if !store_ids.is_empty() {
            query.push(("filter", format!("storeId={}", store_ids.join(","))));
        }
        self.get(
            "report/stock/bystore/current",
            &query,
            CallKind::StockReport,
        )
        .await
    }
}

/// `YYYY-MM-DD HH:MM:SS` in Moscow time (UTC+3), as MoySklad reads and writes dates.
pub fn moscow_time(unix_ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix_ms.div_euclid(1000) + 3 * 3600)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    t.format(&fmt).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn moscow_time_is_utc_plus_three() {
        assert_eq!(super::moscow_time(0), "1970-01-01 03:00:00");
        assert_eq!(super::moscow_time(1_700_000_000_999), "2023-11-15 01:13:20");
    }
}
