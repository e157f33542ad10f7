//! OpenCart order → CRM order, with the customer-change rules OC-F1..OC-F4
//! and OC-X1 (seeds/opencart-crm-customer-change.txt).

mod decide;
mod plan;
#[cfg(test)]
mod tests;

pub use decide::{Input, decide, draft, precheck};
pub use plan::{CompanyStep, CorporateStep, CustomerStep, Decision, OrderPlan, OrderStep, Skip};
