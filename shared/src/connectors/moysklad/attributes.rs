//! Custom attributes ("доп. поля") of documents, user dictionaries
//! (`customentity`) and employees.
//!
//! Contract (moysklad/api-remap-1.2-doc md/_general.md "Работа с
//! дополнительными полями", md/dictionaries/_customentity.md, _employee.md):
//! - each document type has its own attributes, listed by
//!   `entity/{type}/metadata/attributes` (`id, name, type, required`, and
//!   `customEntityMeta` → `entity/customentity/{dictionary}/metadata` on a
//!   dictionary attribute); a value is written as `{meta, value}` where
//!   `meta.href` is `entity/{type}/metadata/attributes/{id}`, and only
//!   attributes of that document type are accepted;
//! - a dictionary value is `{meta, name}` of an element
//!   `entity/customentity/{dictionary}/{element}`; elements are listed with
//!   `filter=name=` and created by `POST entity/customentity/{dictionary}`
//!   with `name` (the one field required);
//! - an "employee" attribute's value is an employee's `{meta}`; employees
//!   are filtered by `email` and `phone`, and cannot be created by API.

use super::CallKind;
use super::client::{MoySklad, Replay, filter_value};
use super::meta::{ListPage, Meta};
use crate::error::Result;
use http::Method;
use serde::{Deserialize, Serialize};

/// An attribute value on a document (also how MoySklad shows one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttributeValue {
    pub meta: Meta,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A scalar, `{meta, name}` for a dictionary or employee value, or `null` (cleared).
    #[serde(default)]
    pub value: serde_json::Value,
}

/// An attribute's definition on a document type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AttributeMeta {
    pub id: String,
    pub name: String,
    /// `string`, `long`, `customentity`, `employee`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// On a dictionary attribute: `{meta: {href: .../customentity/{dict}/metadata}}`.
    pub custom_entity_meta: Option<Meta>,
}

impl AttributeMeta {
    /// The dictionary id of a `customentity` attribute.
    pub fn dictionary(&self) -> Option<&str> {
        let href = &self.custom_entity_meta.as_ref()?.href;
        href.trim_end_matches("/metadata").rsplit('/').next()
    }
}

/// A dictionary element or an employee: what a reference value needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NamedRef {
    pub meta: Option<Meta>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl MoySklad {
    /// The attributes defined on document type `kind` (`customerorder`, `demand`, ...).
    pub async fn attribute_metas(&self, kind: &str) -> Result<Vec<AttributeMeta>> {
        let path = format!("entity/{kind}/metadata/attributes");
        let page: ListPage<AttributeMeta> = self.get(&path, &[], CallKind::Ordinary).await?;
        Ok(page.rows)
    }

    /// The elements of dictionary `dictionary` named exactly `name`.
    pub async fn dictionary_find(&self, dictionary: &str, name: &str) -> Result<Vec<NamedRef>> {
        let filter = format!("name={}", filter_value(name)?);
        let path = format!("entity/customentity/{dictionary}");
        let page: ListPage<NamedRef> = self
            .get(&path, &[("filter", filter)], CallKind::Ordinary)
            .await?;
        Ok(page.rows)
    }

    /// Adds element `name` to dictionary `dictionary`.
    pub async fn dictionary_add(&self, dictionary: &str, name: &str) -> Result<NamedRef> {
        let path = format!("entity/customentity/{dictionary}");
        let body = serde_json::json!({ "name": name });
        self.send_json(Method::POST, &path, &body, Replay::OnlyIfRefused)
            .await
    }

    /// Employees whose e-mail is `email`.
    pub async fn employees_by_email(&self, email: &str) -> Result<Vec<NamedRef>> {
        let filter = format!("email={}", filter_value(email)?);
        let page: ListPage<NamedRef> = self
            .get("entity/employee", &[("filter", filter)], CallKind::Ordinary)
            .await?;
        Ok(page.rows)
    }
}
