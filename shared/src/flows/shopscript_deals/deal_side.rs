//! A deal event (the deal poll) → its order: a deal moved to a mapped
//! stage runs the stage's action (SS-4), never backwards (SS-6); a closed
//! deal completes (won) or deletes (lost) the order (SS-5).
//!
//! The event is the deal as the poll saw it; deals of one id are handled
//! in order, so a deal dragged back and forth is judged move by move. A
//! deal as last seen or set (our own move, a renamed deal) costs no call.
//! `plan` reads only and is shared with the dry run
//! (`flows::dry_run::shopscript`); `apply` carries it out.

use super::rules::{self, OrderStep};
use super::{notes, pair, record};
use crate::connectors::webasyst::{ActionOutcome, DealStatus, ShopScript};
use crate::error::{Error, Result};
use crate::flows::{FlowCtx, Outcome};
use crate::model::{Envelope, TenantId};
use crate::settings::ShopScriptSettings;
use crate::store::Store;
use serde::Deserialize;

/// What the poll saw of a deal.
#[derive(Debug, Deserialize)]
pub(crate) struct Seen {
    pub id: i64,
    pub funnel_id: i64,
    pub stage_id: i64,
    pub status_id: DealStatus,
}

/// What a deal's state asks of its order.
pub(crate) enum Plan {
    /// Nothing, and the record is left as it is.
    Skip(String),
    /// `step` for order `order_id`, then the deal recorded as seen.
    Settle { order_id: i64, step: Step },
}

pub(crate) enum Step {
    /// The deal's stage runs no action (SS-4).
    NoAction(String),
    /// The order is gone from the shop: this journal entry.
    OrderGone(String),
    Order(OrderStep),
}

/// The plan for `deal` as the poll saw it. Reads only.
pub(crate) async fn plan(
    store: &Store,
    tenant: &TenantId,
    ss: &ShopScriptSettings,
    shop: &ShopScript,
    deal: &Seen,
) -> Result<Plan> {
    let Some(order_id) = pair::order_of(store.links.as_ref(), tenant, deal.id).await? else {
        return Ok(Plan::Skip("the deal is linked to no order".into()));
    };
    let (stored, _) = record::load(store.cursors.as_ref(), tenant, order_id).await?;
    if stored.deal_stage == Some(deal.stage_id) && stored.deal_status == Some(deal.status_id) {
        return Ok(Plan::Skip("the deal has not moved since last seen".into()));
    }
    let action = ss.action_for_stage(deal.funnel_id as u64, deal.stage_id as u64);
    let label = rules::number(ss, order_id);
    let step = match (deal.status_id, action) {
        (DealStatus::Open, None) => {
            Step::NoAction("SS-4: the deal's stage runs no order action".into())
        }
        (status, action) => match shop.order(order_id).await? {
            None => Step::OrderGone(format!(
                "order {label} is gone from the shop: the deal's move is not applied"
            )),
            Some(order) => {
                let state = order.state_id.as_str();
                Step::Order(match (status, action) {
                    (DealStatus::Won, _) => rules::close_step(true, &label, state),
                    (DealStatus::Lost, _) => rules::close_step(false, &label, state),
                    (DealStatus::Open, Some(action)) => {
                        rules::stage_step(ss, &label, state, action)
                    }
                    (DealStatus::Open, None) => unreachable!("matched above"),
                })
            }
        },
    };
    Ok(Plan::Settle { order_id, step })
}

pub(super) async fn apply(ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
    let ss = ctx.tenant.shopscript()?;
    let deal: Seen = serde_json::from_value(envelope.payload.clone())
        .map_err(|e| Error::Invalid(format!("deal event: {e}")))?;
    let (tenant, cursors) = (&ctx.tenant.id, ctx.store.cursors.as_ref());
    let shop = ctx.peers.shopscript_of(ctx.tenant)?;
    let (order_id, step) = match plan(ctx.store, tenant, ss, &shop, &deal).await? {
        Plan::Skip(reason) => return Ok(Outcome::Skipped(reason)),
        Plan::Settle { order_id, step } => (order_id, step),
    };
    let outcome = match step {
        Step::NoAction(reason) => Outcome::Skipped(reason),
        Step::OrderGone(message) => {
            notes::once(ctx, envelope, order_id, &message).await?;
            Outcome::Applied
        }
        Step::Order(step) => {
            run(ctx, envelope, &shop, order_id, step).await?;
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

/// Carries the order's step out.
async fn run(
    ctx: &FlowCtx<'_>,
    envelope: &Envelope,
    shop: &ShopScript,
    order_id: i64,
    step: OrderStep,
) -> Result<()> {
    match step {
        OrderStep::Run {
            action,
            unavailable,
        } => match shop.run_action(order_id, &action).await? {
            ActionOutcome::Done => Ok(()),
            ActionOutcome::Unavailable => notes::once(ctx, envelope, order_id, &unavailable).await,
            ActionOutcome::NoOrder => {
                let label = rules::number(ctx.tenant.shopscript()?, order_id);
                let message = format!("order {label} is gone from the shop: {action} not run");
                notes::once(ctx, envelope, order_id, &message).await
            }
        },
        OrderStep::Nothing(_) => Ok(()),
        OrderStep::Refuse(why) => notes::once(ctx, envelope, order_id, &why).await,
    }
}
