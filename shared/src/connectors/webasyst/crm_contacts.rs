//! The CRM's contacts, as far as a deal's client needs them: found by
//! e-mail or phone (`crm.contact.list?hash=search/email=..`, the contacts
//! collection's search hash) or created (`crm.contact.add`, a JSON list of
//! `{field, value}`; a person needs one of first, middle or last name: 400
//! `invalid_param` with `error_fields` otherwise; 201 with the new id).

use super::client::{Body, Replay};
use super::crm::Crm;
use super::crm_wire::{ContactRef, Page};
use crate::error::Result;
use reqwest::Method;
use serde_json::json;

/// Who a deal's client is, as the shop knows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewContact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Crm {
    /// The first contact whose `field` (`email`, `phone`) is `value`.
    pub async fn find_contact(&self, field: &str, value: &str) -> Result<Option<i64>> {
        // `&` separates conditions in a collection hash: escape it.
        let value = value.replace('&', "\\&");
        let query = [
            ("hash", format!("search/{field}={value}")),
            ("limit", "1".to_owned()),
        ];
        let answer = self
            .api
            .call(
                Method::GET,
                "crm.contact.list",
                &query,
                Body::None,
                Replay::Safe,
            )
            .await?;
        let page: Page<ContactRef> = self.api.parse(answer)?;
        Ok(page.data.first().map(|c| c.id))
    }

    /// Creates a person; returns its id.
    pub async fn add_contact(&self, contact: &NewContact) -> Result<i64> {
        let name = if contact.name.trim().is_empty() {
            contact
                .email
                .clone()
                .or(contact.phone.clone())
                .unwrap_or_else(|| "Shop-Script customer".into())
        } else {
            contact.name.trim().to_owned()
        };
        // The whole name as the first name: the shop keeps one name string.
        let mut fields = vec![json!({ "field": "firstname", "value": name })];
        if let Some(email) = &contact.email {
            fields.push(json!({ "field": "email", "value": email }));
        }
        if let Some(phone) = &contact.phone {
            fields.push(json!({ "field": "phone", "value": phone }));
        }
        let answer = self
            .api
            .call(
                Method::POST,
                "crm.contact.add",
                &[],
                Body::Json(json!(fields)),
                Replay::Refused,
            )
            .await?;
        Ok(self.api.parse::<i64>(answer)?)
    }
}
