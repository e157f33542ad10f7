//! `crm-history-poll` (every minute, MS-B1): reads the CRM's order,
//! customer and corporate-customer history after each feed's cursor and
//! enqueues one envelope per changed record, our own echoes dropped.
//!
//! Crash safety: the cursor moves (a versioned `put_cursor`) only after the
//! envelopes of the page it covers are durable in the queue. A crash in
//! between re-reads the page; the envelopes' dedupe keys (history id ranges)
//! and the worker's done-keys make the re-read harmless. Two pollers racing:
//! the loser's cursor write fails its version check and it stops.

use super::{JobContext, ScheduledJob};
use crate::clock::now_ms;
use crate::connectors::retailcrm::{HISTORY_PAGE, HistoryFeed, RetailCrm};
use crate::error::Result;
use crate::model::{Envelope, EventKind, System, TenantId};
use crate::queue::Outgoing;
use crate::rules::crm_moysklad::history;
use crate::settings::TenantSettings;
use crate::store::PutOutcome;
use async_trait::async_trait;
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

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.retailcrm.is_some() && tenant.moysklad.as_ref().is_some_and(|m| m.sync.is_some())
    }

    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()> {
        let Some(settings) = tenant.retailcrm.clone() else {
            return Ok(());
        };
        let crm = RetailCrm::new(ctx.http.clone(), settings);
        for feed in HistoryFeed::ALL {
            poll_feed(ctx, &crm, &tenant.id, feed).await?;
        }
        Ok(())
    }
}

/// Reads pages of one feed until it is drained, the deadline nears, or another poller wins.
async fn poll_feed(
    ctx: &JobContext,
    crm: &RetailCrm,
    tenant: &TenantId,
    feed: HistoryFeed,
) -> Result<()> {
    let name = cursor_name(feed);
    loop {
        let cursor = ctx.store.get_cursor(tenant, &name).await?;
        let (since, version) = match &cursor {
            Some(c) => (c.value.parse::<i64>().ok(), c.version),
            None => (None, 0),
        };
        let entries = crm.history_since(feed, since).await?;
        let Some(next) = history::next_cursor(&entries) else {
            return Ok(());
        };
        for change in history::changes(&entries) {
            let kind = if change.deleted {
                EventKind::Deleted
            } else if change.created {
                EventKind::Created
            } else {
                EventKind::Updated
            };
            let envelope = Envelope {
                tenant: tenant.clone(),
                source: System::RetailCrm,
                kind,
                entity: feed.entity(),
                external_id: change.record_id.to_string(),
                dedupe_key: change.dedupe_key(tenant.as_str(), feed.path()),
                received_at: now_ms(),
                payload: json!({
                    "created": change.created,
                    "deleted": change.deleted,
                    "fields": change.fields,
                    "history": [change.first_entry, change.last_entry],
                }),
            };
            let body = serde_json::to_string(&envelope).map_err(crate::Error::storage)?;
            ctx.queue
                .send(Outgoing {
                    group: envelope.group_key(),
                    dedupe_id: envelope.dedupe_key.clone(),
                    body,
                })
                .await?;
        }
        // Only now are the page's changes durable: advance.
        match ctx
            .store
            .put_cursor(tenant, &name, &next.to_string(), version)
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
