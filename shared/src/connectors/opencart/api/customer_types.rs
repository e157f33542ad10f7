//! Customers, their addresses, groups and transactions as the API reads and
//! writes them (API.md §4, §5). Values read from the shop's database come
//! as strings (`"7"`, `"10.0000"`); ids and flags are parsed, amounts kept
//! as the shop writes them.

use super::super::numbers;
use super::order_types::AddressFields;
use serde::{Deserialize, Serialize};

/// A `customer` row without its secrets (plus `customer_group` in list rows).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OcCustomer {
    #[serde(deserialize_with = "numbers::int")]
    pub customer_id: i64,
    #[serde(deserialize_with = "numbers::int")]
    pub customer_group_id: i64,
    #[serde(deserialize_with = "numbers::text")]
    pub firstname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub lastname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub email: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub telephone: Option<String>,
    /// `"1"`: subscribed to the newsletter.
    #[serde(deserialize_with = "numbers::int")]
    pub newsletter: i64,
    /// `"1"`: the account is active.
    #[serde(deserialize_with = "numbers::int")]
    pub status: i64,
    /// The IP address of registration (read-only).
    #[serde(deserialize_with = "numbers::text")]
    pub ip: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub date_added: Option<String>,
    /// The group's name (list rows only).
    #[serde(deserialize_with = "numbers::text")]
    pub customer_group: Option<String>,
}

/// One of a customer's addresses.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OcAddress {
    #[serde(deserialize_with = "numbers::int")]
    pub address_id: i64,
    #[serde(deserialize_with = "numbers::text")]
    pub firstname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub lastname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub company: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub address_1: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub address_2: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub city: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub postcode: Option<String>,
    #[serde(deserialize_with = "numbers::int")]
    pub country_id: i64,
    #[serde(deserialize_with = "numbers::int")]
    pub zone_id: i64,
    #[serde(deserialize_with = "numbers::text")]
    pub iso_code_2: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub zone: Option<String>,
    /// `"1"` for the default address.
    #[serde(deserialize_with = "numbers::int")]
    pub default: i64,
}

/// A login address of a customer (read-only).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OcIp {
    pub ip: String,
    pub country: String,
    pub date_added: String,
}

/// `customer.get`, `customer.create` and `customer.update` answers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OcCustomerRecord {
    #[serde(deserialize_with = "numbers::int")]
    pub customer_id: i64,
    pub customer: OcCustomer,
    #[serde(default)]
    pub addresses: Vec<OcAddress>,
    #[serde(default)]
    pub ips: Vec<OcIp>,
}

/// `customer.list`'s answer: one page of rows ordered by id.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CustomerPage {
    pub customers: Vec<OcCustomer>,
    pub total: u64,
    pub page: u64,
    pub limit: u64,
}

/// `customer.list`'s filter on the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupFilter {
    Group(i64),
    /// Customers whose group does not exist (0 or deleted).
    NoGroup,
}

/// `customer.list`'s parameters; `None` leaves the extension's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerQuery {
    pub page: Option<u32>,
    /// 1 to 200 (default 50).
    pub limit: Option<u32>,
    pub group: Option<GroupFilter>,
    /// Substring of "firstname lastname", e-mail or telephone.
    pub search: Option<String>,
}

/// An address to write to a customer's address book.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CustomerAddress {
    /// An existing address of this customer, to keep its id (`customer.update`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_id: Option<i64>,
    #[serde(flatten)]
    pub fields: AddressFields,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
}

/// The body of `customer.create` (required: group, names, e-mail) and
/// `customer.update` (all optional; `addresses`, when given, is the complete
/// new address book).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CustomerFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_group_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newsletter: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<CustomerAddress>>,
}

/// What `customer.create` did.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    Customer(Box<OcCustomerRecord>),
    /// Another customer has this e-mail address (409 `email_exists`).
    EmailTaken {
        customer_id: i64,
    },
}
