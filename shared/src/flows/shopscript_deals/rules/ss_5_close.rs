//! SS-5: closing a deal completes (won) or deletes (lost) its order, with
//! no mapping needed.
//!
//! Fallback (the seed is silent): Shop-Script's `paid` and `completed`
//! states offer no Delete, only Refund. A lost deal never refunds: a
//! refund runs the payment plugin's refund (money leaves the merchant's
//! account) and cannot be undone, while "lost" in a CRM is often a
//! manager's bookkeeping. So the order is left as it is and the journal
//! says why and what to do. The same holds wherever the shop's workflow
//! offers no Delete (or, for a won deal, no Complete): the shop's own
//! answer (404 "Available action not found") decides, not a list kept here.

use super::OrderStep;

/// The step for an order whose deal was closed (`won` or lost), the order
/// being in `state`.
pub fn close_step(won: bool, order: &str, state: &str) -> OrderStep {
    if won {
        if state == "completed" {
            return OrderStep::Nothing("SS-5: the deal is won and the order completed".into());
        }
        OrderStep::Run {
            action: "complete".into(),
            unavailable: format!(
                "SS-5: the deal was won, but order {order} is {state:?}, which offers no \
                 Complete: the order was left as it is"
            ),
        }
    } else {
        if state == "deleted" {
            return OrderStep::Nothing("SS-5: the deal is lost and the order deleted".into());
        }
        OrderStep::Run {
            action: "delete".into(),
            unavailable: format!(
                "SS-5: the deal was lost, but order {order} is {state:?}, which offers no \
                 Delete (a paid or completed order only offers Refund): the order was neither \
                 deleted nor refunded; refund it in the shop if the money must go back"
            ),
        }
    }
}
