//! The customer as WooCommerce REST v3 shows it, and what we write.
//!
//! Reads default every field (WooCommerce sends `""` for unset text and a
//! plugin may drop fields). Writes carry only the fields we mean to set:
//! WooCommerce leaves absent fields untouched, and `role`/`username` are
//! never sent (read-only / not editable).

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A customer account (`GET /customers/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WooCustomer {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// Read-only here; `customer` unless a plugin or a manager changed it.
    pub role: String,
    pub username: String,
    /// `"2024-05-01T10:00:00"`, the site's time zone.
    pub date_created: String,
    pub billing: WooAddress,
    pub shipping: WooAddress,
    pub meta_data: Vec<WooMeta>,
}

impl WooCustomer {
    /// The value of a user meta, if set (a non-string value as its JSON text).
    pub fn meta(&self, key: &str) -> Option<String> {
        self.meta_data
            .iter()
            .find(|m| m.key == key)
            .map(|m| match &m.value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
    }
}

/// A billing or shipping address as read (`billing.email`/`phone` exist on
/// billing only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WooAddress {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub address_1: String,
    pub address_2: String,
    pub city: String,
    pub state: String,
    pub postcode: String,
    pub country: String,
    pub email: String,
    pub phone: String,
}

/// One `meta_data` entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WooMeta {
    pub id: Option<i64>,
    pub key: String,
    pub value: Value,
}

/// The fields of a create or an update; `None` fields are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CustomerWrite {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Write-only. `Debug` prints `Secret(***)`; the body carries the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    #[serde(skip_serializing_if = "BillingWrite::is_empty")]
    pub billing: BillingWrite,
    /// The same fields; WooCommerce ignores `email` on shipping.
    #[serde(skip_serializing_if = "BillingWrite::is_empty")]
    pub shipping: BillingWrite,
    /// Updated by key: an existing entry with the key gets the new value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub meta_data: Vec<MetaWrite>,
}

impl CustomerWrite {
    /// Nothing to send.
    pub fn is_empty(&self) -> bool {
        *self == CustomerWrite::default()
    }
}

/// Billing (or shipping) fields to set; `None` is not sent, `Some("")` clears.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BillingWrite {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl BillingWrite {
    pub fn is_empty(&self) -> bool {
        *self == BillingWrite::default()
    }
}

/// A user meta to set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaWrite {
    pub key: String,
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_carry_only_what_is_set_and_debug_hides_the_password() {
        let w = CustomerWrite {
            email: Some("a@b.fr".into()),
            password: Some(Secret::new("p4ss-very-secret")),
            billing: BillingWrite {
                company: Some("ACME".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"email":"a@b.fr","password":"p4ss-very-secret","billing":{"company":"ACME"}})
        );
        assert!(!format!("{w:?}").contains("p4ss"));
    }

    #[test]
    fn reads_tolerate_missing_fields_and_read_meta() {
        let c: WooCustomer = serde_json::from_str(
            r#"{"id":7,"email":"a@b.fr","meta_data":[{"id":1,"key":"b2bking_account_approved","value":"no"},{"key":"n","value":3}]}"#,
        )
        .unwrap();
        assert_eq!(c.meta("b2bking_account_approved").as_deref(), Some("no"));
        assert_eq!(c.meta("n").as_deref(), Some("3"));
        assert_eq!(c.meta("other"), None);
    }
}
