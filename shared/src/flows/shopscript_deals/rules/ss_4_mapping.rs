//! SS-4: per funnel, stages map to order actions both ways.
//!
//! Deal → order (`stage_step`): a deal moved to a mapped stage runs the
//! stage's action, if the order's state offers it (the shop answers that),
//! and never backwards (SS-6: an action whose target state lies behind the
//! order's on the path is refused and journalled; one that leads where the
//! order already is does nothing).
//!
//! Order → deal (`deal_target`): the order's new actions move the deal to
//! their mapped stage, only forward, as the CRM's own integration does
//! (`crmShopOrder_actionHandler::getStage`: a stage at or before the
//! deal's is left alone); of several new actions the furthest stage wins.

use super::OrderStep;
use super::ss_6_forward::rank;
use crate::connectors::webasyst::Funnel;
use crate::settings::ShopScriptSettings;

/// The step for an order in `state` whose deal moved to a stage mapped to
/// `action` (`order`: how the journal names it).
pub fn stage_step(ss: &ShopScriptSettings, order: &str, state: &str, action: &str) -> OrderStep {
    let target = ss.action_state(action);
    if target == Some(state) {
        return OrderStep::Nothing(format!("SS-4: order {order} is {state:?} already"));
    }
    if let (Some(to), Some(now)) = (target.and_then(rank), rank(state))
        && to < now
    {
        return OrderStep::Refuse(format!(
            "SS-6: the deal moved back to the stage of {action:?}, but order {order} is \
             {state:?} already and orders move forward only: not applied"
        ));
    }
    OrderStep::Run {
        action: action.to_owned(),
        unavailable: format!(
            "SS-4: the deal moved to the stage of {action:?}, which order {order} ({state:?}) \
             does not offer now: not applied"
        ),
    }
}

/// The stage of `funnel` the order's new `actions` move a deal at
/// `current` to, if any lies ahead of it.
pub fn deal_target(
    ss: &ShopScriptSettings,
    funnel: &Funnel,
    current: i64,
    actions: &[&str],
) -> Option<i64> {
    let position = |stage: i64| {
        funnel
            .stages
            .iter()
            .position(|s| s.id == stage)
            .map(|i| (funnel.stages[i].number.unwrap_or(i as i64), i))
    };
    let here = position(current)?;
    actions
        .iter()
        .filter_map(|a| ss.stage_for_action(funnel.id as u64, a))
        .filter_map(|stage| Some((position(stage as i64)?, stage as i64)))
        .filter(|(at, _)| *at > here)
        .max_by_key(|(at, _)| *at)
        .map(|(_, stage)| stage)
}
