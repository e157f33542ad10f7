//! Sync rules: pure functions from (settings, current state, links, event)
//! to a plan of commands. No I/O here; the worker gathers the state and
//! carries out the plan. Tests are named after the rule ids of RULES.md.

pub mod crm_moysklad;
pub mod moysklad_retail;
pub mod opencart_crm;
pub mod stock;
