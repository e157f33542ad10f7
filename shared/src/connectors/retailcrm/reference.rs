//! The account's reference books (`GET /reference/*`), read for the
//! settings pages' pick lists: shops (`sites`), warehouses (`stores`),
//! order statuses, payment types, payment statuses and delivery types.
//!
//! Shapes (api-client-go `types.go`, api-client-php `References`):
//! `stores` is a list; `sites`, `statuses`, `paymentTypes` and
//! `paymentStatuses` are maps keyed by code, which PHP writes as `[]` when
//! empty (`php::map`). Every entry names its own `code` and `name`.

use super::client::RetailCrm;
use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One entry of a reference book.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CrmReference {
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// Absent on books without the flag (sites): taken as active.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Keyed {
    #[serde(default, deserialize_with = "super::php::map")]
    sites: BTreeMap<String, CrmReference>,
    #[serde(default, deserialize_with = "super::php::map")]
    statuses: BTreeMap<String, CrmReference>,
    #[serde(default, deserialize_with = "super::php::map")]
    payment_types: BTreeMap<String, CrmReference>,
    #[serde(default, deserialize_with = "super::php::map")]
    payment_statuses: BTreeMap<String, CrmReference>,
    #[serde(default, deserialize_with = "super::php::map")]
    delivery_types: BTreeMap<String, CrmReference>,
}

#[derive(Deserialize)]
struct Listed {
    #[serde(default)]
    stores: Vec<CrmReference>,
}

/// The books `reference_book` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrmBook {
    Sites,
    Stores,
    Statuses,
    PaymentTypes,
    PaymentStatuses,
    DeliveryTypes,
}

impl CrmBook {
    fn path(self) -> &'static str {
        match self {
            CrmBook::Sites => "reference/sites",
            CrmBook::Stores => "reference/stores",
            CrmBook::Statuses => "reference/statuses",
            CrmBook::PaymentTypes => "reference/payment-types",
            CrmBook::PaymentStatuses => "reference/payment-statuses",
            CrmBook::DeliveryTypes => "reference/delivery-types",
        }
    }
}

impl RetailCrm {
    /// One reference book's entries, by code.
    pub async fn reference_book(&self, book: CrmBook) -> Result<Vec<CrmReference>> {
        if book == CrmBook::Stores {
            let answer: Listed = self.get(book.path(), Vec::new()).await?;
            return Ok(answer.stores);
        }
        let answer: Keyed = self.get(book.path(), Vec::new()).await?;
        let map = match book {
            CrmBook::Sites => answer.sites,
            CrmBook::Statuses => answer.statuses,
            CrmBook::PaymentTypes => answer.payment_types,
            CrmBook::DeliveryTypes => answer.delivery_types,
            _ => answer.payment_statuses,
        };
        Ok(map.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_books_accept_php_empty_arrays() {
        let empty: Keyed = serde_json::from_str(r#"{"success":true,"statuses":[]}"#).unwrap();
        assert!(empty.statuses.is_empty());
        let full: Keyed = serde_json::from_str(
            r#"{"statuses":{"new":{"code":"new","name":"New","active":true}}}"#,
        )
        .unwrap();
        assert_eq!(full.statuses["new"].name, "New");
    }
}
