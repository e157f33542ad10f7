//! `icml-refresh`: keeps the catalogue the CRM loads fresh (MS-B9). For each
//! tenant with `icml.every_hours` set, it queues an export when the last
//! one, whatever became of it, is that old: a shop module regenerates its
//! `retailcrm.xml` on a timer the same way. The export itself runs like one
//! asked for through the admin API.

use super::status::{self, ExportStatus};
use crate::error::Result;
use crate::flows::schedule::{JobContext, ScheduledJob};
use crate::settings::TenantSettings;
use async_trait::async_trait;
use std::time::Duration;

/// The job; see the module docs.
pub struct IcmlRefresh;

/// Whether a new export is due: none yet, or the latest request (or the
/// catalogue it published) is `every_hours` old. A request in flight or
/// failed recently is not repeated before that either.
pub fn due(status: Option<&ExportStatus>, every_hours: u32, now_ms: i64) -> bool {
    let Some(status) = status else {
        return true;
    };
    let published = status.published.as_ref().map_or(0, |p| p.at);
    let latest = status.requested_at.max(published);
    now_ms - latest >= i64::from(every_hours) * 3_600_000
}

fn every_hours(tenant: &TenantSettings) -> u32 {
    tenant
        .moysklad
        .as_ref()
        .and_then(|ms| ms.sync.as_ref())
        .map_or(0, |sync| sync.icml.every_hours)
}

#[async_trait]
impl ScheduledJob for IcmlRefresh {
    fn name(&self) -> &'static str {
        "icml-refresh"
    }

    fn every(&self) -> Duration {
        Duration::from_secs(15 * 60)
    }

    fn applies_to(&self, _: &JobContext, tenant: &TenantSettings) -> bool {
        every_hours(tenant) > 0
    }

    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()> {
        let current = status::get(ctx.store.as_ref(), &tenant.id).await?;
        if due(
            current.as_ref(),
            every_hours(tenant),
            crate::clock::now_ms(),
        ) {
            let queued =
                super::export::request(ctx.store.as_ref(), ctx.queue.as_ref(), tenant).await?;
            tracing::info!(message = "ICML refresh queued.", tenant = %tenant.id, request_id = %queued.request_id);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::icml::{ExportState, Published};

    const HOUR: i64 = 3_600_000;

    fn status(state: ExportState, requested_at: i64, published_at: Option<i64>) -> ExportStatus {
        ExportStatus {
            request_id: "r".into(),
            state,
            requested_at,
            error: None,
            retrying: false,
            published: published_at.map(|at| Published {
                at,
                offers: 1,
                variant_offers: 0,
                categories: 0,
                bytes: 1,
            }),
        }
    }

    #[test]
    fn ms_b9_icml_refresh_is_due_when_the_catalogue_is_old() {
        let now = 100 * HOUR;
        assert!(due(None, 4, now), "never exported");
        let fresh = status(ExportState::Ready, now - 2 * HOUR, Some(now - 2 * HOUR));
        assert!(!due(Some(&fresh), 4, now));
        let old = status(ExportState::Ready, now - 5 * HOUR, Some(now - 4 * HOUR));
        assert!(due(Some(&old), 4, now));
    }

    #[test]
    fn ms_b9_icml_refresh_does_not_repeat_a_recent_request() {
        let now = 100 * HOUR;
        let queued = status(ExportState::Queued, now - HOUR, Some(now - 30 * HOUR));
        assert!(!due(Some(&queued), 4, now), "one is on its way");
        let failed = status(ExportState::Failed, now - HOUR, None);
        assert!(
            !due(Some(&failed), 4, now),
            "a failure waits for the next period"
        );
        let stale = status(ExportState::Failed, now - 4 * HOUR, None);
        assert!(due(Some(&stale), 4, now));
    }
}
