//! SS-1, linking an order to a deal by hand (the admin API's
//! `/shopscript/orders/{id}/deal`): the client's open deals to choose
//! from, and the link to one of them or to a new deal. Once linked, the
//! deal is brought up to the order at once (its actions' stage, what it
//! shows), as a notification would.

use super::{client, create, order_side, pair, record};
use crate::clock::now_ms;
use crate::connectors::webasyst::{DEAL_PAGE, DealQuery, DealStatus};
use crate::error::Result;
use crate::flows::FlowCtx;
use crate::flows::links::Resolution;
use crate::model::{EntityKind, Envelope, EventKind, System};
use serde::Serialize;

/// What SS-1 offers for an order.
#[derive(Debug, Clone, Serialize)]
pub struct Candidates {
    pub order_id: i64,
    pub order_state: String,
    pub linked_deal: Option<i64>,
    /// The order's customer in the CRM, if found there.
    pub client: Option<i64>,
    /// The client's open deals not linked to another order.
    pub open_deals: Vec<DealChoice>,
}

/// One deal to choose.
#[derive(Debug, Clone, Serialize)]
pub struct DealChoice {
    pub id: i64,
    pub name: String,
    pub funnel_id: i64,
    pub stage_id: i64,
}

/// What to link the order to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Existing(i64),
    New { stage_id: i64 },
}

/// What became of a link request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linked {
    Done {
        deal_id: i64,
        created: bool,
    },
    AlreadyLinked(i64),
    NoOrder,
    /// Refused, and why (a closed deal, another client's, another order's).
    Refused(String),
}

/// The candidates for `order_id`; `None` when the shop has no such order.
pub async fn candidates(ctx: &FlowCtx<'_>, order_id: i64) -> Result<Option<Candidates>> {
    let shop = ctx.peers.shopscript_of(ctx.tenant)?;
    let Some(order) = shop.order(order_id).await? else {
        return Ok(None);
    };
    let crm = ctx.peers.webasyst_crm_of(ctx.tenant)?;
    let links = ctx.store.links.as_ref();
    let linked_deal = pair::deal_of(links, &ctx.tenant.id, order_id).await?;
    let client = client::find(ctx, &crm, &order).await?;
    let mut open_deals = Vec::new();
    if let Some(contact) = client {
        let query = DealQuery {
            contact_id: Some(contact),
            limit: DEAL_PAGE,
            ..DealQuery::default()
        };
        for deal in crm.deals(&query).await?.data {
            let theirs = deal.client() == Some(contact) && deal.status_id == DealStatus::Open;
            if theirs
                && pair::order_of(links, &ctx.tenant.id, deal.id)
                    .await?
                    .is_none()
            {
                open_deals.push(DealChoice {
                    id: deal.id,
                    name: deal.name,
                    funnel_id: deal.funnel_id,
                    stage_id: deal.stage_id,
                });
            }
        }
    }
    Ok(Some(Candidates {
        order_id,
        order_state: order.state_id,
        linked_deal,
        client,
        open_deals,
    }))
}

/// Links `order_id` as `choice` says, then syncs the deal.
pub async fn link(ctx: &FlowCtx<'_>, order_id: i64, choice: Choice) -> Result<Linked> {
    let shop = ctx.peers.shopscript_of(ctx.tenant)?;
    let Some(order) = shop.order(order_id).await? else {
        return Ok(Linked::NoOrder);
    };
    let tenant = &ctx.tenant.id;
    let links = ctx.store.links.as_ref();
    if let Some(deal) = pair::deal_of(links, tenant, order_id).await? {
        return Ok(Linked::AlreadyLinked(deal));
    }
    let crm = ctx.peers.webasyst_crm_of(ctx.tenant)?;
    let (deal_id, created) = match choice {
        Choice::New { stage_id } => match create::deal_for(ctx, &crm, &order, stage_id).await? {
            (deal, false) => return Ok(Linked::AlreadyLinked(deal)),
            (deal, true) => (deal, true),
        },
        Choice::Existing(deal_id) => {
            let Some(deal) = crm.deal(deal_id).await? else {
                return Ok(Linked::Refused(format!("the CRM has no deal {deal_id}")));
            };
            if deal.status_id != DealStatus::Open {
                return Ok(Linked::Refused(format!("deal {deal_id} is closed")));
            }
            if let Some(other) = pair::order_of(links, tenant, deal_id).await? {
                return Ok(Linked::Refused(format!(
                    "deal {deal_id} is linked to order {other}"
                )));
            }
            let client = client::find(ctx, &crm, &order).await?;
            if client.is_none() || deal.client() != client {
                return Ok(Linked::Refused(format!(
                    "deal {deal_id} is not a deal of the order's client (SS-1 links the same client's deals)"
                )));
            }
            let key = pair::order_key(tenant, order_id);
            match ctx
                .claims
                .resolve_or_claim(links, &key, System::WebasystCrm)
                .await?
            {
                Resolution::Linked(link) => {
                    let deal = link.peer(System::WebasystCrm).and_then(|p| p.parse().ok());
                    return Ok(Linked::AlreadyLinked(deal.unwrap_or(deal_id)));
                }
                Resolution::Claimed(claim) => {
                    ctx.claims
                        .complete(links, &claim, System::WebasystCrm, &deal_id.to_string())
                        .await?;
                }
            }
            record::update(ctx.store.cursors.as_ref(), tenant, order_id, |r| {
                r.deal_stage = Some(deal.stage_id);
                r.deal_status = Some(DealStatus::Open);
            })
            .await?;
            (deal_id, false)
        }
    };
    let event = Envelope {
        tenant: tenant.clone(),
        source: System::ShopScript,
        kind: EventKind::Updated,
        entity: EntityKind::Order,
        external_id: order_id.to_string(),
        dedupe_key: format!("shopscript:{tenant}:order:{order_id}:ss-1:{deal_id}"),
        received_at: now_ms(),
        payload: serde_json::json!({ "ss_1": deal_id }),
        flow: Some(super::ID.to_owned()),
    };
    order_side::sync(ctx, &event, &shop, &crm, &order, deal_id).await?;
    Ok(Linked::Done { deal_id, created })
}
