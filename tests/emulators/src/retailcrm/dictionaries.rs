//! Custom field definitions read one at a time (`GET /custom-fields/{entity}/{code}`
//! → `customField`) and custom dictionaries (`GET /custom-fields/dictionaries/{code}`
//! → `customDictionary {name, code, elements[{name, code, ordering}]}`),
//! as api-client-php `ResourceGroup/CustomFields.php` calls them. A value of
//! a `dictionary` field must be the code of one of its dictionary's elements.

use super::request::{Answer, ApiError};
use super::state::State;
use serde_json::{Map, Value, json};

/// `GET /custom-fields/{entity}/{code}`.
pub(crate) fn field(st: &State, entity: &str, code: &str) -> Answer {
    let field = st
        .custom_fields
        .iter()
        .find(|f| f["entity"] == entity && f["code"] == code)
        .ok_or_else(ApiError::not_found)?;
    Ok(json!({"success": true, "customField": field}))
}

/// `GET /custom-fields/dictionaries/{code}`.
pub(crate) fn dictionary(st: &State, code: &str) -> Answer {
    let elements = st.dictionaries.get(code).ok_or_else(ApiError::not_found)?;
    Ok(
        json!({"success": true, "customDictionary": {"name": code, "code": code, "elements": elements}}),
    )
}

/// Refuses a dictionary field's value that is not one of its elements' codes.
pub(crate) fn check_values(
    st: &State,
    entity: &str,
    values: &Map<String, Value>,
    field: &str,
) -> Result<(), ApiError> {
    for (code, value) in values {
        let def = st
            .custom_fields
            .iter()
            .find(|f| f["entity"] == entity && f["code"] == code.as_str());
        let Some(dict) = def
            .filter(|d| d["type"] == "dictionary")
            .and_then(|d| d["dictionary"].as_str())
        else {
            continue;
        };
        let known = st
            .dictionaries
            .get(dict)
            .into_iter()
            .flatten()
            .any(|e| e["code"] == *value);
        if !value.is_null() && !known {
            return Err(ApiError::entity_format(
                &format!("{field}.customFields.{code}"),
                format!("Value {value} is not an element of dictionary \"{dict}\"."),
            ));
        }
    }
    Ok(())
}

impl super::RetailCrmEmulator {
    /// A manager defines dictionary `code` with `(element code, element name)` pairs.
    pub fn seed_custom_dictionary(&self, code: &str, elements: &[(&str, &str)]) {
        let rows = elements
            .iter()
            .enumerate()
            .map(|(n, (c, name))| json!({"code": c, "name": name, "ordering": n + 1}))
            .collect();
        self.lock().dictionaries.insert(code.to_owned(), rows);
    }

    /// A manager defines dictionary field `code` on `entity`, on dictionary `dictionary`.
    pub fn define_dictionary_field(&self, entity: &str, code: &str, dictionary: &str) {
        let field = json!({"entity": entity, "code": code, "name": code, "type": "dictionary",
            "dictionary": dictionary});
        self.lock().custom_fields.push(field);
    }
}
