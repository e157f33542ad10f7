//! Orders as the API reads and changes them (API.md §4 `order.get`,
//! `order.update`). The order itself is the same `getOrder()` array the
//! events carry (`wire::OcOrder`).

use super::super::numbers;
use super::super::wire::{HookBody, OcOrder, OcProduct};
use crate::model::Order;
use serde::{Deserialize, Serialize};

/// `order.get` and `order.update` answers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OcOrderRecord {
    #[serde(deserialize_with = "numbers::int")]
    pub order_id: i64,
    pub order: OcOrder,
    #[serde(default)]
    pub products: Vec<OcProduct>,
}

impl OcOrderRecord {
    /// The canonical order, mapped exactly as an order event is.
    pub fn to_order(&self) -> Order {
        super::super::to_order(&self.as_event())
    }

    /// The order as an `editOrder` event would carry it.
    pub fn as_event(&self) -> HookBody {
        HookBody {
            route: "checkout/order/editOrder".into(),
            order_id: self.order_id,
            order: self.order.clone(),
            products: self.products.clone(),
        }
    }
}

/// The body of `order.update`: only what is given is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OrderChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_address: Option<AddressFields>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<AddressFields>,
}

impl OrderChanges {
    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        let empty = |a: &Option<AddressFields>| a.as_ref().is_none_or(AddressFields::is_empty);
        self.customer.as_ref().is_none_or(CustomerSection::is_empty)
            && empty(&self.payment_address)
            && empty(&self.shipping_address)
    }
}

/// An order's Customer section. `customer_id` 0 makes it a guest order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CustomerSection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_group_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    /// Empty, or an e-mail address of at most 96 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
}

impl CustomerSection {
    pub fn is_empty(&self) -> bool {
        *self == CustomerSection::default()
    }
}

/// Members of an address object (an order's payment or shipping address,
/// or a customer's address with `CustomerAddress`). The country goes by
/// `iso_code_2` or `country_id` (one of them); a zone only with a country.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AddressFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso_code_2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<i64>,
}

impl AddressFields {
    pub fn is_empty(&self) -> bool {
        *self == AddressFields::default()
    }
}
