//! An order event (a notification, the catch-up poll, an SS-1 link) →
//! its deal: created if the storefront is in automatic mode (SS-2), moved
//! forward by the order's new actions (SS-4), showing the order (SS-3).
//!
//! Events are triggers, not data: the order is read from the shop, and
//! what was already done is read from the record, so a notification and
//! the poll bringing the same change, or one notification delivered three
//! times, apply once. Resumable: each write to the CRM is followed by its
//! record; a retry re-reads and finds the deal moved and shown. What is
//! read before a write is `order_reads`', shared with the dry run.

use super::order_reads::{self, Target};
use super::{create, notes, pair, record, watch};
use crate::connectors::webasyst::{Crm, DealStatus, MoveOutcome, Order, ShopScript};
use crate::error::{Error, Result};
use crate::flows::{FlowCtx, Outcome};
use crate::model::Envelope;
use serde_json::json;

pub(super) async fn apply(ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
    let ss = ctx.tenant.shopscript()?;
    let order_id: i64 = envelope
        .external_id
        .parse()
        .map_err(|_| Error::Invalid(format!("order id {:?}", envelope.external_id)))?;
    let tenant = &ctx.tenant.id;
    let linked = pair::deal_of(ctx.store.links.as_ref(), tenant, order_id).await?;
    if linked.is_none() && ss.automatic.is_empty() {
        return Ok(Outcome::Skipped(NOT_AUTOMATIC.into()));
    }
    let shop = ctx.peers.shopscript_of(ctx.tenant)?;
    let Some(order) = shop.order(order_id).await? else {
        return Ok(Outcome::Skipped(ORDER_GONE.into()));
    };
    let crm = ctx.peers.webasyst_crm_of(ctx.tenant)?;
    let deal = match linked {
        Some(deal) => deal,
        None => {
            let stage = match order_reads::automatic(ss, &order) {
                Ok(stage) => stage,
                Err(reason) => return Ok(Outcome::Skipped(reason)),
            };
            let created = order.create_datetime.clone().unwrap_or_default();
            let start = watch::get_or_start(ctx.store.cursors.as_ref(), tenant, &created).await?;
            if let Err(reason) = order_reads::new_enough(&order, &start) {
                return Ok(Outcome::Skipped(reason));
            }
            create::deal_for(ctx, &crm, &order, stage).await?.0
        }
    };
    sync(ctx, envelope, &shop, &crm, &order, deal).await?;
    Ok(Outcome::Applied)
}

/// Why an order without a deal is left alone (SS-1).
pub(crate) const NOT_AUTOMATIC: &str =
    "no deal linked and no storefront in automatic mode (SS-1 links it by hand)";
pub(crate) const ORDER_GONE: &str = "the order is gone from the shop";

/// Brings deal `deal` up to `order`: its new actions' stage (SS-4, only
/// forward), what it shows (SS-3), then the record.
pub(super) async fn sync(
    ctx: &FlowCtx<'_>,
    envelope: &Envelope,
    shop: &ShopScript,
    crm: &Crm,
    order: &Order,
    deal: i64,
) -> Result<()> {
    let ss = ctx.tenant.shopscript()?;
    let (tenant, cursors) = (&ctx.tenant.id, ctx.store.cursors.as_ref());
    let pending = order_reads::pending(cursors, tenant, shop, order.id).await?;
    let mut moved_to = None;
    if pending.mapped(ss) {
        moved_to = forward(ctx, envelope, crm, order.id, deal, &pending.actions()).await?;
    }
    let last_log = pending.last_log;
    if last_log > pending.stored.last_log_id || moved_to.is_some() {
        record::update(cursors, tenant, order.id, |r| {
            r.last_log_id = r.last_log_id.max(last_log);
            if let Some(stage) = moved_to {
                r.deal_stage = Some(stage);
                r.deal_status = Some(DealStatus::Open);
            }
        })
        .await?;
    }
    let fp = match order_reads::shown_change(ss, &pending.stored, order) {
        Some((shown, fp)) => {
            if !crm.patch_deal(deal, &shown_fields(&shown)).await? {
                let message =
                    format!("SS-3: deal {deal} is gone from the CRM: it no longer shows the order");
                notes::once(ctx, envelope, order.id, &message).await?;
            }
            fp
        }
        None => pending.stored.shown.clone().unwrap_or_default(),
    };
    let seen = order.version();
    record::update(cursors, tenant, order.id, |r| {
        r.shown = Some(fp.clone());
        r.seen = Some(seen.clone());
    })
    .await?;
    Ok(())
}

/// The deal fields SS-3 writes.
pub(crate) fn shown_fields(shown: &super::rules::Shown) -> [(&'static str, serde_json::Value); 2] {
    [
        ("description", json!(shown.description)),
        ("amount", json!(shown.amount)),
    ]
}

/// SS-4 order → deal: moves an open deal to the furthest stage its new
/// `actions` map to, if that lies ahead. Returns the stage moved to.
async fn forward(
    ctx: &FlowCtx<'_>,
    envelope: &Envelope,
    crm: &Crm,
    order_id: i64,
    deal_id: i64,
    actions: &[&str],
) -> Result<Option<i64>> {
    let ss = ctx.tenant.shopscript()?;
    let cursors = ctx.store.cursors.as_ref();
    let tenant = &ctx.tenant.id;
    let target = match order_reads::target(cursors, tenant, ss, crm, deal_id, actions, true).await?
    {
        Target::Gone => {
            let message = format!("SS-4: deal {deal_id} is gone from the CRM: not moved");
            notes::once(ctx, envelope, order_id, &message).await?;
            return Ok(None);
        }
        Target::Stays => return Ok(None),
        Target::Move(target) => target,
    };
    match crm.move_deal(deal_id, target, true).await? {
        MoveOutcome::Moved => Ok(Some(target)),
        MoveOutcome::NeedsForm { action_id, .. } => {
            let message = format!(
                "SS-4: the CRM wants a form filled in to move deal {deal_id} to stage {target} \
                 (its own Shop-Script link, action {}): move it in the CRM by hand",
                action_id.as_deref().unwrap_or("?")
            );
            notes::once(ctx, envelope, order_id, &message).await?;
            Ok(None)
        }
        MoveOutcome::NoDeal => Ok(None),
    }
}
