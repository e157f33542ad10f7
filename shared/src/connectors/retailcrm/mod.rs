//! RetailCRM API v5 connector.
//!
//! Protocol (see DESIGN.md): `X-API-KEY` header; POST bodies are
//! `application/x-www-form-urlencoded` with JSON-encoded entity fields
//! (`customer=`, `customerCorporate=`, `order=`, `address=`, `company=`,
//! `contact=`) plus `site=` and `by=`; errors are
//! `{"success":false,"errorMsg":..,"errors":{..}}`; 503, 429, other 5xx and
//! network failures are retried with backoff, 4xx never.
//!
//! Files by concern: `client` (handle + transport; retries by the shared
//! `connectors::RetryPolicy`, throttling by the key's `budget`),
//! `errors` (HTTP answer → `synclane::Error`), `wire` (the API's JSON),
//! `mapping` (canonical ⇄ wire), `phone` (phone matching), and one file per
//! resource group: `customers` (`customer_pages`: the whole list page by page), `corporate` (`corporate_keys`: the list's match keys), `orders`, `inventories`
//! (`corporate_parts` adds addresses, companies and contacts; `details` reads
//! and `patch` edits what the MoySklad sync needs; `order_buyer` reads an
//! order's buyer side for the CRM → OpenCart flow; `reference` reads
//! the reference books the settings pages pick from). `php` reads PHP's shapes
//! of maps (`[]` for an empty one) on every map-typed answer field.

mod client;
mod corporate;
mod corporate_keys;
mod corporate_parts;
mod custom_fields;
mod customer_admin;
mod customer_keys;
mod customer_list;
mod customer_pages;
mod customers;
mod details;
mod errors;
#[cfg(test)]
mod fuzz_tests;
mod history;
mod inventories;
mod mapping;
mod offer_pages;
mod order_buyer;
mod order_details;
mod order_pages;
mod orders;
mod packs;
mod patch;
mod phone;
mod php;
mod reference;
mod retail;
mod retail_types;
mod retail_wire;
mod tasks;
mod types;
mod wire;

pub use client::RetailCrm;
pub use corporate_keys::CrmCorporateKeys;
pub use custom_fields::{CrmDictionaryElement, CrmFieldDefinition};
pub use customer_admin::{CrmCustomerEdit, CrmCustomerRecord};
pub use customer_keys::CrmCustomerKeys;
pub use customer_list::{CustomerPage, LIST_LIMITS, ListedCustomer};
pub use customer_pages::{CUSTOMER_PAGE, CrmContact, CrmContactPage};
pub use details::{CrmContragent, CrmCustomerDetails};
pub use history::{HISTORY_PAGE, HistoryEntry, HistoryFeed};
pub use inventories::{InventoryOffer, InventoryStore, UPLOAD_LIMIT, UploadOutcome};
pub use offer_pages::{CrmOfferKeys, CrmOfferPage, PRODUCT_PAGE};
pub use order_buyer::CrmOrderBuyer;
pub use order_details::{CrmDelivery, CrmLine, CrmOrderDetails};
pub use order_pages::{CrmOrderRef, CrmOrderRefPage, ORDER_PAGE};
pub use packs::CrmPack;
pub use patch::{CorporatePatch, CustomerPatch, ItemEdit, OrderPatch};
pub use phone::{phone_key, same_phone};
pub use reference::{CrmBook, CrmReference};
pub use retail_types::{
    CrmItem, CrmPayment, CrmRetailOrder, DeliveryFields, NewRetailOrder, OrderFields,
    RetailOrderPatch,
};
pub use tasks::{CrmTask, CrmUser};
pub use types::{By, CrmBuyer, CrmCorporate, CrmCustomer, CrmOrder, NewCorporate, NewOrder};
