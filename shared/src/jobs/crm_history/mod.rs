//! `crm-history-poll` (every minute, MS-B1): reads the CRM's order,
//! customer and corporate-customer history after each feed's cursor and
//! fans each changed record out, as one envelope per flow that consumes it
//! (`flows::Registry::publish`). It runs for every tenant with a flow that
//! consumes CRM changes, and reads only the feeds some flow consumes.
//!
//! Echoes: a record changed only through our own API key goes only to the
//! flows that asked for our own changes (and tell their echoes apart by
//! content); every other flow never sees it (`changes`).
//!
//! Crash safety: the cursor moves (a versioned `put_cursor`) only after the
//! envelopes of the page it covers are durable in the queue. A crash in
//! between re-reads the page; the envelopes' dedupe keys (history id ranges
//! and flow) and the worker's done-keys make the re-read harmless. Two
//! pollers racing: the loser's cursor write fails its version check and it
//! stops.

pub mod changes;

use crate::clock::now_ms;
use crate::connectors::retailcrm::{HISTORY_PAGE, HistoryFeed, RetailCrm};
use crate::error::Result;
use crate::flows::schedule::{JobContext, ScheduledJob};
use crate::model::{Envelope, EventKind, System};
use crate::settings::TenantSettings;
use crate::store::PutOutcome;
use async_trait::async_trait;
use changes::RecordChange;
use serde_json::json;
use std::time::Duration;

/// The job; see the module docs.
pub struct CrmHistoryPoll;

/// The cursor of one feed.
pub fn cursor_name(feed: HistoryFeed) -> String {
    format!("crm-history:{}", feed.path())
}

#[async_trait]
impl ScheduledJob for CrmHistoryPoll {
    fn name(&self) -> &'static str {
        "crm-history-poll"
    }

    fn every(&self) -> Duration {
        Duration::from_secs(60)
    }

    fn applies_to(&self, ctx: &JobContext, tenant: &TenantSettings) -> bool {
        tenant.retailcrm.is_some() && ctx.registry.consumes_from(tenant, System::RetailCrm)
    }

    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()> {
        let crm = ctx.peers.crm_of(tenant)?;
        for feed in HistoryFeed::ALL {
            let consumed = ctx
                .registry
                .subscribers(tenant, System::RetailCrm, feed.entity(), false)
                .next()
                .is_some();
            if consumed {
                poll_feed(ctx, &crm, tenant, feed).await?;
            }
        }
        Ok(())
    }
}

/// Reads pages of one feed until it is drained, the deadline nears, or another poller wins.
async fn poll_feed(
    ctx: &JobContext,
    crm: &RetailCrm,
    tenant: &TenantSettings,
    feed: HistoryFeed,
) -> Result<()> {
    let name = cursor_name(feed);
    loop {
        let cursor = ctx.store.cursors.get_cursor(&tenant.id, &name).await?;
        let (since, version) = match &cursor {
            Some(c) => (c.value.parse::<i64>().ok(), c.version),
            None => (None, 0),
        };
        let entries = crm.history_since(feed, since).await?;
        let Some(next) = changes::next_cursor(&entries) else {
            return Ok(());
        };
        for (change, ours) in changes::changes(&entries)
            .into_iter()
            .map(|c| (c, false))
            .chain(
                changes::own_changes(&entries)
                    .into_iter()
                    .map(|c| (c, true)),
            )
        {
            let event = envelope(tenant, feed, &change);
            ctx.registry
                .publish(ctx.queue.as_ref(), tenant, &event, ours)
                .await?;
        }
        // Only now are the page's changes durable: advance.
        match ctx
            .store
            .cursors
            .put_cursor(&tenant.id, &name, &next.to_string(), version)
            .await?
        {
            PutOutcome::Created => {}
            PutOutcome::Exists(_) => return Ok(()),
        }
        let time_left = ctx
            .deadline
            .saturating_duration_since(tokio::time::Instant::now());
        if entries.len() < HISTORY_PAGE || time_left < Duration::from_secs(5) {
            return Ok(());
        }
    }
}

/// The source event of one changed record.
fn envelope(tenant: &TenantSettings, feed: HistoryFeed, change: &RecordChange) -> Envelope {
    let kind = if change.deleted {
        EventKind::Deleted
    } else if change.created {
        EventKind::Created
    } else {
        EventKind::Updated
    };
    Envelope {
        tenant: tenant.id.clone(),
        source: System::RetailCrm,
        kind,
        entity: feed.entity(),
        external_id: change.record_id.to_string(),
        dedupe_key: change.dedupe_key(tenant.id.as_str(), feed.path()),
        received_at: now_ms(),
        payload: json!({
            "created": change.created,
            "deleted": change.deleted,
            "fields": change.fields,
            "statuses": change.statuses,
            "payments": change.payments,
            "history": [change.first_entry, change.last_entry],
        }),
        flow: None,
    }
}
