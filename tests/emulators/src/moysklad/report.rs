//! `report/stock/all`: one row per good with `stock, reserve, inTransit,
//! quantity, price` (cost, kopecks). Row hrefs carry `?expand=supplier` as the
//! real ones do. Filter conditions honoured: `store=<href>` (several: summed),
//! `quantityMode=all` (default: non-zero quantity only), `archived=` (default:
//! active goods only; both values for all), `product=` / `variant=` hrefs.
//! Seeded goods come first, then the generated catalogue; rows are built
//! only for the page asked, so a 100k catalogue pages cheaply.

use super::paging::{page_params, page_sized};
use super::state::{Db, Shared};
use super::synthetic::Synthetic;
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// One good's report line before rendering.
pub(crate) struct Good<'a> {
    pub kind: &'static str,
    pub id: String,
    pub seeded: Option<&'a Value>,
    pub external_code: String,
    pub archived: bool,
    pub stock: f64,
    pub reserve: f64,
    pub in_transit: f64,
    pub price: f64,
}

/// Every good, with its figures summed over `stores` (empty = all warehouses).
pub(crate) fn goods<'a>(
    db: &'a Db,
    synthetic: Option<&'a Synthetic>,
    stores: &'a [String],
) -> impl Iterator<Item = Good<'a>> + 'a {
    let mut totals: HashMap<&str, (f64, f64, f64)> = HashMap::new();
    for ((good, store), (s, r, t)) in &db.stock {
        if stores.is_empty() || stores.contains(store) {
            let e = totals.entry(good.as_str()).or_default();
            *e = (e.0 + s, e.1 + r, e.2 + t);
        }
    }
    let seeded = ["product", "variant"].into_iter().flat_map(move |kind| {
        db.tables
            .get(kind)
            .into_iter()
            .flat_map(|t| t.rows())
            .map(move |g| (kind, g))
    });
    let seeded: Vec<Good<'a>> = seeded
        .map(|(kind, g)| {
            let id = g["id"].as_str().unwrap_or_default().to_owned();
            let (stock, reserve, in_transit) = totals.get(id.as_str()).copied().unwrap_or_default();
            Good {
                kind,
                seeded: Some(g),
                external_code: g["externalCode"].as_str().unwrap_or_default().to_owned(),
                archived: g["archived"].as_bool().unwrap_or(false),
                price: g["buyPrice"]["value"].as_f64().unwrap_or(0.0),
                id,
                stock,
                reserve,
                in_transit,
            }
        })
        .collect();
    let generated = synthetic.into_iter().flat_map(move |syn| {
        let picked: Vec<usize> = (0..syn.stores.len())
            .filter(|i| stores.is_empty() || stores.contains(&syn.stores[*i]))
            .collect();
        (0..syn.goods).map(move |i| {
            let mut g = Good {
                kind: "product",
                id: syn.id(i),
                seeded: None,
                external_code: syn.external_code(i),
                archived: false,
                stock: 0.0,
                reserve: 0.0,
                in_transit: 0.0,
                price: 0.0,
            };
            for &s in &picked {
                let l = syn.line(i, s);
                g.stock += l.stock;
                g.reserve += l.reserve;
                g.in_transit += l.in_transit;
                g.price = l.price;
            }
            g
        })
    });
    seeded.into_iter().chain(generated)
}

/// The id at the end of an href.
pub(crate) fn tail(href: &str) -> &str {
    href.rsplit('/').next().unwrap_or(href)
}

pub(crate) fn stock_all(shared: &Shared, q: &HashMap<String, String>) -> Result<Value, Response> {
    let (limit, offset) = page_params(q)?;
    let filter = q.get("filter").cloned().unwrap_or_default();
    let conds: Vec<(&str, &str)> = filter
        .split(';')
        .filter_map(|c| c.split_once('='))
        .collect();
    let values = |key: &str| -> Vec<&str> {
        conds
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .collect()
    };
    let all = values("quantityMode").contains(&"all");
    let archived: Vec<bool> = values("archived").iter().map(|v| *v == "true").collect();
    let archived = if archived.is_empty() {
        vec![false]
    } else {
        archived
    };
    let stores: Vec<String> = values("store").iter().map(|h| tail(h).to_owned()).collect();
    let only: HashSet<&str> = values("product")
        .into_iter()
        .chain(values("variant"))
        .map(tail)
        .collect();
    let base = shared.base();
    let db = shared.db.lock().unwrap();
    let syn = shared.synthetic.lock().unwrap();
    let mut size = 0;
    let mut rows = Vec::new();
    for g in goods(&db, syn.as_ref(), &stores) {
        let quantity = g.stock - g.reserve + g.in_transit;
        if (quantity == 0.0 && !all)
            || !archived.contains(&g.archived)
            || (!only.is_empty() && !only.contains(g.id.as_str()))
        {
            continue;
        }
        if size >= offset && size < offset + limit {
            rows.push(render(&base, &g, quantity));
        }
        size += 1;
    }
    Ok(page_sized(
        &format!("{base}/report/stock/all"),
        "stock",
        rows,
        size,
        limit,
        offset,
        q,
    ))
}

fn render(base: &str, g: &Good, quantity: f64) -> Value {
    let (kind, id) = (g.kind, &g.id);
    let field = |name: &str| g.seeded.map_or(Value::Null, |s| s[name].clone());
    json!({
        "meta": {
            "href": format!("{base}/entity/{kind}/{id}?expand=supplier"),
            "metadataHref": format!("{base}/entity/{kind}/metadata"),
            "type": kind, "mediaType": "application/json",
        },
        "stock": g.stock, "reserve": g.reserve, "inTransit": g.in_transit, "quantity": quantity,
        "name": g.seeded.map_or(json!(format!("Generated {}", g.external_code)), |s| s["name"].clone()),
        "code": field("code"), "article": field("article"),
        "price": g.price,
        "salePrice": g.seeded.map_or(json!(g.price * 2.0), |s| s["salePrices"][0]["value"].clone()),
        "externalCode": g.external_code,
    })
}
