//! SS-6: an order passes new → processing → paid → shipped → completed
//! once and only forward (Shop-Script's default workflow offers no action
//! back); deals move freely. The rank of a state on that path is what
//! tells a forward move from a backward one. `fulfilling` (the default
//! workflow's "Start fulfillment") sits between paid and shipped: it is
//! offered in new, processing and paid, and leads on to shipped and
//! completed. States off the path (auth, pos, pickup, refunded, deleted,
//! custom ones) have no rank: there the shop's workflow alone decides.

/// The path and each state's place on it.
const PATH: &[&str] = &[
    "new",
    "processing",
    "paid",
    "fulfilling",
    "shipped",
    "completed",
];

/// The place of `state` on the path, if it is on it.
pub fn rank(state: &str) -> Option<usize> {
    PATH.iter().position(|s| *s == state)
}
