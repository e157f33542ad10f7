//! `shopscript_deals`' dry run.
//!
//! - A Shop-Script order: the deal linked to it, the order and its history
//!   read as `order_side` reads them (`order_reads`): SS-4's move of the
//!   deal (the deal and its funnel read; funnels fetched are not cached)
//!   and SS-3's rewrite of what it shows. Without a deal and in automatic
//!   mode, SS-2's new deal (its contact is found or created with it); the
//!   watch start is read, never written (none yet: this order would start
//!   it). A new deal's SS-4 move is decided once it exists, so it is not
//!   shown.
//! - A Webasyst CRM deal: the deal as the CRM holds it now (the poll's
//!   view) asked to `deal_side::plan`: SS-4's action, SS-5's close, SS-6's
//!   refusal of a backward move.

use super::{Command, FlowPlan, Reads};
use crate::connectors::webasyst::DealStatus;
use crate::error::{Error, Result};
use crate::flows::shopscript_deals::deal_side::{self, Plan, Seen, Step};
use crate::flows::shopscript_deals::order_reads::{self, Target};
use crate::flows::shopscript_deals::order_side::{NOT_AUTOMATIC, ORDER_GONE, shown_fields};
use crate::flows::shopscript_deals::rules::{self, OrderStep};
use crate::flows::shopscript_deals::{self as flow, deal_of};
use serde_json::json;

const FLOW: &str = flow::ID;

fn parse(id: &str, what: &str) -> Result<i64> {
    id.parse()
        .map_err(|_| Error::Invalid(format!("{id:?} is not a {what} id")))
}

pub(super) async fn order(reads: &Reads<'_>, id: &str) -> Result<FlowPlan> {
    let (store, settings) = (reads.store, reads.tenant);
    let (ss, tenant) = (settings.shopscript()?, &settings.id);
    let order_id = parse(id, "Shop-Script order")?;
    let linked = deal_of(store.links.as_ref(), tenant, order_id).await?;
    if linked.is_none() && ss.automatic.is_empty() {
        return Ok(FlowPlan::skip(FLOW, NOT_AUTOMATIC));
    }
    let shop = reads.peers.shopscript_of(settings)?;
    let Some(order) = shop.order(order_id).await? else {
        return Ok(FlowPlan::skip(FLOW, ORDER_GONE));
    };
    let cursors = store.cursors.as_ref();
    let Some(deal) = linked else {
        let start = order_reads::watch_start(cursors, tenant).await?;
        let stage = match order_reads::new_deal_stage(ss, &order, start.as_deref()) {
            Ok(stage) => stage,
            Err(reason) => return Ok(FlowPlan::skip(FLOW, reason)),
        };
        let shown = rules::shown(ss, &order);
        let deal = json!({
            "name": rules::deal_name(ss, order_id),
            "stage_id": stage,
            "description": shown.description,
            "amount": shown.amount,
            "currency": shown.currency,
        });
        return Ok(FlowPlan::apply(
            FLOW,
            vec![
                Command::new("webasyst_crm", "find_or_create_contact").rule("SS-2"),
                Command::new("webasyst_crm", "create_deal")
                    .rule("SS-2")
                    .data(&deal),
                Command::new("synclane", "record_link")
                    .record(format!("shopscript order {order_id}")),
            ],
        ));
    };
    let crm = reads.peers.webasyst_crm_of(settings)?;
    let pending = order_reads::pending(cursors, tenant, &shop, order_id).await?;
    let mut commands = Vec::new();
    if pending.mapped(ss) {
        let actions = pending.actions();
        match order_reads::target(cursors, tenant, ss, &crm, deal, &actions, false).await? {
            Target::Gone => commands.push(
                Command::new("synclane", "journal_note")
                    .rule("SS-4")
                    .data(&format!(
                        "SS-4: deal {deal} is gone from the CRM: not moved"
                    )),
            ),
            Target::Stays => {}
            Target::Move(stage) => commands.push(
                Command::new("webasyst_crm", "move_deal")
                    .rule("SS-4")
                    .record(deal)
                    .data(&json!({ "stage_id": stage, "actions": actions })),
            ),
        }
    }
    if let Some((shown, _)) = order_reads::shown_change(ss, &pending.stored, &order) {
        let fields: serde_json::Map<String, serde_json::Value> = shown_fields(&shown)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        commands.push(
            Command::new("webasyst_crm", "update_deal")
                .rule("SS-3")
                .record(deal)
                .data(&fields),
        );
    }
    Ok(FlowPlan::apply(FLOW, commands))
}

pub(super) async fn deal(reads: &Reads<'_>, id: &str) -> Result<FlowPlan> {
    let settings = reads.tenant;
    let ss = settings.shopscript()?;
    let deal_id = parse(id, "Webasyst CRM deal")?;
    let crm = reads.peers.webasyst_crm_of(settings)?;
    let Some(deal) = crm.deal(deal_id).await? else {
        return Ok(FlowPlan::skip(
            FLOW,
            format!("the CRM has no deal {deal_id}"),
        ));
    };
    let seen = Seen {
        id: deal.id,
        funnel_id: deal.funnel_id,
        stage_id: deal.stage_id,
        status_id: deal.status_id,
    };
    let shop = reads.peers.shopscript_of(settings)?;
    let (order_id, step) =
        match deal_side::plan(reads.store, &settings.id, ss, &shop, &seen).await? {
            Plan::Skip(reason) => return Ok(FlowPlan::skip(FLOW, reason)),
            Plan::Settle { order_id, step } => (order_id, step),
        };
    let rule = match seen.status_id {
        DealStatus::Open => "SS-4",
        _ => "SS-5",
    };
    let note = |message: &str, rule| {
        Command::new("synclane", "journal_note")
            .rule(rule)
            .record(format!("shopscript order {order_id}"))
            .data(&message)
    };
    let plan = match step {
        Step::NoAction(reason) => FlowPlan::skip(FLOW, reason),
        Step::OrderGone(message) => FlowPlan::apply(FLOW, vec![note(&message, rule)]),
        Step::Order(OrderStep::Run {
            action,
            unavailable,
        }) => FlowPlan::apply(
            FLOW,
            vec![
                Command::new("shopscript", "run_action")
                    .rule(rule)
                    .record(order_id)
                    .data(&json!({ "action": action, "if_unavailable": unavailable })),
            ],
        ),
        Step::Order(OrderStep::Nothing(reason)) => {
            let mut plan = FlowPlan::apply(FLOW, Vec::new());
            plan.reason = Some(reason);
            plan
        }
        Step::Order(OrderStep::Refuse(why)) => FlowPlan::apply(FLOW, vec![note(&why, "SS-6")]),
    };
    Ok(plan)
}
