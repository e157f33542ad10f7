//! CRM ⇄ MoySklad rules (RULES.md block MS). Pure functions over settings,
//! current state, links and the event; the worker gathers the state, runs
//! them and carries out what they return.
//!
//! Files by concern (MS-B1's history pages → changes are the history
//! poll's, `jobs::crm_history::changes`): `order_export` (MS-M1/M3/M4/M5,
//! MS-S9), `positions` (MS-S1/S13, MS-S2/M8, MS-S12, MS-B5), `counterparty`
//! (MS-B2/B3, MS-C2/C4, MS-S16), `phone` (MS-B2 phone matching), `inbound`
//! (MS-S5, MS-B4), `order_lines` (MS-S5: positions → CRM items),
//! `moysklad_id` (MS-B10: the MoySklad id in a CRM custom field); the
//! documents: `shipment` (MS-M6/M7, MS-S14), `cost_prices` (MS-S10/S11),
//! `moves` (MS-S3/S4), `payments` (MS-M9/M10/M11, MS-S15), `copy_fields`
//! (the order's fields on a new document), `custom_fields` (MS-M12),
//! `manager` (MS-C1), `force_delete` (MS-B6), `problems` (MS-B7).

pub mod copy_fields;
pub mod cost_prices;
pub mod counterparty;
pub mod custom_fields;
pub mod force_delete;
pub mod inbound;
pub mod manager;
pub mod moves;
pub mod moysklad_id;
pub mod order_export;
pub mod order_lines;
pub mod payments;
pub mod phone;
pub mod positions;
pub mod problems;
pub mod shipment;

#[cfg(test)]
mod tests;

/// The CRM custom field that shows each linked order's, customer's and
/// corporate customer's MoySklad id (MS-B10).
pub const MOYSKLAD_ID_FIELD: &str = "moysklad_id";
