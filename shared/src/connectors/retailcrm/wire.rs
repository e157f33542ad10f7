//! The API's JSON, as serde structs. Every field is optional: the CRM omits
//! what is empty, and we send only what we mean to write (`to_field` drops
//! absent fields, because a present `null` would clear the CRM's value).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WirePhone {
    pub number: Option<String>,
}

/// A customer or corporate address (also an order's `delivery.address`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireAddress {
    pub id: Option<i64>,
    pub is_main: Option<bool>,
    pub name: Option<String>,
    pub index: Option<String>,
    pub country_iso: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub text: Option<String>,
    pub notes: Option<String>,
}

/// Legal details (`contragent`) of a company or an order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireContragent {
    pub contragent_type: Option<String>,
    pub legal_name: Option<String>,
    pub legal_address: Option<String>,
    #[serde(rename = "INN")]
    pub inn: Option<String>,
    #[serde(rename = "KPP")]
    pub kpp: Option<String>,
    #[serde(rename = "OGRN")]
    pub ogrn: Option<String>,
    #[serde(rename = "BIK")]
    pub bik: Option<String>,
    pub bank: Option<String>,
    pub corr_account: Option<String>,
    pub bank_account: Option<String>,
}

/// A private customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireCustomer {
    pub id: Option<i64>,
    pub external_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub patronymic: Option<String>,
    pub email: Option<String>,
    pub phones: Option<Vec<WirePhone>>,
    pub address: Option<WireAddress>,
}

/// A reference to another record: `{id}` or `{externalId}`; the CRM adds
/// `type` (`customer` / `customer_corporate`) and names on reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireRef {
    pub id: Option<i64>,
    pub external_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// A contact person of a corporate customer: an ordinary customer by reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireContact {
    pub id: Option<i64>,
    pub is_main: Option<bool>,
    pub customer: Option<WireRef>,
}

/// A company of a corporate customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireCompany {
    pub id: Option<i64>,
    pub is_main: Option<bool>,
    pub name: Option<String>,
    pub contragent: Option<WireContragent>,
    pub address: Option<WireRef>,
}

/// A corporate customer (`customerCorporate`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireCorporate {
    pub id: Option<i64>,
    pub external_id: Option<String>,
    pub nick_name: Option<String>,
    pub customer_contacts: Option<Vec<WireContact>>,
    pub companies: Option<Vec<WireCompany>>,
    pub addresses: Option<Vec<WireAddress>>,
    /// Values by field code; an edit merges them into the record's. `[]` when empty (PHP).
    #[serde(deserialize_with = "super::php::opt_map")]
    pub custom_fields: Option<std::collections::BTreeMap<String, serde_json::Value>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireOffer {
    pub id: Option<i64>,
    pub external_id: Option<String>,
    pub xml_id: Option<String>,
    pub name: Option<String>,
}

/// An order line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireItem {
    pub id: Option<i64>,
    pub offer: Option<WireOffer>,
    pub product_name: Option<String>,
    pub initial_price: Option<f64>,
    pub quantity: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireDelivery {
    pub address: Option<WireAddress>,
}

/// An order. A corporate order is `customer` = the corporate customer,
/// `contact` = its contact person, `company` = one of its companies and
/// `contragent.contragentType` = `legal-entity` (as the official OpenCart
/// module writes it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireOrder {
    pub id: Option<i64>,
    pub external_id: Option<String>,
    pub number: Option<String>,
    pub status: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub patronymic: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub customer: Option<WireRef>,
    pub contact: Option<WireRef>,
    pub company: Option<WireRef>,
    pub contragent: Option<WireContragent>,
    pub delivery: Option<WireDelivery>,
    pub items: Option<Vec<WireItem>>,
    pub customer_comment: Option<String>,
}

/// The `pagination` object of list answers.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Pagination {
    pub limit: u32,
    pub total_count: u32,
    pub current_page: u32,
    pub total_page_count: u32,
}

/// A list answer: its records and its pagination.
pub(super) trait Paged {
    type Item;
    fn into_parts(self) -> (Vec<Self::Item>, Option<Pagination>);
}

/// Answers with one record (or an id).
macro_rules! single_answers {
    ($($name:ident { $field:ident : $ty:ty };)*) => {$(
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub(super) struct $name {
            pub $field: $ty,
        }
    )*};
}

/// List answers: records under `$field`, plus `pagination`.
macro_rules! list_answers {
    ($($name:ident { $field:ident : $item:ty };)*) => {$(
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub(super) struct $name {
            pub $field: Vec<$item>,
            #[serde(default)]
            pub pagination: Option<Pagination>,
        }
        impl Paged for $name {
            type Item = $item;
            fn into_parts(self) -> (Vec<$item>, Option<Pagination>) {
                (self.$field, self.pagination)
            }
        }
    )*};
}

single_answers! {
    IdAnswer { id: i64 };
    CustomerAnswer { customer: WireCustomer };
    CorporateAnswer { customer_corporate: WireCorporate };
    OrderAnswer { order: WireOrder };
}

list_answers! {
    CustomersAnswer { customers: WireCustomer };
    CorporatesAnswer { customers_corporate: WireCorporate };
    AddressesAnswer { addresses: WireAddress };
    CompaniesAnswer { companies: WireCompany };
    ContactsAnswer { contacts: WireContact };
}

/// A form field's JSON: the value without its absent (`null`) fields.
pub(super) fn to_field<T: Serialize>(value: &T) -> String {
    fn prune(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => m
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, prune(v)))
                .collect(),
            serde_json::Value::Array(a) => a.into_iter().map(prune).collect(),
            other => other,
        }
    }
    // Serialising these plain structs cannot fail.
    prune(serde_json::to_value(value).unwrap_or_default()).to_string()
}
