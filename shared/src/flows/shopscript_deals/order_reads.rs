//! The reads an order event's sync starts from, shared by the flow
//! (`order_side`) and its dry run (`flows::dry_run::shopscript`), so both
//! see the same state: the order's record and its history since, whether
//! the new actions move the deal (SS-4, with the deal and its funnel
//! read), and whether what the deal shows changed (SS-3). Nothing here
//! writes, except `funnels`' cache when `keep` says so.

use super::record::{self, Record};
use super::rules::{self, Shown};
use super::{funnels, watch};
use crate::connectors::webasyst::{Crm, DealStatus, Order, ShopScript};
use crate::error::Result;
use crate::flows::fingerprint;
use crate::model::TenantId;
use crate::settings::ShopScriptSettings;
use crate::store::Cursors;

/// The order's record and its history entries after the record's.
pub(crate) struct Pending {
    pub stored: Record,
    /// The newest history entry's id.
    pub last_log: i64,
    /// The actions run since the record's last entry.
    pub actions: Vec<String>,
}

pub(crate) async fn pending(
    cursors: &dyn Cursors,
    tenant: &TenantId,
    shop: &ShopScript,
    order_id: i64,
) -> Result<Pending> {
    let (stored, _) = record::load(cursors, tenant, order_id).await?;
    let log = shop.log(order_id).await?;
    let last_log = log.iter().map(|e| e.id).max().unwrap_or(0);
    let actions = log
        .iter()
        .filter(|e| e.id > stored.last_log_id)
        .filter_map(|e| e.action_id.clone())
        .collect();
    Ok(Pending {
        stored,
        last_log,
        actions,
    })
}

impl Pending {
    /// Whether any new action is mapped to a stage (SS-4).
    pub fn mapped(&self, ss: &ShopScriptSettings) -> bool {
        self.actions.iter().any(|a| {
            ss.funnels
                .values()
                .any(|stages| stages.values().any(|m| m == a))
        })
    }

    pub fn actions(&self) -> Vec<&str> {
        self.actions.iter().map(String::as_str).collect()
    }
}

/// Where SS-4 takes the deal.
pub(crate) enum Target {
    /// The deal is gone from the CRM.
    Gone,
    /// It stays (closed, or no stage ahead is mapped).
    Stays,
    Move(i64),
}

/// SS-4 order → deal: the furthest stage the new `actions` map to, if it
/// lies ahead of open deal `deal_id`'s. `keep`: cache the funnels read.
pub(crate) async fn target(
    cursors: &dyn Cursors,
    tenant: &TenantId,
    ss: &ShopScriptSettings,
    crm: &Crm,
    deal_id: i64,
    actions: &[&str],
    keep: bool,
) -> Result<Target> {
    let Some(deal) = crm.deal(deal_id).await? else {
        return Ok(Target::Gone);
    };
    if deal.status_id != DealStatus::Open {
        // A closed deal stays closed: reopening it is a manager's call.
        return Ok(Target::Stays);
    }
    let funnel = funnels::funnel(cursors, tenant, crm, deal.funnel_id, deal.stage_id, keep).await?;
    Ok(
        match funnel.and_then(|f| rules::deal_target(ss, &f, deal.stage_id, actions)) {
            Some(stage) => Target::Move(stage),
            None => Target::Stays,
        },
    )
}

/// SS-3: what the deal is to show and its fingerprint, when the record
/// says it shows something else.
pub(crate) fn shown_change(
    ss: &ShopScriptSettings,
    stored: &Record,
    order: &Order,
) -> Option<(Shown, String)> {
    let shown = rules::shown(ss, order);
    let fp = fingerprint::of(&shown);
    (stored.shown.as_deref() != Some(fp.as_str())).then_some((shown, fp))
}

/// SS-2 without a linked deal: the stage of the deal to create, or why
/// none. `watch_start`: the watch start, `None` when there is none yet
/// (this order's creation would start it).
pub(crate) fn new_deal_stage(
    ss: &ShopScriptSettings,
    order: &Order,
    watch_start: Option<&str>,
) -> std::result::Result<i64, String> {
    let stage = automatic(ss, order)?;
    let created = order.create_datetime.clone().unwrap_or_default();
    new_enough(order, watch_start.unwrap_or(&created))?;
    Ok(stage)
}

/// SS-2: the stage of a new deal when the order's storefront is automatic.
pub(crate) fn automatic(
    ss: &ShopScriptSettings,
    order: &Order,
) -> std::result::Result<i64, String> {
    match rules::automatic_stage(ss, order) {
        Some((_, stage)) => Ok(stage as i64),
        None => Err(format!(
            "SS-2: storefront {:?} is not in automatic mode",
            order.storefront().unwrap_or("(backend)")
        )),
    }
}

/// SS-2: the order was created once Synclane watched the shop.
pub(crate) fn new_enough(order: &Order, start: &str) -> std::result::Result<(), String> {
    match rules::qualifies(order, start) {
        true => Ok(()),
        false => Err(format!(
            "SS-2: created before Synclane watched the shop ({start})"
        )),
    }
}

/// The watch start, if one is written (reads only; `watch::get_or_start` writes it).
pub(crate) async fn watch_start(
    cursors: &dyn Cursors,
    tenant: &TenantId,
) -> Result<Option<String>> {
    watch::get(cursors, tenant).await
}
