//! `shopscript-order-poll` (every minute): the catch-up poll of
//! Shop-Script's orders. The shop's notifications are never retried, so
//! whatever a lost one should have brought comes from here: orders changed
//! since the cursor, by `update_datetime` (`shop.order.search` has no
//! list of changes; the hash `search/update_datetime>=T` is the way), plus
//! orders never changed since their creation (their `update_datetime` is
//! NULL: `search/update_datetime=NULL&create_datetime>=T`).
//!
//! Each order that matters (linked to a deal, or of a storefront in
//! automatic mode) and that the flow has not synced in this version
//! already (the notification brought it; `Order::version`: change time,
//! state, total) is fanned out as a `(shopscript, order)` event,
//! deduplicated by order and version.
//!
//! The cursor is the shop's own time (its orders' `Y-m-d H:i:s`, no time
//! zone needed): the first run sets it to the shop's clock and starts the
//! SS-2 watch. It moves only after the page's envelopes are durable, to
//! the latest change seen; orders at exactly the cursor are read again
//! next time and skipped as synced or deduplicated.

use crate::clock::now_ms;
use crate::connectors::webasyst::{Order, ShopScript};
use crate::error::Result;
use crate::flows::schedule::{JobContext, ScheduledJob};
use crate::flows::shopscript_deals::{deal_of, seen, watch};
use crate::model::{EntityKind, Envelope, EventKind, System};
use crate::settings::TenantSettings;
use crate::store::PutOutcome;
use async_trait::async_trait;
use serde_json::json;
use std::time::Duration;

/// The job; see the module docs.
pub struct ShopScriptOrderPoll;

/// The cursor's name.
pub const CURSOR: &str = "shopscript:orders";

/// Orders per search page (each comes with its items and params).
const PAGE: u32 = 200;

#[async_trait]
impl ScheduledJob for ShopScriptOrderPoll {
    fn name(&self) -> &'static str {
        "shopscript-order-poll"
    }

    fn every(&self) -> Duration {
        Duration::from_secs(60)
    }

    fn applies_to(&self, ctx: &JobContext, tenant: &TenantSettings) -> bool {
        tenant.shopscript.is_some() && ctx.registry.consumes_from(tenant, System::ShopScript)
    }

    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()> {
        let shop = ctx.peers.shopscript_of(tenant)?;
        let cursors = ctx.store.cursors.as_ref();
        let Some(cursor) = cursors.get_cursor(&tenant.id, CURSOR).await? else {
            let now = shop.info().await?.server_time.unwrap_or_default();
            watch::get_or_start(cursors, &tenant.id, &now).await?;
            cursors.put_cursor(&tenant.id, CURSOR, &now, 0).await?;
            return Ok(());
        };
        let since = cursor.value.clone();
        let queries = [
            (
                format!("search/update_datetime>={since}"),
                "update_datetime ASC",
            ),
            (
                format!("search/update_datetime=NULL&create_datetime>={since}"),
                "create_datetime ASC",
            ),
        ];
        let mut latest = since.clone();
        for (hash, sort) in &queries {
            let (seen, complete) = read(ctx, &shop, tenant, hash, sort).await?;
            let seen = seen.unwrap_or_default();
            if !complete {
                // Out of time mid-search: everything up to `seen` is out,
                // the rest of both searches comes next run.
                latest = seen.max(since.clone());
                break;
            }
            latest = latest.max(seen);
        }
        if latest > since {
            // Lost to a racing poller: its cursor stands.
            if let PutOutcome::Exists(_) = cursors
                .put_cursor(&tenant.id, CURSOR, &latest, cursor.version)
                .await?
            {
                tracing::debug!(message = "Another poll moved the order cursor.", tenant = %tenant.id);
            }
        }
        Ok(())
    }
}

/// Pages through one search, publishing each page; returns the latest
/// change time read and whether the search was read to its end.
async fn read(
    ctx: &JobContext,
    shop: &ShopScript,
    tenant: &TenantSettings,
    hash: &str,
    sort: &str,
) -> Result<(Option<String>, bool)> {
    let mut latest = None;
    let mut offset = 0;
    loop {
        let page = shop.search(hash, sort, offset, PAGE).await?;
        let mut events = Vec::new();
        for order in &page.orders {
            latest = latest.max(order.changed_at().map(str::to_owned));
            if wanted(ctx, tenant, order).await? {
                events.push(envelope(tenant, order));
            }
        }
        let sent = ctx
            .registry
            .publish_all(ctx.queue.as_ref(), tenant, &events, false)
            .await?;
        tracing::debug!(message = "Shop-Script orders read.", tenant = %tenant.id, hash, read = page.orders.len(), changed = events.len(), sent);
        if (page.orders.len() as u32) < PAGE {
            return Ok((latest, true));
        }
        let left = ctx
            .deadline
            .saturating_duration_since(tokio::time::Instant::now());
        if left < Duration::from_secs(5) {
            return Ok((latest, false));
        }
        offset += PAGE;
    }
}

/// Whether the flow has something to do for `order`.
async fn wanted(ctx: &JobContext, tenant: &TenantSettings, order: &Order) -> Result<bool> {
    let Some(ss) = &tenant.shopscript else {
        return Ok(false);
    };
    let (links, cursors) = (ctx.store.links.as_ref(), ctx.store.cursors.as_ref());
    let linked = deal_of(links, &tenant.id, order.id).await?.is_some();
    if !linked && ss.automatic_for(order.storefront()).is_none() {
        return Ok(false);
    }
    let synced = seen(cursors, &tenant.id, order.id).await?;
    Ok(synced != Some(order.version()))
}

fn envelope(tenant: &TenantSettings, order: &Order) -> Envelope {
    let at = order.changed_at().unwrap_or_default();
    Envelope {
        tenant: tenant.id.clone(),
        source: System::ShopScript,
        kind: EventKind::Updated,
        entity: EntityKind::Order,
        external_id: order.id.to_string(),
        dedupe_key: format!(
            "shopscript:{}:order:{}:version:{}",
            tenant.id,
            order.id,
            order.version()
        ),
        received_at: now_ms(),
        payload: json!({ "id": order.id, "state_id": order.state_id, "changed_at": at }),
        flow: None,
    }
}
