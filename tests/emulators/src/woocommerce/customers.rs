//! `/wc/v3/customers`: list, read, update, delete, as
//! `WC_REST_Customers_V1/V2_Controller` do (creates are in `create`).
//!
//! `single` is false inside a batch, where WooCommerce calls the item
//! methods directly: no argument validation, no permission callbacks (so a
//! missing user is 400 `woocommerce_rest_invalid_id` on update there, and a
//! missing password is generated whatever the shop option).

use super::request::{Answer, ApiError, Query, Reply, is_email};
use super::state::State;
use serde_json::{Map, Value, json};

pub(super) const ADDRESS: [&str; 11] = [
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "state",
    "postcode",
    "country",
    "email",
    "phone",
];
/// Roles whose e-mail and password the customer API may change (9.5+).
const ALLOWED_ROLES: [&str; 2] = ["customer", "subscriber"];

fn not_found() -> ApiError {
    ApiError::new(404, "wc_user_invalid_id", "Invalid user ID.")
}

pub(crate) fn list(st: &State, q: &Query) -> Answer {
    let number = |name: &str, default: usize, max: usize| match q.get(name) {
        None => Ok(default),
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| ApiError::invalid_param(name)),
    };
    let per_page = number("per_page", 10, 100)?;
    let page = number("page", 1, usize::MAX)?;
    let role = q.get("role").unwrap_or("customer");
    if role != "all" && !st.roles.iter().any(|r| r == role) {
        return Err(ApiError::invalid_param("role"));
    }
    // The collection's `email` argument has `format: email`.
    if q.get("email").is_some_and(|e| !is_email(e)) {
        return Err(ApiError::invalid_param("email"));
    }
    // `include`: an array of ids, sent as `1,2,3` (`wp_parse_id_list`).
    let include: Option<Vec<i64>> = match q.get("include") {
        None => None,
        Some(raw) => Some(
            raw.split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| p.trim().parse::<i64>())
                .collect::<Result<_, _>>()
                .map_err(|_| ApiError::invalid_param("include"))?,
        ),
    };
    let orderby = q.get("orderby").unwrap_or("name");
    if !["id", "include", "name", "registered_date"].contains(&orderby) {
        return Err(ApiError::invalid_param("orderby"));
    }
    let mut found: Vec<&Value> = st
        .customers
        .iter()
        .filter(|c| role == "all" || c["role"] == role)
        .filter(|c| {
            include
                .as_ref()
                .is_none_or(|ids| c["id"].as_i64().is_some_and(|id| ids.contains(&id)))
        })
        .filter(|c| {
            q.get("email").is_none_or(|e| {
                c["email"]
                    .as_str()
                    .is_some_and(|m| m.eq_ignore_ascii_case(e))
            })
        })
        .collect();
    match orderby {
        // `display_name`, which WordPress sets to the login at creation.
        "name" => found.sort_by_key(|c| c["username"].as_str().unwrap_or_default().to_owned()),
        _ => found.sort_by_key(|c| c["id"].as_i64()),
    }
    if q.get("order") == Some("desc") {
        found.reverse();
    }
    let total = found.len();
    let page_items: Vec<Value> = found
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .cloned()
        .collect();
    Ok(Reply {
        status: 200,
        body: Value::Array(page_items),
        headers: vec![
            ("x-wp-total", total.to_string()),
            ("x-wp-totalpages", total.div_ceil(per_page).to_string()),
        ],
    })
}

pub(crate) fn get(st: &State, id: i64) -> Answer {
    let i = st.index(id).ok_or_else(not_found)?;
    Ok(Reply::json(st.customers[i].clone()))
}

/// `PUT /customers/{id}` (and a batch `update` item).
pub(crate) fn update(
    st: &mut State,
    id: i64,
    body: &Map<String, Value>,
    single: bool,
) -> Result<Value, ApiError> {
    let Some(i) = st.index(id) else {
        return Err(if single {
            not_found()
        } else {
            ApiError::new(400, "woocommerce_rest_invalid_id", "Invalid resource ID.")
        });
    };
    let current = st.customers[i].clone();
    let role = current["role"].as_str().unwrap_or_default().to_owned();
    let sent_email = body.get("email").and_then(Value::as_str);
    if single && !ALLOWED_ROLES.contains(&role.as_str()) {
        let prop = if body.contains_key("password") {
            Some("password")
        } else if sent_email.is_some_and(|e| current["email"] != e) {
            Some("email")
        } else {
            None
        };
        if let Some(prop) = prop {
            return Err(ApiError::new(
                403,
                "woocommerce_rest_cannot_edit",
                format!(
                    "Sorry, {prop} cannot be updated via this endpoint for a user with role {role}."
                ),
            ));
        }
    }
    if let Some(e) = sent_email.filter(|e| !e.is_empty()) {
        // As WooCommerce: `email_exists` ignores case, the comparison does not.
        if st.email_owner(e).is_some() && current["email"] != e {
            return Err(ApiError::new(
                400,
                "woocommerce_rest_customer_invalid_email",
                "Email address is invalid.",
            ));
        }
        if !is_email(e) {
            return Err(ApiError::invalid_param("email"));
        }
    }
    if let Some(u) = body
        .get("username")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        && current["username"] != u
    {
        return Err(ApiError::new(
            400,
            "woocommerce_rest_customer_invalid_argument",
            "Username isn't editable.",
        ));
    }
    let mut record = current;
    if let Some(e) = sent_email {
        record["email"] = json!(e);
    }
    if let Some(p) = body.get("password").and_then(Value::as_str) {
        st.passwords.insert(id, p.to_owned());
    }
    // `role` is read-only: WordPress drops it from the accepted arguments.
    apply_fields(st, &mut record, body);
    st.set_customer(i, record.clone());
    Ok(record)
}

/// `DELETE /customers/{id}` (and a batch `delete` item, forced).
pub(crate) fn delete(
    st: &mut State,
    id: i64,
    force: bool,
    single: bool,
) -> Result<Value, ApiError> {
    let i = st.index(id).ok_or_else(not_found)?;
    let role = st.customers[i]["role"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if single && !ALLOWED_ROLES.contains(&role.as_str()) {
        return Err(ApiError::new(
            403,
            "woocommerce_rest_cannot_delete",
            format!(
                "Sorry, users with {role} role cannot be deleted via this endpoint. Allowed roles: customer, subscriber"
            ),
        ));
    }
    if !force {
        return Err(ApiError::new(
            501,
            "woocommerce_rest_trash_not_supported",
            "Customers do not support trashing.",
        ));
    }
    st.passwords.remove(&id);
    Ok(st.remove_customer(i))
}

/// Names, billing and shipping fields the schema knows, and `meta_data`
/// (updated by id, else by key, else added).
pub(super) fn apply_fields(st: &mut State, record: &mut Value, body: &Map<String, Value>) {
    for k in ["first_name", "last_name"] {
        if let Some(v) = body.get(k).and_then(Value::as_str) {
            record[k] = json!(v.trim());
        }
    }
    for part in ["billing", "shipping"] {
        if let Some(fields) = body.get(part).and_then(Value::as_object) {
            for (k, v) in fields {
                if record[part].get(k).is_some() && v.is_string() {
                    record[part][k] = v.clone();
                }
            }
        }
    }
    for meta in body
        .get("meta_data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(key), Some(value)) = (meta["key"].as_str(), meta.get("value")) else {
            continue;
        };
        let list = record["meta_data"]
            .as_array_mut()
            .expect("meta_data is a list");
        let by_id = meta["id"]
            .as_i64()
            .and_then(|mid| list.iter().position(|m| m["id"] == mid));
        match by_id.or_else(|| list.iter().position(|m| m["key"] == key)) {
            Some(p) => list[p]["value"] = value.clone(),
            None => {
                let mid = st.meta_id();
                let list = record["meta_data"]
                    .as_array_mut()
                    .expect("meta_data is a list");
                list.push(json!({"id": mid, "key": key, "value": value}));
            }
        }
    }
}
