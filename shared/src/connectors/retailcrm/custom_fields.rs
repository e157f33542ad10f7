//! Custom field definitions: `GET /custom-fields?filter[entity]=&filter[code]=`
//! and `POST /custom-fields/{entity}/create` with `customField={name, code,
//! type, inFilter, inList}`. The MoySklad sync creates its "MoySklad id"
//! field on orders, customers and corporate customers (MS-B10: visible and
//! filterable).

use super::client::RetailCrm;
use super::wire::to_field;
use crate::error::Result;
use serde::Deserialize;
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
