//! `webasyst-deal-poll` (every minute): the CRM's deal changes, for the
//! Shop-Script ⇄ CRM flow (the CRM's own notifications need a paid
//! licence). `crm.deal.list` has no "changed since" filter, but
//! `sort=last_action` lists deals newest activity first (every move, close
//! and edit writes a history entry), and `fields[]=last_action` gives each
//! deal's activity time: the poll reads pages until it reaches a deal whose
//! activity is older than the cursor.
//!
//! Only deals linked to an order are fanned out, as `(webasyst_crm, deal)`
//! events carrying the deal's funnel, stage and status as seen,
//! deduplicated by deal, `update_datetime`, stage and status (a deal read
//! again unchanged makes no second event).
//!
//! The cursor is the newest activity read (UTC ISO 8601, ordered as
//! text). It moves only after the pages' envelopes are durable, and only
//! once a scan reached it (pages come newest first: a scan cut short by
//! the deadline leaves it, and the next run starts from the top again);
//! the first run starts it at the newest activity without replaying
//! history.

use crate::clock::now_ms;
use crate::connectors::webasyst::{Deal, DealQuery};
use crate::error::Result;
use crate::flows::schedule::{JobContext, ScheduledJob};
use crate::flows::shopscript_deals::order_of;
use crate::model::{EntityKind, Envelope, EventKind, System};
use crate::settings::TenantSettings;
use crate::store::PutOutcome;
use async_trait::async_trait;
use serde_json::json;
use std::time::Duration;

/// The job; see the module docs.
pub struct WebasystDealPoll;

/// The cursor's name.
pub const CURSOR: &str = "webasyst:deals";

/// Deals per page.
const PAGE: u32 = 100;

#[async_trait]
impl ScheduledJob for WebasystDealPoll {
    fn name(&self) -> &'static str {
        "webasyst-deal-poll"
    }

    fn every(&self) -> Duration {
        Duration::from_secs(60)
    }

    fn applies_to(&self, ctx: &JobContext, tenant: &TenantSettings) -> bool {
        tenant.shopscript.is_some() && ctx.registry.consumes_from(tenant, System::WebasystCrm)
    }

    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()> {
        let crm = ctx.peers.webasyst_crm_of(tenant)?;
        let cursors = ctx.store.cursors.as_ref();
        let cursor = cursors.get_cursor(&tenant.id, CURSOR).await?;
        let Some(since) = cursor.as_ref().map(|c| c.value.clone()) else {
            // The first run starts at the newest activity ("" without any
            // deal: every later one is newer), replaying no history.
            let query = DealQuery {
                by_last_action: true,
                limit: 1,
                ..DealQuery::default()
            };
            let top = crm.deals(&query).await?.data;
            let start = top.first().and_then(|d| d.activity()).unwrap_or_default();
            cursors.put_cursor(&tenant.id, CURSOR, start, 0).await?;
            return Ok(());
        };
        let mut newest = since.clone();
        let mut offset = 0;
        // Newest first: the cursor may move only once the scan reached it.
        let reached = loop {
            let query = DealQuery {
                by_last_action: true,
                offset,
                limit: PAGE,
                ..DealQuery::default()
            };
            let page = crm.deals(&query).await?.data;
            let mut events = Vec::new();
            let mut reached = false;
            for deal in &page {
                let activity = deal.activity().unwrap_or_default().to_owned();
                if activity < since {
                    reached = true;
                    break;
                }
                newest = newest.max(activity);
                if order_of(ctx.store.links.as_ref(), &tenant.id, deal.id)
                    .await?
                    .is_some()
                {
                    events.push(envelope(tenant, deal));
                }
            }
            ctx.registry
                .publish_all(ctx.queue.as_ref(), tenant, &events, false)
                .await?;
            if reached || (page.len() as u32) < PAGE {
                break true;
            }
            let left = ctx
                .deadline
                .saturating_duration_since(tokio::time::Instant::now());
            if left < Duration::from_secs(5) {
                break false;
            }
            offset += PAGE;
        };
        if !reached || newest == since {
            // Out of time: the next run scans from the top again (its
            // events deduplicated), until it reaches the cursor.
            return Ok(());
        }
        let version = cursor.map_or(0, |c| c.version);
        // Lost to a racing poller: its cursor stands.
        if let PutOutcome::Exists(_) = cursors
            .put_cursor(&tenant.id, CURSOR, &newest, version)
            .await?
        {
            tracing::debug!(message = "Another poll moved the deal cursor.", tenant = %tenant.id);
        }
        Ok(())
    }
}

fn envelope(tenant: &TenantSettings, deal: &Deal) -> Envelope {
    let status = serde_json::to_value(deal.status_id).unwrap_or_default();
    let status = status.as_str().unwrap_or_default();
    let updated = deal.update_datetime.as_deref().unwrap_or_default();
    Envelope {
        tenant: tenant.id.clone(),
        source: System::WebasystCrm,
        kind: EventKind::Updated,
        entity: EntityKind::Deal,
        external_id: deal.id.to_string(),
        dedupe_key: format!(
            "webasyst:{}:deal:{}:{updated}:{}:{status}",
            tenant.id, deal.id, deal.stage_id
        ),
        received_at: now_ms(),
        payload: json!({
            "id": deal.id,
            "funnel_id": deal.funnel_id,
            "stage_id": deal.stage_id,
            "status_id": status,
            "update_datetime": updated,
        }),
        flow: None,
    }
}
