//! `shop.order.search`'s collection hash and sort (`shopOrdersCollection`):
//! `search/<field><op><value>` conditions joined by `&` (`\&` escapes
//! one), on `shop_order` fields; `op` one of `>=`, `<=`, `!=`, `>`, `<`,
//! `=`/`==`; `NULL` as a value is IS NULL (`!=NULL`: IS NOT NULL); values
//! compare as MySQL compares a column with a string (numbers for ids and
//! totals, text otherwise). `sort` is `field ASC|DESC` (another order than
//! `DESC` is ASC; a field that is not a column sorts by `create_datetime`);
//! NULLs sort first ascending, last descending.

use super::state::Order;
use serde_json::Value;
use std::cmp::Ordering;

const OPS: &[&str] = &[">=", "<=", "!=", "==", ">", "<", "="];

/// The orders of `hash` (`None`: a hash this emulator does not know).
pub(crate) fn matching<'a>(orders: &'a [Order], hash: &str) -> Option<Vec<&'a Order>> {
    if hash.is_empty() {
        return Some(orders.iter().collect());
    }
    let query = hash.strip_prefix("search/")?;
    let mut conditions = Vec::new();
    for part in split(query) {
        let op = OPS
            .iter()
            .filter_map(|op| part.find(op).map(|at| (at, *op)))
            .min_by_key(|(at, op)| (*at, std::cmp::Reverse(op.len())))?;
        let (field, value) = (&part[..op.0], &part[op.0 + op.1.len()..]);
        conditions.push((field.trim().to_owned(), op.1, value.to_owned()));
    }
    Some(
        orders
            .iter()
            .filter(|o| {
                conditions
                    .iter()
                    .all(|(f, op, v)| holds(&field(o, f), op, v))
            })
            .collect(),
    )
}

/// Sorts as `sort` says.
pub(crate) fn sort(orders: &mut [&Order], sort: Option<&str>) {
    let sort = sort.unwrap_or("create_datetime DESC");
    let mut parts = sort.splitn(2, ' ');
    let mut key = parts.next().unwrap_or("create_datetime").to_owned();
    let desc = parts.next() == Some("DESC");
    if ![
        "id",
        "create_datetime",
        "update_datetime",
        "state_id",
        "total",
        "contact_id",
    ]
    .contains(&key.as_str())
    {
        key = "create_datetime".into();
    }
    orders.sort_by(|a, b| {
        let ord = compare(&field(a, &key), &field(b, &key)).then(a.id.cmp(&b.id));
        if desc { ord.reverse() } else { ord }
    });
}

fn split(query: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'&') => {
                parts.last_mut().unwrap().push(chars.next().unwrap())
            }
            '&' => parts.push(String::new()),
            c => parts.last_mut().unwrap().push(c),
        }
    }
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

fn field(o: &Order, name: &str) -> Value {
    o.json(false).get(name).cloned().unwrap_or(Value::Null)
}

fn holds(v: &Value, op: &str, want: &str) -> bool {
    if want == "NULL" {
        return match op {
            "!=" => !v.is_null(),
            _ => v.is_null(),
        };
    }
    if v.is_null() {
        return false;
    }
    let ord = compare(v, &Value::String(want.to_owned()));
    match op {
        ">=" => ord != Ordering::Less,
        "<=" => ord != Ordering::Greater,
        ">" => ord == Ordering::Greater,
        "<" => ord == Ordering::Less,
        "!=" => ord != Ordering::Equal,
        _ => ord == Ordering::Equal,
    }
}

fn compare(a: &Value, b: &Value) -> Ordering {
    let text = |v: &Value| v.as_str().map(str::to_owned);
    match (text(a), text(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(p), Ok(q)) => p.partial_cmp(&q).unwrap_or(Ordering::Equal),
            _ => x.cmp(&y),
        },
    }
}
