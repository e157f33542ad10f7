//! The client of the extension's API inside the shop
//! (extensions/opencart/API.md): one URL,
//! `{shop}index.php?route=extension/synclane/api&op={op}`, every request
//! signed with the tenant's shared secret (HMAC-SHA256 over method, route,
//! sorted query, timestamp and body; a 300 s window), JSON errors with
//! stable codes.
//!
//! Retries follow the shared `connectors::RetryPolicy`: reads and the
//! writes that set absolute values (`order.update`, `customer.update`,
//! `customer.delete`) are sent again after a 5xx, 408, 429 or network
//! failure; `customer.create` and `transaction.add`, which would create a
//! second record, are sent again only when the first try never reached the
//! shop, and otherwise only after a look-up shows it did not land.
//! There is no rate budget: the extension states no limit, and a CRM order
//! change costs the shop at most a few calls.
//!
//! Files by concern: `client` (handle, transport, retries), `signing`,
//! `errors` (answers → `synclane::Error`), `order_types` and
//! `customer_types` (the records), and the operations: `orders`,
//! `customers`, `ledger` (groups and transactions).

mod client;
mod customer_types;
mod customers;
mod errors;
mod ledger;
mod order_types;
mod orders;
pub mod signing;

pub use client::{OpenCart, Ping};
pub use customer_types::{
    Created, CustomerAddress, CustomerFields, CustomerPage, CustomerQuery, GroupFilter, OcAddress,
    OcCustomer, OcCustomerRecord, OcIp,
};
pub use errors::refused_field;
pub use ledger::{CustomerGroups, NewTransaction, OcCustomerGroup, OcTransaction, TransactionPage};
pub use order_types::{AddressFields, CustomerSection, OcOrderRecord, OrderChanges};
