//! Custom fields: definitions under `/custom-fields` (list with
//! `filter[entity]` / `filter[code]`, create with
//! `POST /custom-fields/{entity}/create` and `customField={name, code, type,
//! inFilter, inList, displayArea}`), values in a record's `customFields`
//! object, merged key by key on edit, and `filter[customFields][code]=value`
//! on lists.
//!
//! As in the CRM, a value can only be written to a field defined for the
//! record's entity (`order`, `customer`, `customer_corporate`, `company`):
//! any other code is refused, so a client must create its fields first.

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

/// The entities of `/custom-fields/{entity}/...` (the path's own choices).
const ENTITIES: [&str; 4] = ["order", "customer", "customer_corporate", "company"];

/// Field types (`customField.type`).
const TYPES: [&str; 9] = [
    "string",
    "text",
    "integer",
    "numeric",
    "boolean",
    "date",
    "email",
    "dictionary",
    "multiselect_dictionary",
];

/// Where an order's field sits on its form (`displayArea`).
const ORDER_AREAS: [&str; 8] = [
    "address",
    "customer",
    "delivery",
    "dimensions",
    "legal_details",
    "main_data",
    "payment",
    "shipment",
];

pub(crate) fn create(st: &mut State, req: &Req, entity: &str) -> Answer {
    if !ENTITIES.contains(&entity) {
        return Err(ApiError::new(404, "API method not found"));
    }
    let mut field = req.entity("customField")?;
    let text = |k: &str| {
        field
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let code = text("code");
    if code.is_empty() || text("name").is_empty() {
        return Err(ApiError::entity_format(
            "customField",
            "name and code are required.",
        ));
    }
    if !TYPES.contains(&text("type").as_str()) {
        return Err(ApiError::entity_format(
            "customField.type",
            "The value you selected is not a valid choice.",
        ));
    }
    let area = text("displayArea");
    if entity == "order" && !area.is_empty() && !ORDER_AREAS.contains(&area.as_str()) {
        return Err(ApiError::entity_format(
            "customField.displayArea",
            "The value you selected is not a valid choice.",
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

/// Refuses `customFields` values (in the `field` entity parameter) whose
/// codes are not defined for `entity`. An empty list stands for no values,
/// as the CRM itself shows them.
pub(crate) fn check(
    st: &State,
    entity: &str,
    record: &Map<String, Value>,
    field: &str,
) -> Result<(), ApiError> {
    let values = match record.get("customFields") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(a)) if a.is_empty() => return Ok(()),
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(ApiError::entity_format(
                &format!("{field}.customFields"),
                "This value should be an object.",
            ));
        }
    };
    let defined = |code: &str| {
        st.custom_fields
            .iter()
            .any(|f| f["entity"] == entity && f["code"] == code)
    };
    match values.keys().find(|code| !defined(code)) {
        Some(code) => Err(ApiError::entity_format(
            &format!("{field}.customFields.{code}"),
            format!("Custom field \"{code}\" does not exist for {entity}."),
        )),
        None => super::dictionaries::check_values(st, entity, values, field),
    }
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

impl super::RetailCrmEmulator {
    /// A manager defines string field `code` on `entity` in the CRM's
    /// settings (tests: fields a mapping names, which the CRM must have).
    pub fn define_custom_field(&self, entity: &str, code: &str) {
        let field = json!({"entity": entity, "code": code, "name": code, "type": "string"});
        self.lock().custom_fields.push(field);
    }
}
