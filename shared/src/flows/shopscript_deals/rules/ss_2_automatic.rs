//! SS-2 automatic mode: every new order of a storefront in automatic mode
//! gets a deal in that storefront's funnel and stage.
//!
//! "New" is decided against the watch start: the shop's time when
//! Synclane first looked at the shop (the order poll's first run, or the
//! first order event, whichever came first). Orders created before it are
//! the merchant's history: they get a deal only through SS-1, never in a
//! burst because an old order was touched.

use crate::connectors::webasyst::Order;
use crate::settings::ShopScriptSettings;

/// The `(funnel, stage)` a new deal for `order` starts in, if its
/// storefront is in automatic mode.
pub fn automatic_stage(ss: &ShopScriptSettings, order: &Order) -> Option<(u64, u64)> {
    ss.automatic_for(order.storefront())
        .map(|rule| (rule.funnel_id, rule.stage_id))
}

/// Whether `order` is new: created at or after `watch_start` (both in the
/// shop's `Y-m-d H:i:s`, which orders as text).
pub fn qualifies(order: &Order, watch_start: &str) -> bool {
    order
        .create_datetime
        .as_deref()
        .is_some_and(|created| created >= watch_start)
}
