//! Reading entities: list pages (`limit` 1..=1000, `offset`, `nextHref`),
//! `filter=` / `search=` matching, and nested collections shown as links.

use super::schema;
use super::state::{Db, Shared, error, not_found};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::HashMap;

type Query = HashMap<String, String>;

/// `limit` (default 1000) and `offset`, or the refusal of an out-of-range limit.
pub(crate) fn page_params(q: &Query) -> Result<(usize, usize), Response> {
    let limit = match q.get("limit") {
        None => 1000,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=1000).contains(&n) => n,
            _ => {
                let text = format!(
                    "Неверное значение '{l}' параметра запроса 'limit', допустимые значения: '1-1000'"
                );
                return Err(error(
                    StatusCode::PRECONDITION_FAILED,
                    1084,
                    &text,
                    Some("limit"),
                ));
            }
        },
    };
    let offset = q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
    Ok((limit, offset))
}

/// A list answer: `{meta:{href,type,size,limit,offset,nextHref?}, rows}`.
pub(crate) fn page(
    href: &str,
    kind: &str,
    rows: Vec<Value>,
    limit: usize,
    offset: usize,
    q: &Query,
) -> Value {
    let size = rows.len();
    let rows: Vec<Value> = rows.into_iter().skip(offset).take(limit).collect();
    page_sized(href, kind, rows, size, limit, offset, q)
}

/// A list answer for one page of `rows` out of `size`.
pub(crate) fn page_sized(
    href: &str,
    kind: &str,
    rows: Vec<Value>,
    size: usize,
    limit: usize,
    offset: usize,
    q: &Query,
) -> Value {
    let mut meta = json!({"href": href, "type": kind, "mediaType": "application/json", "size": size, "limit": limit, "offset": offset});
    if offset + limit < size {
        let mut extra: Vec<(String, String)> = q
            .iter()
            .filter(|(k, _)| *k != "limit" && *k != "offset")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        extra.sort();
        extra.push(("limit".into(), limit.to_string()));
        extra.push(("offset".into(), (offset + limit).to_string()));
        let qs = serde_urlencoded::to_string(&extra).unwrap_or_default();
        meta["nextHref"] = json!(format!("{href}?{qs}"));
    }
    json!({"meta": meta, "rows": rows})
}

/// `filter=a=b;c~d` (exact or substring) and `search=` (substring of common fields).
fn matches(row: &Value, q: &Query) -> bool {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("meta")
            .and_then(|m| m.get("href"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .into(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if let Some(filter) = q.get("filter") {
        for cond in filter.split(';').filter(|c| !c.is_empty()) {
            let Some(pos) = cond.find(['=', '~']) else {
                continue;
            };
            let (key, value) = (&cond[..pos], &cond[pos + 1..]);
            let have = text(row.get(key));
            let ok = if cond.as_bytes()[pos] == b'~' {
                have.to_lowercase().contains(&value.to_lowercase())
            } else {
                have == value
            };
            if !ok {
                return false;
            }
        }
    }
    if let Some(s) = q.get("search").map(|s| s.to_lowercase()) {
        let fields = [
            "name",
            "email",
            "phone",
            "inn",
            "legalTitle",
            "code",
            "externalCode",
            "article",
        ];
        return fields
            .iter()
            .any(|f| text(row.get(*f)).to_lowercase().contains(&s));
    }
    true
}

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
    let rows: Vec<Value> = db
        .tables
        .get(kind)
        .map(|t| t.rows().filter(|r| matches(r, q)).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let expand = super::retail::effective_expand(q, limit);
            render(shared, &db, kind, r, expand)
        })
        .collect();
    let href = format!("{}/entity/{kind}", shared.base());
    if kind == "product" && !q.contains_key("filter") && !q.contains_key("search") {
        let syn = shared.synthetic.lock().unwrap();
        if let Some(syn) = syn.as_ref() {
            return Ok(with_generated(shared, syn, rows, &href, limit, offset, q));
        }
    }
    Ok(page(&href, kind, rows, limit, offset, q))
}

/// A product page over the stored products followed by the generated
/// catalogue; only the page's own generated goods are rendered.
fn with_generated(
    shared: &Shared,
    syn: &super::synthetic::Synthetic,
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
