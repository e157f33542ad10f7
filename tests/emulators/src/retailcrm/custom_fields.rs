//! Custom fields: definitions under `/custom-fields` (list with
//! `filter[entity]` / `filter[code]`, create with
//! `POST /custom-fields/{entity}/create` and `customField={name, code, type,
//! inFilter, inList}`), values in a record's `customFields` object, merged
//! key by key on edit, and `filter[customFields][code]=value` on lists.

use super::request::{Answer, ApiError, Req, paginate};
use super::state::State;
use serde_json::{Map, Value, json};

pub(crate) fn list(st: &mut State, req: &Req) -> Answer {
    let records = st
        .custom_fields
        .iter()
        .filter(|f| {
            ["entity", "code"].iter().all(|k| {
                req.param(&format!("filter[{k}]"))
                    .is_none_or(|v| f[*k].as_str() == Some(v))
            })
        })
        .cloned()
        .collect();
    paginate(req, "customFields", records)
}

pub(crate) fn create(st: &mut State, req: &Req, entity: &str) -> Answer {
    if !matches!(
        entity,
        "order" | "customer" | "customer_corporate" | "company"
    ) {
        return Err(ApiError::new(404, "API method not found"));
    }
    let mut field = req.entity("customField")?;
    let code = field
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if code.is_empty() || field.get("name").and_then(Value::as_str).is_none() {
        return Err(ApiError::entity_format(
            "customField",
            "name and code are required.",
        ));
    }
    if st
        .custom_fields
        .iter()
        .any(|f| f["entity"] == entity && f["code"] == code.as_str())
    {
        return Err(ApiError::new(400, "Custom field is not created")
            .with("code", "A custom field with this code already exists."));
    }
    field.insert("entity".into(), json!(entity));
    st.custom_fields.push(Value::Object(field));
    Ok(json!({"success": true, "code": code}))
}

/// Sets `key` on a record; `customFields` objects merge instead of replacing.
pub(crate) fn merge_into(record: &mut Map<String, Value>, key: String, value: Value) {
    match (record.get_mut(&key), value) {
        (Some(Value::Object(old)), Value::Object(new)) if key == "customFields" => {
            old.extend(new);
        }
        (_, value) => {
            record.insert(key, value);
        }
    }
}

/// `filter[customFields][code]=value`: every such filter must match exactly.
pub(crate) fn filter(record: &Value, req: &Req) -> bool {
    req.params.iter().all(|(k, v)| {
        match k
            .strip_prefix("filter[customFields][")
            .and_then(|r| r.strip_suffix(']'))
        {
            Some(code) => match &record["customFields"][code] {
                Value::String(s) => s == v,
                Value::Null => false,
                Value::Number(n) => n.to_string() == *v,
                _ => false,
            },
            None => true,
        }
    })
}
