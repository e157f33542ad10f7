//! `customer.get`, `customer.list`, `customer.create`, `customer.update`,
//! `customer.delete` (CM-1, CM-2).

use super::Flavour;
use super::customer_input::{self, AddressWrite};
use super::error::ApiError;
use super::input::In;
use super::state::{Row, State, int};
use serde_json::{Value, json};

type Answer = Result<(u16, Value), ApiError>;

pub(crate) fn get(st: &mut State, query: &In) -> Answer {
    query.allow_only(&["op", "customer_id"])?;
    let id = query.id("customer_id", 1)?;
    Ok((200, read(st, id)?))
}

pub(crate) fn list(st: &mut State, query: &In) -> Answer {
    query.allow_only(&["op", "page", "limit", "customer_group_id", "search"])?;
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
    let group = if !query.has("customer_group_id") {
        None
    } else if query.text("customer_group_id", 10, true)? == "none" {
        Some(None)
    } else {
        Some(Some(query.id("customer_group_id", 1)?))
    };
    let search = if query.has("search") {
        query.text("search", 96, true)?.to_lowercase()
    } else {
        String::new()
    };
    let matches = |c: &Row| {
        let in_group = match group {
            None => true,
            Some(None) => !st.group_exists(int(c, "customer_group_id")),
            Some(Some(id)) => int(c, "customer_group_id") == id,
        };
        let text = |k: &str| c[k].as_str().unwrap_or_default().to_lowercase();
        let name = format!("{} {}", text("firstname"), text("lastname"));
        in_group
            && (search.is_empty()
                || [name, text("email"), text("telephone")]
                    .iter()
                    .any(|t| t.contains(&search)))
    };
    let all: Vec<&Row> = st.customers.values().filter(|c| matches(c)).collect();
    let rows: Vec<Value> = all
        .iter()
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .map(|c| {
            let mut row = (*c).clone();
            let group = st
                .groups
                .iter()
                .find(|g| g.0 == int(c, "customer_group_id"));
            row.insert("customer_group".into(), json!(group.map_or("", |g| &g.1)));
            Value::Object(row)
        })
        .collect();
    Ok((
        200,
        json!({"customers": rows, "total": all.len(), "page": page, "limit": limit}),
    ))
}

pub(crate) fn create(st: &mut State, query: &In, body: &In) -> Answer {
    query.allow_only(&["op"])?;
    let checked = customer_input::read(st, body, 0)?;
    let id = st.next_id();
    let mut row = checked.columns;
    for (key, value) in [
        ("customer_id", id.to_string()),
        ("store_id", "0".into()),
        ("language_id", "1".into()),
        ("custom_field", String::new()),
        ("ip", String::new()),
        ("safe", "0".into()),
        ("date_added", st.stamp()),
    ] {
        row.insert(key.into(), json!(value));
    }
    if st.flavour == Flavour::Oc3 {
        for key in ["fax", "cart", "wishlist"] {
            row.insert(key.into(), json!(""));
        }
        row.insert("address_id".into(), json!("0"));
    }
    st.customers.insert(id, row);
    replace_addresses(st, id, checked.addresses.unwrap_or_default());
    Ok((201, read(st, id)?))
}

pub(crate) fn update(st: &mut State, query: &In, body: &In) -> Answer {
    query.allow_only(&["op", "customer_id"])?;
    let id = query.id("customer_id", 1)?;
    read(st, id)?;
    let checked = customer_input::read(st, body, id)?;
    st.customers
        .get_mut(&id)
        .expect("read above")
        .extend(checked.columns);
    if let Some(addresses) = checked.addresses {
        replace_addresses(st, id, addresses);
    }
    Ok((200, read(st, id)?))
}

pub(crate) fn delete(st: &mut State, query: &In, body: &In) -> Answer {
    query.allow_only(&["op", "customer_id"])?;
    body.allow_only(&[])?;
    let id = query.id("customer_id", 1)?;
    read(st, id)?;
    st.customers.remove(&id);
    st.addresses.retain(|_, a| int(a, "customer_id") != id);
    st.transactions.retain(|_, t| int(t, "customer_id") != id);
    Ok((200, json!({"deleted": true, "customer_id": id.to_string()})))
}

fn read(st: &State, id: i64) -> Result<Value, ApiError> {
    st.read_customer(id)
        .ok_or_else(|| ApiError::not_found("customer", id))
}

/// Delete, then insert, keeping the ids the caller listed (orders that
/// point at them stay valid); 3.0 keeps the default on the customer row.
fn replace_addresses(st: &mut State, customer_id: i64, addresses: Vec<AddressWrite>) {
    st.addresses
        .retain(|_, a| int(a, "customer_id") != customer_id);
    let mut default_id = 0;
    for address in addresses {
        let id = if address.address_id > 0 {
            address.address_id
        } else {
            st.next_id()
        };
        let mut row = address.columns;
        for key in ["company", "address_2", "postcode"] {
            row.entry(key).or_insert(json!(""));
        }
        row.insert("address_id".into(), json!(id.to_string()));
        row.insert("customer_id".into(), json!(customer_id.to_string()));
        row.insert("custom_field".into(), json!(""));
        if st.flavour == Flavour::Oc4 {
            row.insert(
                "default".into(),
                json!(if address.default { "1" } else { "0" }),
            );
        }
        if address.default {
            default_id = id;
        }
        st.addresses.insert(id, row);
    }
    if st.flavour == Flavour::Oc3
        && let Some(customer) = st.customers.get_mut(&customer_id)
    {
        customer.insert("address_id".into(), json!(default_id.to_string()));
    }
}
