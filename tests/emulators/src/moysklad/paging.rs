//! List pages as MoySklad answers them: `limit` 1..=1000 (default 1000),
//! `offset`, `meta.size` and a `nextHref` that repeats the query.

use super::state::error;
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
