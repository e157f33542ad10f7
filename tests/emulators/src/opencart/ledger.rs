//! `customer_group.list`, `transaction.list` and `transaction.add` (CM-1's
//! group filter, CM-3). Amounts are kept as `DECIMAL(15,4)` text.

use super::error::ApiError;
use super::input::In;
use super::state::{State, int};
use serde_json::{Value, json};

type Answer = Result<(u16, Value), ApiError>;

pub(crate) fn groups(st: &mut State, query: &In) -> Answer {
    query.allow_only(&["op"])?;
    let mut groups = st.groups.clone();
    groups.sort_by_key(|g| (g.3, g.0));
    let count = |id: i64| {
        st.customers
            .values()
            .filter(|c| int(c, "customer_group_id") == id)
            .count()
    };
    let rows: Vec<Value> = groups
        .iter()
        .map(|(id, name, description, sort)| {
            json!({"customer_group_id": id.to_string(), "name": name, "description": description,
                "approval": "0", "sort_order": sort.to_string(), "customer_count": count(*id).to_string()})
        })
        .collect();
    let none = st
        .customers
        .values()
        .filter(|c| !st.group_exists(int(c, "customer_group_id")))
        .count();
    Ok((
        200,
        json!({"customer_groups": rows, "no_group_count": none,
            "default_customer_group_id": st.default_group.to_string()}),
    ))
}

pub(crate) fn list(st: &mut State, query: &In) -> Answer {
    query.allow_only(&["op", "customer_id", "page", "limit"])?;
    let customer_id = customer(st, query)?;
    let page = if query.has("page") {
        query.id("page", 1)?
    } else {
        1
    };
    let limit = if query.has("limit") {
        query.id("limit", 1)?
    } else {
        50
    };
    if limit > 200 {
        return Err(ApiError::invalid("limit", "at most 200"));
    }
    let mine: Vec<&serde_json::Map<String, Value>> = st
        .transactions
        .values()
        .rev()
        .filter(|t| int(t, "customer_id") == customer_id)
        .collect();
    let rows: Vec<Value> = mine
        .iter()
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .map(|t| shown(t))
        .collect();
    Ok((
        200,
        json!({"customer_id": customer_id.to_string(), "transactions": rows, "total": mine.len(),
            "balance": balance(st, customer_id), "page": page, "limit": limit}),
    ))
}

pub(crate) fn add(st: &mut State, query: &In, body: &In) -> Answer {
    query.allow_only(&["op", "customer_id"])?;
    let customer_id = customer(st, query)?;
    body.allow_only(&["description", "amount", "order_id"])?;
    let order_id = if body.has("order_id") {
        body.id("order_id", 0)?
    } else {
        0
    };
    let description = body.text("description", 1000, false)?;
    let amount = body.amount("amount")?;
    if order_id > 0 && !st.orders.contains_key(&order_id) {
        return Err(ApiError::not_found("order", order_id));
    }
    let id = st.next_id();
    let row = json!({"customer_transaction_id": id.to_string(), "customer_id": customer_id.to_string(),
        "order_id": order_id.to_string(), "description": description, "amount": amount,
        "date_added": st.stamp()});
    let row = row.as_object().cloned().expect("an object");
    let transaction = shown(&row);
    st.transactions.insert(id, row);
    Ok((
        201,
        json!({"customer_id": customer_id.to_string(), "transaction": transaction,
            "balance": balance(st, customer_id)}),
    ))
}

fn customer(st: &State, query: &In) -> Result<i64, ApiError> {
    let id = query.id("customer_id", 1)?;
    if !st.customers.contains_key(&id) {
        return Err(ApiError::not_found("customer", id));
    }
    Ok(id)
}

/// A row as the list shows it (no `customer_id`).
fn shown(t: &serde_json::Map<String, Value>) -> Value {
    json!({"customer_transaction_id": t["customer_transaction_id"], "order_id": t["order_id"],
        "description": t["description"], "amount": t["amount"], "date_added": t["date_added"]})
}

fn balance(st: &State, customer_id: i64) -> String {
    let sum: f64 = st
        .transactions
        .values()
        .filter(|t| int(t, "customer_id") == customer_id)
        .filter_map(|t| t["amount"].as_str()?.parse::<f64>().ok())
        .sum();
    format!("{sum:.4}")
}
