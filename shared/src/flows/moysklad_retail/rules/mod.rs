//! MoySklad retail sale → CRM order and buyer (seed `crm-moysklad-integration`,
//! sections "Розница", "Корпоративные клиенты", "Смена клиента"; rules MS-R1..R4,
//! MS-C3, MS-C5). Pure: the worker reads the sale, its sibling sales, the CRM
//! order and the buyer's CRM records, and carries out what these functions say.
//!
//! - `buyer`: MS-C3 / MS-C5 — who the CRM buyer is, what to create for it.
//! - `lines`: MS-R2 line reconciliation; all lines for a new order (MS-R1).
//! - `payments`: MS-R3 — the payments to add.
//! - `fields`: MS-R4 — custom and standard fields.
//! - `decide`: MS-R1 — create the order or patch the linked one.

mod buyer;
mod decide;
mod fields;
mod input;
mod lines;
mod payments;
#[cfg(test)]
mod tests;

pub use buyer::{BuyerPlan, ContactMatch, CorporateContact, CorporatePlan, PersonStep, plan_buyer};
pub use decide::{Decision, Input, OrderStep, Plan, decide};
pub use fields::order_fields;
pub use input::{AttrValue, PayChannel, Sale, SaleAttribute, SaleBuyer, SaleLine, SalePayment};
pub use lines::{new_order_items, reconcile};
pub use payments::{desired_payments, missing_payments};
