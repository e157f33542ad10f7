//! The order part of a retail sale: finds the CRM order the sale was made
//! from, gathers the other sales of that order, asks `decide` and carries out
//! the plan (order create or patch, then the missing payments).
//!
//! Sales of one order arrive as separate webhooks and may be handled at once
//! by two workers (their queue groups differ): a short lock on the CRM order
//! (a store lease with a TTL) serialises them. A sale waits for the lock
//! inside its handler: waiting on another worker is not a failure, and the
//! wait is bounded by the lease's TTL (a killed holder frees it then). All sales of one CRM order
//! share one link group (`retail_sale` links), which is how a later sale
//! finds the earlier ones.
//!
//! The reads (`linked_order`, `group_of`, `order_sales`, `fields`) are
//! shared with the dry run (`flows::dry_run::ms_retail`).

use super::super::Outcome;
use super::sale;
use crate::clock::now_ms;
use crate::connectors::moysklad::MoySklad;
use crate::connectors::retailcrm::{By, CrmBuyer, OrderFields, RetailCrm};
use crate::error::{Error, Result};
use crate::flows::moysklad_retail::rules::{
    Decision, Input, OrderStep, Sale, SaleLine, SalePayment, decide, missing_payments, order_fields,
};
use crate::model::{EntityKind, System, TenantId};
use crate::settings::RetailOptions;
use crate::store::{JournalEntry, Link, LinkKey, PutOutcome, Store};
use std::collections::BTreeMap;
use std::time::Duration;

/// How long a crashed worker's order lock blocks the order's other sales.
const LOCK_TTL: Duration = Duration::from_secs(60);

/// What the order step needs.
pub(crate) struct Context<'a> {
    pub store: &'a Store,
    pub crm: &'a RetailCrm,
    pub ms: &'a MoySklad,
    pub tenant: &'a TenantId,
    pub options: &'a RetailOptions,
    pub journal_days: u32,
    /// The message being handled: the lock's owner.
    pub owner: &'a str,
}

/// The CRM order the sale's customer order is linked to (MS-R1), if any.
pub(crate) async fn linked_order(ctx: &Context<'_>, sale: &Sale) -> Result<Option<i64>> {
    let Some(ms_order) = &sale.customer_order_id else {
        return Ok(None);
    };
    let key = LinkKey::new(ctx.tenant, EntityKind::Order, System::MoySklad, ms_order);
    let link = ctx.store.links.get_link(&key).await?;
    Ok(link
        .as_ref()
        .and_then(|l| l.peer(System::RetailCrm))
        .and_then(|id| id.parse::<i64>().ok()))
}

pub(super) async fn apply(ctx: &Context<'_>, sale: &Sale, buyer: &CrmBuyer) -> Result<Outcome> {
    let Some(crm_id) = linked_order(ctx, sale).await? else {
        return create(ctx, sale, buyer).await;
    };
    let lock = format!("retail-order-lock:{crm_id}");
    let mut pause = Duration::from_millis(50);
    while !ctx
        .store
        .leases
        .try_acquire_lease(ctx.tenant, &lock, ctx.owner, LOCK_TTL)
        .await?
    {
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(1));
    }
    let result = update(ctx, sale, buyer, crm_id).await;
    ctx.store
        .leases
        .release_lease(ctx.tenant, &lock, ctx.owner)
        .await?;
    result
}

/// MS-R1, no CRM order behind the sale: a new one (its externalId is the sale id).
async fn create(ctx: &Context<'_>, sale: &Sale, buyer: &CrmBuyer) -> Result<Outcome> {
    let fields = journalled_fields(ctx, sale).await?;
    let input = Input {
        options: ctx.options,
        sale,
        order: None,
        order_sales_lines: &sale.lines,
        order_sales_payments: &sale.payments,
        buyer,
        fields: &fields,
    };
    let plan = match decide(input) {
        Decision::Apply(plan) => plan,
        Decision::Skip(why) => {
            journal(ctx, &sale.id, &why).await;
            return Ok(Outcome::Skipped(why));
        }
    };
    let OrderStep::Create(new) = &plan.order else {
        unreachable!("a sale without an order creates one")
    };
    let crm_id = ctx.crm.retail_order_create(new).await?;
    let order = ctx
        .crm
        .retail_order_get(By::Id, &crm_id.to_string())
        .await?
        .ok_or_else(|| Error::Invalid(format!("CRM order {crm_id} vanished")))?;
    for payment in missing_payments(&plan.payments, &order.payments) {
        ctx.crm.order_payment_create(crm_id, &payment).await?;
    }
    join_order(ctx, &sale.id, crm_id).await?;
    Ok(Outcome::Applied)
}

/// MS-R1 with MS-R2, MS-R3, MS-R4, MS-C5 on the linked order.
async fn update(ctx: &Context<'_>, sale: &Sale, buyer: &CrmBuyer, crm_id: i64) -> Result<Outcome> {
    let order = ctx
        .crm
        .retail_order_get(By::Id, &crm_id.to_string())
        .await?
        .ok_or_else(|| Error::Invalid(format!("linked CRM order {crm_id} not found")))?;
    let group = join_order(ctx, &sale.id, crm_id).await?;
    let (lines, payments) = order_sales(ctx, sale, Some(&group)).await?;
    let fields = journalled_fields(ctx, sale).await?;
    let input = Input {
        options: ctx.options,
        sale,
        order: Some(&order),
        order_sales_lines: &lines,
        order_sales_payments: &payments,
        buyer,
        fields: &fields,
    };
    let Decision::Apply(plan) = decide(input) else {
        unreachable!("a sale of a linked order always applies")
    };
    if let OrderStep::Update { patch, .. } = &plan.order {
        ctx.crm.retail_order_patch(crm_id, patch).await?;
    }
    for payment in missing_payments(&plan.payments, &order.payments) {
        ctx.crm.order_payment_create(crm_id, &payment).await?;
    }
    Ok(Outcome::Applied)
}

/// The lines and payments of every sale of the order: `sale`'s and those
/// of the other sales of `group` (the order's group of sales, if any).
pub(crate) async fn order_sales(
    ctx: &Context<'_>,
    sale: &Sale,
    group: Option<&str>,
) -> Result<(Vec<SaleLine>, Vec<SalePayment>)> {
    let (mut lines, mut payments) = (sale.lines.clone(), sale.payments.clone());
    let Some(group) = group else {
        return Ok((lines, payments));
    };
    for (key, _) in ctx.store.links.links_of_group(ctx.tenant, group).await? {
        let sibling = key.external_id.as_str();
        if key.kind != EntityKind::RetailSale
            || key.system != System::MoySklad
            || sibling == sale.id
        {
            continue;
        }
        let Some(doc) = ctx.ms.retail_demand_get(sibling).await? else {
            continue;
        };
        payments.extend(sale::payments(&doc));
        for p in ctx.ms.retail_demand_positions(sibling).await? {
            lines.push(sale::line(ctx.ms, &p).await?);
        }
    }
    Ok((lines, payments))
}

/// MS-R4 fields, and notes about values not passed (for the journal).
pub(crate) async fn fields(ctx: &Context<'_>, sale: &Sale) -> Result<(OrderFields, Vec<String>)> {
    let codes = match &ctx.options.delivery_method_attribute {
        Some(attr) if sale.attributes.iter().any(|a| &a.id == attr) => {
            ctx.crm.delivery_type_codes().await?
        }
        _ => Vec::new(),
    };
    Ok(order_fields(ctx.options, &sale.attributes, &codes))
}

/// MS-R4 fields; notes about values not passed go to the journal.
async fn journalled_fields(ctx: &Context<'_>, sale: &Sale) -> Result<OrderFields> {
    let (fields, notes) = fields(ctx, sale).await?;
    for note in notes {
        journal(ctx, &sale.id, &note).await;
    }
    Ok(fields)
}

fn order_key(tenant: &TenantId, crm_id: i64) -> LinkKey {
    LinkKey::new(
        tenant,
        EntityKind::RetailSale,
        System::RetailCrm,
        crm_id.to_string(),
    )
}

/// The group of sales of CRM order `crm_id`, when a sale joined it already.
pub(crate) async fn group_of(ctx: &Context<'_>, crm_id: i64) -> Result<Option<String>> {
    let link = ctx
        .store
        .links
        .get_link(&order_key(ctx.tenant, crm_id))
        .await?;
    Ok(link.map(|l| l.group))
}

/// Links the sale to the CRM order, in the order's group of sales; returns the group.
async fn join_order(ctx: &Context<'_>, sale_id: &str, crm_id: i64) -> Result<String> {
    let order_key = order_key(ctx.tenant, crm_id);
    let fresh = Link::linked(uuid::Uuid::now_v7().to_string(), BTreeMap::new());
    let group = match ctx
        .store
        .links
        .put_link_if_absent(&order_key, &fresh)
        .await?
    {
        PutOutcome::Created => fresh.group,
        PutOutcome::Exists(existing) => existing.group,
    };
    let sale_key = LinkKey::new(
        ctx.tenant,
        EntityKind::RetailSale,
        System::MoySklad,
        sale_id,
    );
    let link = Link::linked(
        &group,
        BTreeMap::from([(System::RetailCrm, crm_id.to_string())]),
    );
    ctx.store.links.put_link_if_absent(&sale_key, &link).await?;
    Ok(group)
}

/// A journal note (MS-B8); failing to write one is only logged.
async fn journal(ctx: &Context<'_>, sale_id: &str, message: &str) {
    let entry = JournalEntry {
        at_ms: now_ms(),
        entity: "retail_sale".into(),
        external_id: sale_id.to_owned(),
        message: message.to_owned(),
        level: crate::store::JournalLevel::Info,
        flow: None,
    };
    let ttl = Duration::from_secs(u64::from(ctx.journal_days) * 86_400);
    if let Err(error) = ctx
        .store
        .journal
        .append_journal(ctx.tenant, &entry, ttl)
        .await
    {
        tracing::error!(message = "Could not write the journal.", %error);
    }
}
