//! Customer management across connected systems (CM-1..CM-4,
//! seeds/opencart-customer-management.txt): one list of a system's
//! customers with their links in the other systems, filtered and searched,
//! edited through the systems' own APIs, and exported.
//!
//! | rule | implemented by |
//! |---|---|
//! | CM-1 | `filter` (group, "no group", text or phone search), `source` (OpenCart, RetailCRM, WooCommerce), `links` |
//! | CM-2 | `admin::customers::edit` (through the extension's `customer.*` ops) |
//! | CM-3 | `admin::customers::transactions` (`transaction.list`, `transaction.add`) |
//! | CM-4 | `export/`, `admin::customers::export` (streamed), `export_job/` (background) |
//!
//! - `row`: the customer as listed and exported (`CustomerRow`).
//! - `filter`: CM-1's filter, the one definition of what a list keeps.
//! - `source`: the system a list is read from, behind one face:
//!   `opencart`, `retailcrm` and `woocommerce` read pages, groups and
//!   export pages from each (`window` cuts any page size from a
//!   system's fixed pages).
//! - `links`: each row's linked records in the other systems.
//! - `export_job/`: CM-4 in the background: a queued job writes the file,
//!   reports its progress and publishes it for download.
//! - `export/`: CM-4, the list written as CSV, XLSX, HTML or XML, row by
//!   row so that a long list exports in bounded memory.

pub mod export;
pub mod export_job;
pub mod filter;
pub mod links;
pub mod opencart;
pub mod retailcrm;
pub mod row;
pub mod source;
mod window;
pub mod woocommerce;

pub use row::{CustomerRow, LinkedRecord};
