//! CRM ⇄ MoySklad rules (RULES.md block MS). Pure functions over settings,
//! current state, links and the event; the worker gathers the state, runs
//! them and carries out what they return.
//!
//! Files by concern (MS-B1's history pages → changes are the history
//! poll's, `jobs::crm_history::changes`): `order_export` (MS-M1/M3/M4/M5, MS-S2/S9/S12), `counterparty`
//! (MS-B2/B3, MS-C2/C4, MS-S16), `phone` (MS-B2 phone matching), `inbound`
//! (MS-S5, MS-B4), `order_lines` (MS-S5: positions → CRM items),
//! `moysklad_id` (MS-B10: the MoySklad id in a CRM custom field).

pub mod counterparty;
pub mod inbound;
pub mod moysklad_id;
pub mod order_export;
pub mod order_lines;
pub mod phone;

#[cfg(test)]
mod tests;

/// The CRM custom field that shows each linked order's, customer's and
/// corporate customer's MoySklad id (MS-B10).
pub const MOYSKLAD_ID_FIELD: &str = "moysklad_id";
