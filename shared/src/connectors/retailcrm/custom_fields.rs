//! Custom field definitions: `GET /custom-fields?filter[entity]=&filter[code]=`
//! and `POST /custom-fields/{entity}/create` with `customField={name, code,
//! type, inFilter, inList}`. The MoySklad sync creates its "MoySklad id"
//! field on orders and customers (MS-B10: visible and filterable).

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
        let query = vec![
            ("filter[entity]".into(), entity.into()),
            ("filter[code]".into(), code.into()),
        ];
        let found: FieldsAnswer = self.get("custom-fields", query).await?;
        if !found.custom_fields.is_empty() {
            return Ok(());
        }
        let field = json!({"name": name, "code": code, "type": "string",
            "inFilter": true, "inList": true, "displayArea": "customer"});
        let form = vec![("customField".into(), to_field(&field))];
        match self
            .post::<serde_json::Value>(&format!("custom-fields/{entity}/create"), form)
            .await
        {
            Ok(_) => Ok(()),
            // Created meanwhile by another worker: fine.
            Err(f) if f.status == Some(400) => Ok(()),
            Err(f) => Err(f.into()),
        }
    }
}
