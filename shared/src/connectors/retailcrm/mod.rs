//! RetailCRM API v5 connector.
//!
//! Protocol (see DESIGN.md): `X-API-KEY` header; POST bodies are
//! `application/x-www-form-urlencoded` with JSON-encoded entity fields
//! (`customer=`, `customerCorporate=`, `order=`) plus `site=` and `by=`;
//! errors are `{"success":false,"errorMsg":..,"errors":{..}}`; 503 and
//! timeouts are retried with backoff, other 4xx are not.

mod client;
mod types;

pub use client::RetailCrm;
pub use types::{By, CrmBuyer, CrmCorporate, CrmCustomer, CrmOrder, NewCorporate, NewOrder};
