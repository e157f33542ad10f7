//! The flow's pure rules: settings and the peers' state in, a decision
//! out. No I/O here; `order_side` and `deal_side` carry the decisions out.

mod ss_2_automatic;
mod ss_3_description;
mod ss_4_mapping;
mod ss_5_close;
mod ss_6_forward;
#[cfg(test)]
mod tests;

pub use ss_2_automatic::{automatic_stage, qualifies};
pub use ss_3_description::{Shown, deal_name, number, shown};
pub use ss_4_mapping::{deal_target, stage_step};
pub use ss_5_close::close_step;
pub use ss_6_forward::rank;

/// What to do to an order after its deal moved or closed (SS-4, SS-5, SS-6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderStep {
    /// Run `action`; if the order's state does not offer it, journal
    /// `unavailable` and leave the order as it is.
    Run { action: String, unavailable: String },
    /// Nothing to do, and why (the order is there already, the stage maps
    /// to no action).
    Nothing(String),
    /// Not applied, and journalled: why.
    Refuse(String),
}
