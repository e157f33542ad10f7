//! Customer management across connected systems (CM-1..CM-4,
//! seeds/opencart-customer-management.txt): one list of a system's
//! customers with their links in the other systems, filtered and searched,
//! edited through the systems' own APIs, and exported.
//!
//! - `row`: the customer as listed and exported (`CustomerRow`).
//! - `export/`: CM-4, the list written as CSV, XLSX, HTML or XML, row by
//!   row so that a long list exports in bounded memory.

pub mod export;
pub mod row;

pub use row::{CustomerRow, LinkedRecord};
