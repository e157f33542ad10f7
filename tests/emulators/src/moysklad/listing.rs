//! Reading entities: `GET entity/{kind}` pages, filtered (`filter=`) and
//! searched (`search=`) as MoySklad documents it for that entity (see
//! `filter`), and nested collections shown as links.

use super::filter::{self, Filter, Spec};
use super::paging::{page, page_params, page_sized};
use super::schema;
use super::state::{Db, Shared, not_found};
use super::synthetic::Synthetic;
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::HashMap;

type Query = HashMap<String, String>;

/// A stored row as the API shows it: nested collections as list links.
pub(crate) fn render(shared: &Shared, db: &Db, kind: &str, row: &Value, expand: &str) -> Value {
    let mut out = row.clone();
    let id = row["id"].as_str().unwrap_or_default();
    if kind == "product" {
        // MoySklad shows how many modifications a product has.
        let suffix = format!("/entity/product/{id}");
        let count = db.tables.get("variant").map_or(0, |t| {
            t.rows()
                .filter(|v| {
                    v["product"]["meta"]["href"]
                        .as_str()
                        .is_some_and(|h| h.ends_with(&suffix))
                })
                .count()
        });
        out["variantsCount"] = json!(count);
    }
    for (coll, ty) in schema::nested(kind) {
        let path = format!("{kind}/{id}/{coll}");
        let rows: Vec<Value> = db
            .tables
            .get(&path)
            .map(|t| t.rows().cloned().collect())
            .unwrap_or_default();
        let mut v = json!({"meta": {"href": format!("{}/entity/{path}", shared.base()), "type": ty,
            "mediaType": "application/json", "size": rows.len(), "limit": 1000, "offset": 0}});
        if expand.split(',').any(|e| e.trim() == *coll) {
            v["rows"] = Value::Array(rows);
        }
        out[*coll] = v;
    }
    super::retail::expand_refs(shared, db, &mut out, expand);
    out
}

/// `GET entity/{kind}`.
pub(crate) fn list(shared: &Shared, kind: &str, q: &Query) -> Result<Value, Response> {
    let (limit, offset) = page_params(q)?;
    let db = shared.db.lock().unwrap();
    let mut filter = Filter::parse(&Spec::entity(kind, &db), q.get("filter"))?;
    // md/dictionaries/_product.md, _service.md: "Если одновременно
    // осуществляется фильтрация по полям id и archived, то фильтрация по
    // полю archived не учитывается".
    if matches!(kind, "product" | "service") && filter.has("id") {
        filter.ignore("archived");
    }
    let search = filter::search::parse(kind, q.get("search"))?;
    let found = |row: &Value| {
        filter.matches(row)
            && search
                .as_ref()
                .is_none_or(|(s, text)| s.matches(row, text, Some(&db)))
    };
    let expand = super::retail::effective_expand(q, limit);
    let mut rows: Vec<Value> = db
        .tables
        .get(kind)
        .map(|t| t.rows().filter(|r| found(r)).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|r| render(shared, &db, kind, r, expand))
        .collect();
    let href = format!("{}/entity/{kind}", shared.base());
    let syn = shared.synthetic.lock().unwrap();
    if let Some(syn) = syn.as_ref().filter(|_| kind == "product") {
        if filter.is_empty() && search.is_none() {
            return Ok(with_generated(shared, syn, rows, &href, limit, offset, q));
        }
        rows.extend(generated_matching(shared, syn, &filter, found));
    }
    Ok(page(&href, kind, rows, limit, offset, q))
}

/// The generated goods a filtered product list finds; by id, only those
/// goods are looked at (a 100k catalogue is not walked for 40 ids).
pub(crate) fn generated_matching(
    shared: &Shared,
    syn: &Synthetic,
    filter: &Filter,
    found: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let mut ids = filter.equal_to("id");
    ids.sort_unstable();
    ids.dedup();
    let picked: Vec<u32> = if ids.is_empty() {
        (0..syn.goods).collect()
    } else {
        ids.iter().filter_map(|id| syn.index_of(id)).collect()
    };
    picked
        .into_iter()
        .map(|i| super::assortment::generated(shared, syn, i))
        .filter(|row| found(row))
        .collect()
}

/// A product page over the stored products followed by the generated
/// catalogue; only the page's own generated goods are rendered.
fn with_generated(
    shared: &Shared,
    syn: &Synthetic,
    stored: Vec<Value>,
    href: &str,
    limit: usize,
    offset: usize,
    q: &Query,
) -> Value {
    let size = stored.len() + syn.goods as usize;
    let from_generated = offset.saturating_sub(stored.len());
    let mut rows: Vec<Value> = stored.into_iter().skip(offset).take(limit).collect();
    let more = limit - rows.len();
    rows.extend(
        (from_generated..syn.goods as usize)
            .take(more)
            .map(|i| super::assortment::generated(shared, syn, i as u32)),
    );
    page_sized(href, "product", rows, size, limit, offset, q)
}

/// `GET entity/{kind}/{id}`.
pub(crate) fn get(shared: &Shared, kind: &str, id: &str, q: &Query) -> Result<Value, Response> {
    let db = shared.db.lock().unwrap();
    let row = db.find(kind, id).ok_or_else(|| not_found(kind, id))?;
    Ok(render(
        shared,
        &db,
        kind,
        row,
        q.get("expand").map_or("", |s| s),
    ))
}
