//! A deal event (the deal poll) → its order: a deal moved to a mapped
//! stage runs the stage's action (SS-4), never backwards (SS-6); a closed
//! deal completes (won) or deletes (lost) the order (SS-5).
//!
//! The event is the deal as the poll saw it; deals of one id are handled
//! in order, so a deal dragged back and forth is judged move by move. A
//! deal as last seen or set (our own move, a renamed deal) costs no call.

use super::rules::{self, OrderStep};
use super::{notes, pair, record};
use crate::connectors::webasyst::{ActionOutcome, DealStatus};
use crate::error::{Error, Result};
use crate::flows::{FlowCtx, Outcome};
use crate::model::Envelope;
use serde::Deserialize;

/// What the poll saw of a deal.
#[derive(Debug, Deserialize)]
struct Seen {
    id: i64,
    funnel_id: i64,
    stage_id: i64,
    status_id: DealStatus,
}

pub(super) async fn apply(ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
    let ss = ctx.tenant.shopscript()?;
    let deal: Seen = serde_json::from_value(envelope.payload.clone())
        .map_err(|e| Error::Invalid(format!("deal event: {e}")))?;
    let (tenant, cursors) = (&ctx.tenant.id, ctx.store.cursors.as_ref());
    let Some(order_id) = pair::order_of(ctx.store.links.as_ref(), tenant, deal.id).await? else {
        return Ok(Outcome::Skipped("the deal is linked to no order".into()));
    };
    let (stored, _) = record::load(cursors, tenant, order_id).await?;
    if stored.deal_stage == Some(deal.stage_id) && stored.deal_status == Some(deal.status_id) {
        return Ok(Outcome::Skipped(
            "the deal has not moved since last seen".into(),
        ));
    }
    let action = ss.action_for_stage(deal.funnel_id as u64, deal.stage_id as u64);
    let outcome = match (deal.status_id, action) {
        (DealStatus::Open, None) => {
            Outcome::Skipped("SS-4: the deal's stage runs no order action".into())
        }
        (status, action) => {
            step(ctx, envelope, order_id, status, action).await?;
            Outcome::Applied
        }
    };
    record::update(cursors, tenant, order_id, |r| {
        r.deal_stage = Some(deal.stage_id);
        r.deal_status = Some(deal.status_id);
    })
    .await?;
    Ok(outcome)
}

/// Reads the order's state, asks the rules, carries the step out.
async fn step(
    ctx: &FlowCtx<'_>,
    envelope: &Envelope,
    order_id: i64,
    status: DealStatus,
    action: Option<&str>,
) -> Result<()> {
    let ss = ctx.tenant.shopscript()?;
    let shop = ctx.peers.shopscript_of(ctx.tenant)?;
    let label = rules::number(ss, order_id);
    let Some(order) = shop.order(order_id).await? else {
        let message =
            format!("order {label} is gone from the shop: the deal's move is not applied");
        return notes::once(ctx, envelope, order_id, &message).await;
    };
    let state = order.state_id.as_str();
    let step = match (status, action) {
        (DealStatus::Won, _) => rules::close_step(true, &label, state),
        (DealStatus::Lost, _) => rules::close_step(false, &label, state),
        (DealStatus::Open, Some(action)) => rules::stage_step(ss, &label, state, action),
        (DealStatus::Open, None) => return Ok(()),
    };
    match step {
        OrderStep::Run {
            action,
            unavailable,
        } => match shop.run_action(order_id, &action).await? {
            ActionOutcome::Done => Ok(()),
            ActionOutcome::Unavailable => notes::once(ctx, envelope, order_id, &unavailable).await,
            ActionOutcome::NoOrder => {
                let message = format!("order {label} is gone from the shop: {action} not run");
                notes::once(ctx, envelope, order_id, &message).await
            }
        },
        OrderStep::Nothing(_) => Ok(()),
        OrderStep::Refuse(why) => notes::once(ctx, envelope, order_id, &why).await,
    }
}
