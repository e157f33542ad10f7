//! A private customer as the customer pages edit it (CM-2): read one by
//! CRM id with its newsletter state and address, create one on our site,
//! edit one by id (`POST /customers/{id}/edit`, `by=id`). API v5 has no
//! customer delete: customers are merged or kept.
//!
//! The newsletter is the CRM's `emailMarketingUnsubscribedAt` (the date the
//! customer left e-mail campaigns): unsubscribing sets it to now,
//! subscribing again sends it as `null`, which the CRM reads as "clear"
//! (so this body is built here rather than pruned by `to_field`).

use super::client::RetailCrm;
use super::errors::none_if_not_found;
use super::mapping::{address_from_wire, address_to_wire};
use super::wire::{IdAnswer, WireAddress, WirePhone};
use crate::error::Result;
use crate::model::Address;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// What a create or an edit writes; `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrmCustomerEdit {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub patronymic: Option<String>,
    pub email: Option<String>,
    /// Replaces the customer's phones with this one (`""`: no phone).
    pub phone: Option<String>,
    pub newsletter: Option<bool>,
    /// Written whole: the CRM replaces the address object.
    pub address: Option<Address>,
}

/// One customer as the edit form shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrmCustomerRecord {
    pub id: i64,
    pub external_id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub patronymic: String,
    pub email: String,
    pub phone: String,
    pub newsletter: bool,
    pub address: Option<Address>,
    pub created_at: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireRecord {
    id: Option<i64>,
    external_id: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    patronymic: Option<String>,
    email: Option<String>,
    phones: Vec<WirePhone>,
    address: Option<WireAddress>,
    created_at: Option<String>,
    email_marketing_unsubscribed_at: Option<String>,
    site: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RecordAnswer {
    customer: WireRecord,
}

impl RetailCrm {
    /// `GET /customers/{id}?by=id`; `None` on 404 or for another site's customer.
    pub async fn customer_record(&self, id: i64) -> Result<Option<CrmCustomerRecord>> {
        let query = vec![
            ("by".into(), "id".into()),
            ("site".into(), self.site().into()),
        ];
        let answer = self
            .get::<RecordAnswer>(&format!("customers/{id}"), query)
            .await;
        Ok(none_if_not_found(answer)?.map(|a| record(a.customer)))
    }

    /// `POST /customers/create` on our site; the new CRM id.
    pub async fn customer_create_edit(&self, edit: &CrmCustomerEdit) -> Result<i64> {
        let form = vec![
            ("site".into(), self.site().into()),
            ("customer".into(), body(edit, &now()).to_string()),
        ];
        Ok(self.post::<IdAnswer>("customers/create", form).await?.id)
    }

    /// `POST /customers/{id}/edit?by=id`; `false` if there is no such customer.
    pub async fn customer_apply_edit(&self, id: i64, edit: &CrmCustomerEdit) -> Result<bool> {
        let form = vec![
            ("by".into(), "id".into()),
            ("site".into(), self.site().into()),
            ("customer".into(), body(edit, &now()).to_string()),
        ];
        let answer = self
            .post::<IdAnswer>(&format!("customers/{id}/edit"), form)
            .await;
        Ok(none_if_not_found(answer)?.is_some())
    }
}

fn now() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::now_utc()
        .format(format)
        .unwrap_or_default()
}

/// The `customer=` JSON: only what is set, and an explicit `null` to clear
/// the unsubscription date.
fn body(edit: &CrmCustomerEdit, now: &str) -> Value {
    let mut out = Map::new();
    for (key, value) in [
        ("firstName", &edit.first_name),
        ("lastName", &edit.last_name),
        ("patronymic", &edit.patronymic),
        ("email", &edit.email),
    ] {
        if let Some(v) = value {
            out.insert(key.into(), json!(v));
        }
    }
    if let Some(phone) = &edit.phone {
        let phones: Vec<Value> = (!phone.is_empty())
            .then(|| json!({"number": phone}))
            .into_iter()
            .collect();
        out.insert("phones".into(), Value::Array(phones));
    }
    match edit.newsletter {
        Some(true) => {
            out.insert("emailMarketingUnsubscribedAt".into(), Value::Null);
        }
        Some(false) => {
            out.insert("emailMarketingUnsubscribedAt".into(), json!(now));
        }
        None => {}
    }
    if let Some(a) = &edit.address {
        let wire = serde_json::to_value(address_to_wire(a)).unwrap_or_default();
        let pruned: Map<String, Value> = wire
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        out.insert("address".into(), Value::Object(pruned));
    }
    Value::Object(out)
}

fn record(w: WireRecord) -> CrmCustomerRecord {
    let text = |v: Option<String>| v.unwrap_or_default();
    CrmCustomerRecord {
        id: w.id.unwrap_or_default(),
        external_id: w.external_id,
        first_name: text(w.first_name),
        last_name: text(w.last_name),
        patronymic: text(w.patronymic),
        email: text(w.email),
        phone: w
            .phones
            .into_iter()
            .find_map(|p| p.number)
            .unwrap_or_default(),
        newsletter: w.email_marketing_unsubscribed_at.is_none(),
        address: w.address.as_ref().map(address_from_wire),
        created_at: text(w.created_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cm_2_body_carries_only_what_is_set_and_clears_the_unsubscription() {
        let edit = CrmCustomerEdit {
            email: Some("a@b.ru".into()),
            phone: Some(String::new()),
            newsletter: Some(true),
            ..CrmCustomerEdit::default()
        };
        assert_eq!(
            body(&edit, "2026-01-01 00:00:00"),
            json!({"email": "a@b.ru", "phones": [], "emailMarketingUnsubscribedAt": null})
        );
        let off = CrmCustomerEdit {
            newsletter: Some(false),
            address: Some(Address {
                city: Some("Tver".into()),
                ..Address::default()
            }),
            ..CrmCustomerEdit::default()
        };
        assert_eq!(
            body(&off, "2026-01-01 00:00:00"),
            json!({"emailMarketingUnsubscribedAt": "2026-01-01 00:00:00", "address": {"city": "Tver"}})
        );
    }
}
