//! MS-S10 / MS-S11, the I/O half: the cost prices of an order's goods in its
//! shipment warehouse, read from the stock report as the stock pull reads
//! them (MS-P2: `price` of a good in stock), 40 goods a request (5 units
//! each), and the CRM items' purchase prices written in one order edit.

use super::context::Ctx;
use crate::connectors::moysklad::{GoodsKind, Kopecks, MetaRef, StockQuery, StockRow};
use crate::connectors::retailcrm::{CrmLine, CrmOrderDetails, ItemEdit, OrderPatch};
use crate::error::Result;
use crate::flows::crm_moysklad::rules::cost_prices::cost_edits;
use crate::flows::crm_moysklad::rules::order_export::Goods;
use std::collections::BTreeMap;

/// Goods per filtered report request (the filter travels in the URL).
const GOODS_PER_REQUEST: usize = 40;

/// The item edits MS-S10/S11 ask for `lines` shipped from `store`; `None`
/// when the option is off or nothing changes.
pub(super) async fn edits(
    ctx: &Ctx,
    lines: &[CrmLine],
    goods: &BTreeMap<String, Goods>,
    store: Option<&MetaRef>,
) -> Result<Option<Vec<ItemEdit>>> {
    let Some(store) = store.filter(|_| ctx.sync.load_cost_on_shipment) else {
        return Ok(None);
    };
    let base = ctx.ms.base_url();
    let mut wanted: Vec<String> = lines
        .iter()
        .filter_map(|l| goods.get(l.xml_id.as_ref()?))
        .filter(|g| g.kind != GoodsKind::Service)
        .map(|g| {
            format!(
                "{}={}",
                g.kind.as_str(),
                MetaRef::entity(base, g.kind.as_str(), &g.id).meta.href
            )
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    let mut costs: BTreeMap<String, Kopecks> = BTreeMap::new();
    for chunk in wanted.chunks(GOODS_PER_REQUEST) {
        // Archived goods are costed too: the order holds them whatever their state.
        let mut conditions = vec!["archived=true".to_owned(), "archived=false".to_owned()];
        conditions.extend(chunk.iter().cloned());
        let query = StockQuery {
            include_zero: true,
            store_hrefs: vec![store.meta.href.clone()],
            conditions,
        };
        let rows: Vec<StockRow> = ctx.ms.stock_pager(&query, 1000, 0)?.collect().await?;
        for row in rows {
            // MS-P2: a good not in stock has no cost to give.
            let cost = if row.stock > 0.0 {
                row.price
            } else {
                Kopecks(0)
            };
            costs.insert(row.meta.id().to_owned(), cost);
        }
    }
    Ok(cost_edits(&ctx.sync, lines, goods, &costs))
}

/// Writes the purchase prices of `items` into the CRM order.
pub(super) async fn write(ctx: &Ctx, order: &CrmOrderDetails, items: Vec<ItemEdit>) -> Result<()> {
    let patch = OrderPatch {
        items: Some(items),
        ..OrderPatch::default()
    };
    let site = order.site.as_deref().unwrap_or_default();
    ctx.crm.order_patch(order.id, site, &patch).await
}
