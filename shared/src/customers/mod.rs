//! Customer management across connected systems (CM-1..CM-4,
//! seeds/opencart-customer-management.txt): one list of a system's
//! customers with their links in the other systems, filtered and searched,
//! edited through the systems' own APIs, and exported.
//!
//! | rule | implemented by |
//! |---|---|
//! | CM-1 | `filter` (group, "no group", text or phone search), `opencart::list`, `links` |
//! | CM-2 | `admin::customers::edit` (through the extension's `customer.*` ops) |
//! | CM-3 | `admin::customers::transactions` (`transaction.list`, `transaction.add`) |
//! | CM-4 | `export/`, `admin::customers::export` (streamed) |
//!
//! - `row`: the customer as listed and exported (`CustomerRow`).
//! - `filter`: CM-1's filter, the one definition of what a list keeps.
//! - `opencart`: pages, groups and exports read from an OpenCart shop.
//! - `links`: each row's linked records in the other systems.
//! - `export/`: CM-4, the list written as CSV, XLSX, HTML or XML, row by
//!   row so that a long list exports in bounded memory.

pub mod export;
pub mod filter;
pub mod links;
pub mod opencart;
pub mod row;

pub use row::{CustomerRow, LinkedRecord};
