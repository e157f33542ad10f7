//! An order event (a notification, the catch-up poll, an SS-1 link) →
//! its deal: created if the storefront is in automatic mode (SS-2), moved
//! forward by the order's new actions (SS-4), showing the order (SS-3).
//!
//! Events are triggers, not data: the order is read from the shop, and
//! what was already done is read from the record, so a notification and
//! the poll bringing the same change, or one notification delivered three
//! times, apply once. Resumable: each write to the CRM is followed by its
//! record; a retry re-reads and finds the deal moved and shown.

use super::rules;
use super::{create, funnels, notes, pair, record, watch};
use crate::connectors::webasyst::{Crm, DealStatus, MoveOutcome, Order, ShopScript};
use crate::error::{Error, Result};
use crate::flows::fingerprint;
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
        return Ok(Outcome::Skipped(
            "no deal linked and no storefront in automatic mode (SS-1 links it by hand)".into(),
        ));
    }
    let shop = ctx.peers.shopscript_of(ctx.tenant)?;
    let Some(order) = shop.order(order_id).await? else {
        return Ok(Outcome::Skipped("the order is gone from the shop".into()));
    };
    let crm = ctx.peers.webasyst_crm_of(ctx.tenant)?;
    let deal = match linked {
        Some(deal) => deal,
        None => {
            let Some((_, stage)) = rules::automatic_stage(ss, &order) else {
                return Ok(Outcome::Skipped(format!(
                    "SS-2: storefront {:?} is not in automatic mode",
                    order.storefront().unwrap_or("(backend)")
                )));
            };
            let created = order.create_datetime.clone().unwrap_or_default();
            let start = watch::get_or_start(ctx.store.cursors.as_ref(), tenant, &created).await?;
            if !rules::qualifies(&order, &start) {
                return Ok(Outcome::Skipped(format!(
                    "SS-2: created before Synclane watched the shop ({start})"
                )));
            }
            create::deal_for(ctx, &crm, &order, stage as i64).await?.0
        }
    };
    sync(ctx, envelope, &shop, &crm, &order, deal).await?;
    Ok(Outcome::Applied)
}

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
    let (stored, _) = record::load(cursors, tenant, order.id).await?;
    let log = shop.log(order.id).await?;
    let last_log = log.iter().map(|e| e.id).max().unwrap_or(0);
    let actions: Vec<&str> = log
        .iter()
        .filter(|e| e.id > stored.last_log_id)
        .filter_map(|e| e.action_id.as_deref())
        .collect();
    let mapped = actions.iter().any(|a| {
        ss.funnels
            .values()
            .any(|stages| stages.values().any(|m| m == a))
    });
    let mut moved_to = None;
    if mapped {
        moved_to = forward(ctx, envelope, crm, order.id, deal, &actions).await?;
    }
    if last_log > stored.last_log_id || moved_to.is_some() {
        record::update(cursors, tenant, order.id, |r| {
            r.last_log_id = r.last_log_id.max(last_log);
            if let Some(stage) = moved_to {
                r.deal_stage = Some(stage);
                r.deal_status = Some(DealStatus::Open);
            }
        })
        .await?;
    }
    let shown = rules::shown(ss, order);
    let fp = fingerprint::of(&shown);
    if stored.shown.as_deref() != Some(fp.as_str()) {
        let fields = [
            ("description", json!(shown.description)),
            ("amount", json!(shown.amount)),
        ];
        if !crm.patch_deal(deal, &fields).await? {
            let message =
                format!("SS-3: deal {deal} is gone from the CRM: it no longer shows the order");
            notes::once(ctx, envelope, order.id, &message).await?;
        }
    }
    let seen = order.version();
    record::update(cursors, tenant, order.id, |r| {
        r.shown = Some(fp.clone());
        r.seen = Some(seen.clone());
    })
    .await?;
    Ok(())
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
    let Some(deal) = crm.deal(deal_id).await? else {
        let message = format!("SS-4: deal {deal_id} is gone from the CRM: not moved");
        notes::once(ctx, envelope, order_id, &message).await?;
        return Ok(None);
    };
    if deal.status_id != DealStatus::Open {
        // A closed deal stays closed: reopening it is a manager's call.
        return Ok(None);
    }
    let cursors = ctx.store.cursors.as_ref();
    let funnel =
        funnels::funnel(cursors, &ctx.tenant.id, crm, deal.funnel_id, deal.stage_id).await?;
    let Some(target) = funnel.and_then(|f| rules::deal_target(ss, &f, deal.stage_id, actions))
    else {
        return Ok(None);
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
