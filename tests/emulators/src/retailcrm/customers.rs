//! `/customers`: list with filters, get, create, edit.

use super::custom_fields;
use super::customer_checks;
use super::history;
use super::request::{Answer, ApiError, Req, paginate};
use super::state::{State, external_id_taken, find};
use serde_json::{Map, Value, json};

pub(crate) fn list(st: &mut State, req: &Req) -> Answer {
    st.check_site(req)?;
    let records = st
        .customers
        .iter()
        .filter(|c| matches(c, req))
        .cloned()
        .collect();
    paginate(req, "customers", records)
}

pub(crate) fn get(st: &mut State, req: &Req, key: &str) -> Answer {
    st.check_site(req)?;
    let i =
        find(&st.customers, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    Ok(json!({"success": true, "customer": st.customers[i]}))
}

pub(crate) fn create(st: &mut State, req: &Req) -> Answer {
    let mut entity = req.entity("customer")?;
    let site = st.site_for_create(req)?;
    validate(&entity, "customer")?;
    custom_fields::check(st, "customer", &entity, "customer")?;
    if external_id_taken(&st.customers, &entity, &site) {
        let ext = entity["externalId"].as_str().unwrap_or_default();
        let e = ApiError::new(400, "Customer is not loaded");
        return Err(e.with(
            "externalId",
            format!("Customer with externalId \"{ext}\" already exists."),
        ));
    }
    let id = st.customer_id();
    entity.insert("id".into(), json!(id));
    entity.insert("site".into(), json!(site));
    entity.insert("type".into(), json!("customer"));
    entity.insert("createdAt".into(), json!(history::now()));
    st.customers.push(Value::Object(entity));
    let record = st.customers.last().cloned().unwrap_or_default();
    history::record(st, "customers", None, &record);
    Ok(json!({"success": true, "id": id}))
}

pub(crate) fn edit(st: &mut State, req: &Req, key: &str) -> Answer {
    let entity = req.entity("customer")?;
    st.check_site(req)?;
    validate(&entity, "customer")?;
    custom_fields::check(st, "customer", &entity, "customer")?;
    let i =
        find(&st.customers, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    let before = st.customers[i].clone();
    let record = st.customers[i]
        .as_object_mut()
        .expect("records are objects");
    for (k, v) in entity
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "id" | "site" | "type"))
    {
        custom_fields::merge_into(record, k, v);
    }
    let after = st.customers[i].clone();
    history::record(st, "customers", Some(&before), &after);
    Ok(json!({"success": true, "id": after["id"], "state": "found"}))
}

/// The field shapes the CRM checks on a customer (also used for order persons).
pub(crate) fn validate(entity: &Map<String, Value>, field: &str) -> Result<(), ApiError> {
    if let Some(email) = entity.get("email").filter(|v| !v.is_null())
        && !email.as_str().is_some_and(|e| e.contains('@'))
    {
        let message = "This value is not a valid email address.";
        return Err(ApiError::entity_format(&format!("{field}.email"), message));
    }
    if let Some(phones) = entity.get("phones") {
        let ok = phones
            .as_array()
            .is_some_and(|a| a.iter().all(|p| p["number"].is_string()));
        if !ok {
            return Err(ApiError::entity_format(
                &format!("{field}.phones"),
                "Phones must be a list of {\"number\": ..}.",
            ));
        }
    }
    customer_checks::check(entity, field)?;
    if entity.get("address").is_some_and(|a| !a.is_object()) {
        return Err(ApiError::entity_format(
            &format!("{field}.address"),
            "This value should be an object.",
        ));
    }
    Ok(())
}

/// `filter[...]` of `GET /customers`. `filter[name]` searches names and
/// e-mails by substring and phones by digits, like the CRM's quick search.
fn matches(c: &Value, req: &Req) -> bool {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_lowercase();
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if let Some(email) = req.param("filter[email]")
        && !text(&c["email"]).contains(&email.to_lowercase())
    {
        return false;
    }
    if let Some(q) = req.param("filter[name]") {
        let q_lower = q.to_lowercase();
        let by_text = ["firstName", "lastName", "patronymic", "email"]
            .iter()
            .any(|f| text(&c[*f]).contains(&q_lower));
        let q_digits = digits(q);
        let by_phone = q_digits.len() >= 5
            && c["phones"].as_array().is_some_and(|ps| {
                ps.iter()
                    .any(|p| digits(p["number"].as_str().unwrap_or_default()).contains(&q_digits))
            });
        if !by_text && !by_phone {
            return false;
        }
    }
    custom_fields::filter(c, req)
        && list_filter(c, req, "filter[ids][]", |c| c["id"].to_string())
        && list_filter(c, req, "filter[externalIds][]", |c| {
            c["externalId"].as_str().unwrap_or_default().to_owned()
        })
        && list_filter(c, req, "filter[sites][]", |c| {
            c["site"].as_str().unwrap_or_default().to_owned()
        })
}

/// A `filter[x][]=a&filter[x][]=b` filter: matches if unset or if the value is listed.
pub(crate) fn list_filter(
    c: &Value,
    req: &Req,
    name: &str,
    value: impl Fn(&Value) -> String,
) -> bool {
    let wanted = req.params_all(name);
    wanted.is_empty() || wanted.contains(&value(c).as_str())
}
