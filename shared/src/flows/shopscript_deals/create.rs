//! A new deal for an order (SS-1 "link to a new deal", SS-2): its client
//! found or created, then the deal, showing the order (SS-3), linked.
//!
//! Once: the order's link is claimed first, so of two deliveries (or a
//! notification and the poll, or the admin and a worker) one creates and
//! the other waits and finds the link. Resumable: the record says a deal
//! add was sent (`creating`) before it is; a delivery that died after the
//! CRM created the deal but before the link was written finds that deal
//! (the client's open deal of that name) instead of adding a second.

use super::record;
use super::rules::{self, Shown};
use super::{client, pair};
use crate::connectors::webasyst::{Crm, DealQuery, DealStatus, NewDeal, Order};
use crate::error::{Error, Result};
use crate::flows::FlowCtx;
use crate::flows::fingerprint;
use crate::flows::links::Resolution;
use crate::model::System;

/// The deal of `order`: the linked one, or a new one in `stage`. The
/// `bool` says whether this call created it.
pub(super) async fn deal_for(
    ctx: &FlowCtx<'_>,
    crm: &Crm,
    order: &Order,
    stage: i64,
) -> Result<(i64, bool)> {
    let ss = ctx.tenant.shopscript()?;
    let tenant = &ctx.tenant.id;
    let links = ctx.store.links.as_ref();
    let key = pair::order_key(tenant, order.id);
    let claim = match ctx
        .claims
        .resolve_or_claim(links, &key, System::WebasystCrm)
        .await?
    {
        Resolution::Linked(link) => {
            let deal = link.peer(System::WebasystCrm).and_then(|p| p.parse().ok());
            let deal = deal.ok_or_else(|| Error::Storage(format!("link {key} names no deal")))?;
            return Ok((deal, false));
        }
        Resolution::Claimed(claim) => claim,
    };
    let contact = client::find_or_create(ctx, crm, order).await?;
    let name = rules::deal_name(ss, order.id);
    let shown = rules::shown(ss, order);
    let cursors = ctx.store.cursors.as_ref();
    let (stored, _) = record::load(cursors, tenant, order.id).await?;
    let found = match stored.creating {
        Some(_) => adopt(crm, contact, &name).await?,
        None => None,
    };
    let deal = match found {
        Some(deal) => deal,
        None => {
            record::update(cursors, tenant, order.id, |r| {
                r.creating = Some(name.clone())
            })
            .await?;
            add(crm, &name, stage, contact, &shown).await?
        }
    };
    ctx.claims
        .complete(links, &claim, System::WebasystCrm, &deal.to_string())
        .await?;
    let fp = fingerprint::of(&shown);
    record::update(cursors, tenant, order.id, |r| {
        r.creating = None;
        r.shown = Some(fp.clone());
        r.deal_stage = Some(stage);
        r.deal_status = Some(DealStatus::Open);
    })
    .await?;
    Ok((deal, true))
}

/// Adds the deal; a currency the CRM does not know leaves the amount out
/// (400 `error_validate` on `currency_id`) rather than the deal.
async fn add(crm: &Crm, name: &str, stage: i64, contact: i64, shown: &Shown) -> Result<i64> {
    let mut deal = NewDeal {
        name: name.to_owned(),
        stage_id: stage,
        contact_id: contact,
        description: shown.description.clone(),
        amount: shown.currency.clone().map(|c| (shown.amount, c)),
    };
    match crm.add_deal(&deal).await {
        Err(Error::PeerRejected {
            status: 400,
            message,
            ..
        }) if deal.amount.is_some() && message.contains("currency_id") => {
            deal.amount = None;
            crm.add_deal(&deal).await
        }
        other => other,
    }
}

/// The open deal named `name` of `contact`: one an earlier delivery added.
async fn adopt(crm: &Crm, contact: i64, name: &str) -> Result<Option<i64>> {
    let query = DealQuery {
        contact_id: Some(contact),
        limit: crate::connectors::webasyst::DEAL_PAGE,
        ..DealQuery::default()
    };
    let page = crm.deals(&query).await?;
    Ok(page
        .data
        .iter()
        .filter(|d| d.status_id == DealStatus::Open && d.name == name)
        .map(|d| d.id)
        .max())
}
