//! Where a started backfill pass runs: in this process (the local
//! runtime), or queued for the export function when this process cannot
//! run it (the admin Lambda: `backfill::queued`). The caller has taken the
//! pass's lease as `owner` either way.

use super::AdminState;
use crate::backfill::Progress;
use crate::backfill::queued::{self, Pass};
use crate::error::Result;
use crate::model::TenantId;
use std::future::Future;

/// Runs `run` (the pass, as `owner`) in a task of this process, or queues it.
pub(crate) async fn launch(
    app: &AdminState,
    tenant: &TenantId,
    pass: Pass,
    owner: &str,
    run: impl Future<Output = Result<Progress>> + Send + 'static,
) -> Result<()> {
    if let Some(queue) = &app.backfill_queue {
        return queued::request(queue.as_ref(), tenant, pass, owner).await;
    }
    let tenant = tenant.clone();
    tokio::spawn(async move {
        if let Err(error) = run.await {
            tracing::warn!(message = "The backfill stopped.", %tenant, ?pass, %error);
        }
    });
    Ok(())
}
