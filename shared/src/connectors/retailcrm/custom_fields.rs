//! Custom field definitions: `GET /custom-fields?filter[entity]=&filter[code]=`
//! and `POST /custom-fields/{entity}/create` with `customField={name, code,
//! type, inFilter, inList}`. The MoySklad sync creates its "MoySklad id"
//! field on orders, customers and corporate customers (MS-B10: visible and
//! filterable). MS-M12 reads one field's definition
//! (`GET /custom-fields/{entity}/{code}` → `customField{type, dictionary}`)
//! and a dictionary's elements (`GET /custom-fields/dictionaries/{code}` →
//! `customDictionary{elements[{name, code}]}`; api-client-php
//! `ResourceGroup/CustomFields.php`, `Entity/CustomFields/CustomDictionary.php`).

use super::client::RetailCrm;
use super::wire::to_field;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldsAnswer {
    #[serde(default)]
    custom_fields: Vec<serde_json::Value>,
}

impl RetailCrm {
    /// Creates the string custom field `code` on `entity` (`order`,
    /// `customer`, `customer_corporate`) unless it exists; shown in lists and
    /// filters.
    pub async fn custom_field_ensure(&self, entity: &str, code: &str, name: &str) -> Result<()> {
        if self.custom_field_exists(entity, code).await? {
            return Ok(());
        }
        let mut field = json!({"name": name, "code": code, "type": "string",
            "inFilter": true, "inList": true});
        // Where the field sits on the order form; customers have no such areas.
        if entity == "order" {
            field["displayArea"] = json!("customer");
        }
        let form = vec![("customField".into(), to_field(&field))];
        match self
            .post::<serde_json::Value>(&format!("custom-fields/{entity}/create"), form)
            .await
        {
            Ok(_) => Ok(()),
            // A 400 may be another worker's field created meanwhile; any other
            // refusal leaves no field, and the edits that need it would fail.
            Err(f) if f.status == Some(400) => {
                if self.custom_field_exists(entity, code).await? {
                    Ok(())
                } else {
                    Err(f.into())
                }
            }
            Err(f) => Err(f.into()),
        }
    }

    async fn custom_field_exists(&self, entity: &str, code: &str) -> Result<bool> {
        let query = vec![
            ("filter[entity]".into(), entity.into()),
            ("filter[code]".into(), code.into()),
        ];
        let found: FieldsAnswer = self.get("custom-fields", query).await?;
        // `filter[code]` may match more than the exact code: confirm it.
        Ok(found
            .custom_fields
            .iter()
            .any(|f| f["code"] == code && f["entity"].as_str().is_none_or(|e| e == entity)))
    }
}

/// A custom field's definition: its type and, for `dictionary` fields, the
/// dictionary's code (`GET /custom-fields/{entity}/{code}` → `customField`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CrmFieldDefinition {
    pub code: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub dictionary: Option<String>,
}

/// One element of a CRM custom dictionary: what is shown (`name`) and what
/// a record stores (`code`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrmDictionaryElement {
    pub name: String,
    pub code: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldAnswer {
    custom_field: CrmFieldDefinition,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WireDictionary {
    elements: Vec<CrmDictionaryElement>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DictionaryAnswer {
    custom_dictionary: WireDictionary,
}

impl RetailCrm {
    /// The definition of custom field `code` of `entity`; `None` when undefined.
    pub async fn custom_field(
        &self,
        entity: &str,
        code: &str,
    ) -> Result<Option<CrmFieldDefinition>> {
        let path = format!("custom-fields/{entity}/{code}");
        let answer = self.get::<FieldAnswer>(&path, Vec::new()).await;
        Ok(super::errors::none_if_not_found(answer)?.map(|a| a.custom_field))
    }

    /// The elements of custom dictionary `code` (`GET /custom-fields/dictionaries/{code}`).
    pub async fn custom_dictionary(&self, code: &str) -> Result<Vec<CrmDictionaryElement>> {
        let path = format!("custom-fields/dictionaries/{code}");
        let answer: DictionaryAnswer = self.get(&path, Vec::new()).await?;
        Ok(answer.custom_dictionary.elements)
    }
}
