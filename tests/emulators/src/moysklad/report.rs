//! `report/stock/all`: one row per good with `stock, reserve, inTransit,
//! quantity, price` (cost, kopecks). Row hrefs carry `?expand=supplier` as the
//! real ones do; rows with zero quantity are left out unless the filter holds
//! `quantityMode=all`; `store=<href>` conditions restrict the warehouses.

use super::listing::{page, page_params};
use super::state::Shared;
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

pub(crate) fn stock_all(shared: &Shared, q: &HashMap<String, String>) -> Result<Value, Response> {
    let (limit, offset) = page_params(q)?;
    let filter = q.get("filter").cloned().unwrap_or_default();
    let conds: Vec<&str> = filter.split(';').filter(|c| !c.is_empty()).collect();
    let all = conds.contains(&"quantityMode=all");
    let stores: Vec<&str> = conds
        .iter()
        .filter_map(|c| c.strip_prefix("store="))
        .map(|h| h.rsplit('/').next().unwrap_or(h))
        .collect();
    let base = shared.base();
    let db = shared.db.lock().unwrap();
    // Sum over the chosen stores, per good, keeping the goods' order.
    let mut totals: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
    for ((good, store), (s, r, t)) in &db.stock {
        if stores.is_empty() || stores.contains(&store.as_str()) {
            let e = totals.entry(good.as_str()).or_default();
            *e = (e.0 + s, e.1 + r, e.2 + t);
        }
    }
    let mut rows = Vec::new();
    for kind in ["product", "variant"] {
        let Some(table) = db.tables.get(kind) else {
            continue;
        };
        for good in table.rows() {
            let id = good["id"].as_str().unwrap_or_default();
            let (stock, reserve, in_transit) = totals.get(id).copied().unwrap_or_default();
            let quantity = stock - reserve + in_transit;
            if quantity == 0.0 && !all {
                continue;
            }
            rows.push(json!({
                "meta": {
                    "href": format!("{base}/entity/{kind}/{id}?expand=supplier"),
                    "metadataHref": format!("{base}/entity/{kind}/metadata"),
                    "type": kind, "mediaType": "application/json",
                },
                "stock": stock, "reserve": reserve, "inTransit": in_transit, "quantity": quantity,
                "name": good["name"], "code": good["code"], "article": good["article"],
                "price": good["buyPrice"]["value"].as_f64().unwrap_or(0.0),
                "salePrice": good["salePrices"][0]["value"].as_f64().unwrap_or(0.0),
                "externalCode": good["externalCode"],
            }));
        }
    }
    Ok(page(
        &format!("{base}/report/stock/all"),
        "stock",
        rows,
        limit,
        offset,
        q,
    ))
}
