//! The short stock report: `report/stock/all/current` (per good) and
//! `report/stock/bystore/current` (per good and warehouse). A plain JSON
//! array, no paging; one figure chosen by `stockType` (`stock` by default,
//! `freeStock` = stock − reserve, `quantity` = freeStock + in transit,
//! `reserve`, `inTransit`); zero lines only with `include=zeroLines`.
//! `changedSince=YYYY-MM-DD HH:MM:SS` (Moscow time, at most 24 h back, not in
//! the future) gives the current figures of goods changed since, zero lines
//! included. Filters: `assortmentId=` and `storeId=` (ids, comma lists).

use super::report::tail;
use super::state::{Shared, error};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};

const DAY_MS: i64 = 86_400_000;
/// MoySklad's dates are Moscow time (UTC+3, no daylight saving).
const MSK_OFFSET_MS: i64 = 3 * 3_600_000;

fn bad(text: &str, parameter: &str) -> Response {
    error(StatusCode::BAD_REQUEST, 1000, text, Some(parameter))
}

/// Unix ms of a `YYYY-MM-DD HH:MM:SS` Moscow time.
fn parse_moment(raw: &str) -> Option<i64> {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let t = time::PrimitiveDateTime::parse(raw, &fmt).ok()?.assume_utc();
    Some((t.unix_timestamp_nanos() / 1_000_000) as i64 - MSK_OFFSET_MS)
}

fn figure(kind: &str, stock: f64, reserve: f64, in_transit: f64) -> Option<f64> {
    Some(match kind {
        "stock" => stock,
        "freeStock" => stock - reserve,
        "quantity" => stock - reserve + in_transit,
        "reserve" => reserve,
        "inTransit" => in_transit,
        _ => return None,
    })
}

pub(crate) fn current(
    shared: &Shared,
    q: &HashMap<String, String>,
    by_store: bool,
) -> Result<Value, Response> {
    let kind = q.get("stockType").map_or("stock", String::as_str);
    figure(kind, 0.0, 0.0, 0.0)
        .ok_or_else(|| bad("Неверное значение параметра stockType", "stockType"))?;
    let now = super::state::now_ms();
    let since = match q.get("changedSince") {
        None => None,
        Some(raw) => {
            let at = parse_moment(raw)
                .ok_or_else(|| bad("Неверный формат параметра changedSince", "changedSince"))?;
            if at < now - DAY_MS || at > now + 1000 {
                return Err(bad(
                    "Параметр changedSince должен быть не ранее суток назад и не позже текущего момента",
                    "changedSince",
                ));
            }
            Some(at)
        }
    };
    let zero = since.is_some() || q.get("include").is_some_and(|v| v == "zeroLines");
    let filter = q.get("filter").cloned().unwrap_or_default();
    let list = |key: &str| -> HashSet<String> {
        filter
            .split(';')
            .filter_map(|c| c.strip_prefix(key))
            .flat_map(|v| v.split(','))
            .map(|v| tail(v).to_owned())
            .collect()
    };
    let (goods, stores) = (list("assortmentId="), list("storeId="));
    // (good, store) → (stock, reserve, in transit), for goods changed since `since`.
    let mut lines: BTreeMap<(String, String), (f64, f64, f64)> = BTreeMap::new();
    let db = shared.db.lock().unwrap();
    for ((good, store), v) in &db.stock {
        let changed = db
            .stock_changed
            .get(&(good.clone(), store.clone()))
            .copied()
            .unwrap_or(0);
        if since.is_none_or(|s| changed >= s) {
            lines.insert((good.clone(), store.clone()), *v);
        }
    }
    let syn = shared.synthetic.lock().unwrap();
    if let Some(syn) = syn.as_ref() {
        for i in 0..syn.goods {
            if since.is_some_and(|s| syn.changed_at(i).is_none_or(|at| at < s)) {
                continue;
            }
            for (n, store) in syn.stores.iter().enumerate() {
                let l = syn.line(i, n);
                lines.insert(
                    (syn.id(i), store.clone()),
                    (l.stock, l.reserve, l.in_transit),
                );
            }
        }
    }
    let mut rows = Vec::new();
    let mut summed: BTreeMap<String, f64> = BTreeMap::new();
    for ((good, store), (s, r, t)) in lines {
        if (!goods.is_empty() && !goods.contains(&good))
            || (!stores.is_empty() && !stores.contains(&store))
        {
            continue;
        }
        let v = figure(kind, s, r, t).unwrap_or(0.0);
        if by_store {
            if v != 0.0 || zero {
                rows.push(json!({"assortmentId": good, "storeId": store, kind: v}));
            }
        } else {
            *summed.entry(good).or_default() += v;
        }
    }
    if !by_store {
        rows = summed
            .into_iter()
            .filter(|(_, v)| *v != 0.0 || zero)
            .map(|(g, v)| json!({"assortmentId": g, kind: v}))
            .collect();
    }
    Ok(Value::Array(rows))
}
