//! `POST /customers-corporate/{x}/edit` and
//! `POST /customers-corporate/{x}/addresses/{y}/edit`.
//!
//! A corporate edit (`customerCorporate=`, `by`, `site` when by externalId)
//! writes the fields sent and keeps the rest; `customFields` merge key by key
//! and must be defined for `customer_corporate`. Contacts, companies and
//! addresses change through their own methods: a list of them in an edit is
//! refused rather than silently dropped.

use super::custom_fields;
use super::history;
use super::request::{Answer, ApiError, Req};
use super::state::{State, find};
use serde_json::{Value, json};

/// The nested lists an edit does not take.
const PARTS: [&str; 3] = ["customerContacts", "companies", "addresses"];

pub(crate) fn edit(st: &mut State, req: &Req, key: &str) -> Answer {
    let changes = req.entity("customerCorporate")?;
    st.check_site(req)?;
    let i =
        find(&st.corporates, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    if let Some(part) = PARTS.iter().find(|p| changes.contains_key(**p)) {
        return Err(ApiError::entity_format(
            &format!("customerCorporate.{part}"),
            "Edit them through their own methods.",
        ));
    }
    if changes
        .get("nickName")
        .is_some_and(|n| n.as_str().is_none_or(|n| n.trim().is_empty()))
    {
        return Err(ApiError::entity_format(
            "customerCorporate.nickName",
            "This value should not be blank.",
        ));
    }
    custom_fields::check(st, "customer_corporate", &changes, "customerCorporate")?;
    let before = st.corporates[i].clone();
    let record = st.corporates[i]
        .as_object_mut()
        .expect("records are objects");
    for (k, v) in changes
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "id" | "site" | "type"))
    {
        custom_fields::merge_into(record, k, v);
    }
    let after = st.corporates[i].clone();
    history::record(st, "customers-corporate", Some(&before), &after);
    Ok(json!({"success": true, "id": after["id"], "state": "found"}))
}

/// `POST /customers-corporate/{x}/addresses/{y}/edit` (`by`, `entityBy`):
/// the fields sent replace those of the address; history records the change.
pub(crate) fn edit_address(st: &mut State, req: &Req, key: &str, address: &str) -> Answer {
    let changes = req.entity("address")?;
    let i =
        find(&st.corporates, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    let entity_by = req.param("entityBy").unwrap_or("externalId");
    let field = if entity_by == "id" {
        "id"
    } else {
        "externalId"
    };
    let before = st.corporates[i].clone();
    let list = st.corporates[i]["addresses"]
        .as_array_mut()
        .expect("created with the list");
    let found = list
        .iter_mut()
        .find(|a| match &a[field] {
            Value::Number(n) => n.to_string() == address,
            Value::String(s) => s == address,
            _ => false,
        })
        .ok_or_else(ApiError::not_found)?;
    for (k, v) in changes.into_iter().filter(|(k, _)| k != "id") {
        found[k] = v;
    }
    let id = found["id"].clone();
    let after = st.corporates[i].clone();
    history::record(st, "customers-corporate", Some(&before), &after);
    Ok(json!({"success": true, "id": id}))
}

impl super::RetailCrmEmulator {
    /// A manager edits corporate customer `id` in the UI.
    pub fn user_edit_corporate(&self, id: i64, changes: Value) {
        self.as_user(|st| {
            let req = super::screens::user_req("customerCorporate", &changes, Some("id"));
            edit(st, &req, &id.to_string())
        });
    }
}
