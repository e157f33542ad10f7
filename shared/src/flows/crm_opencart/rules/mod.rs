//! CRM order → OpenCart order: the customer-change rules of the reverse
//! direction, OC-R1..OC-R5 (seeds/opencart-crm-customer-change.txt,
//! "Reverse direction"). Pure: the worker gathers the state.

mod decide;
mod fit;
#[cfg(test)]
mod tests;
mod view;

pub use decide::{Decision, company_name, decide};
pub use fit::{Compare, differs, fit, same_company, storable_email};
pub use view::{Account, Input, Skip, buyer_changed, concerns_buyer, person, person_id, precheck};
