//! What every backfill pass does around its matching (customers, orders,
//! MoySklad): the lease (one run per tenant and pass), the progress register
//! (begin or resume, a checkpoint per step, `Failed` with the error when the
//! run stops), the lease renewed every page, released at the end.
//!
//! A pass is named once (`name`): its lease, its progress register and its
//! report snapshot all carry that name (`checkpoint::*_named`).

use super::checkpoint;
use super::progress::{Progress, Status};
use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::Store;
use std::future::Future;
use std::time::Duration;

/// How long a lease outlives its holder's last renewal.
pub const LEASE: Duration = Duration::from_secs(10);

/// Called after every checkpoint.
pub type Observer<'a> = &'a (dyn Fn(&Progress) + Send + Sync);

/// One run attempt of one pass.
pub(super) struct Skeleton<'a> {
    pub store: &'a Store,
    pub tenant: &'a TenantId,
    /// The lease, register and report snapshot.
    pub name: &'static str,
    /// Who holds the lease.
    pub owner: &'a str,
    /// The pass in messages ("an order backfill").
    pub what: &'static str,
}

impl Skeleton<'_> {
    /// Takes the lease for this owner; `false` if another run holds it.
    pub async fn take_lease(&self) -> Result<bool> {
        self.store
            .leases
            .try_acquire_lease(self.tenant, self.name, self.owner, LEASE)
            .await
    }

    /// Runs `body` under the lease: `Error::Busy` when another run holds
    /// it; a failure is checkpointed as `Failed` before it returns.
    pub async fn run(&self, body: impl Future<Output = Result<Progress>>) -> Result<Progress> {
        if !self.take_lease().await? {
            return Err(Error::Busy(format!(
                "{} run of this tenant is going on",
                self.what
            )));
        }
        let result = body.await;
        match &result {
            // Another run has the checkpoint now: it is not ours to mark.
            Err(Error::Busy(_)) | Ok(_) => {}
            Err(error) => self.mark_failed(error).await,
        }
        let release = self
            .store
            .leases
            .release_lease(self.tenant, self.name, self.owner);
        if let Err(error) = release.await {
            tracing::warn!(message = "Could not release a backfill lease.", pass = self.name, %error);
        }
        result
    }

    /// The run to go on with (a new one after a finished run) and the
    /// register's version.
    pub async fn begin(&self) -> Result<(Progress, u64)> {
        let cursors = self.store.cursors.as_ref();
        let (stored, version) = checkpoint::load_named(cursors, self.tenant, self.name).await?;
        let mut progress = match stored {
            Some(p) if p.resumable() => p,
            _ => Progress::new(uuid::Uuid::now_v7().to_string(), now_ms()),
        };
        progress.error = None;
        Ok((progress, version))
    }

    /// Sets the status, checkpoints, tells the observer.
    pub async fn step(
        &self,
        progress: &mut Progress,
        version: &mut u64,
        status: Status,
        observe: Observer<'_>,
    ) -> Result<()> {
        progress.status = status;
        progress.updated_ms = now_ms();
        let cursors = self.store.cursors.as_ref();
        *version =
            checkpoint::save_named(cursors, self.tenant, self.name, progress, *version).await?;
        observe(progress);
        Ok(())
    }

    /// Renews the lease; `Error::Busy` once it is lost.
    pub async fn renew(&self) -> Result<()> {
        let held = self
            .store
            .leases
            .renew_lease(self.tenant, self.name, self.owner, LEASE)
            .await?;
        if held {
            Ok(())
        } else {
            Err(Error::Busy(format!("the {} lease was lost", self.what)))
        }
    }

    /// Checkpoints `Failed` with the error, if the checkpoint is still ours to write.
    async fn mark_failed(&self, error: &Error) {
        let cursors = self.store.cursors.as_ref();
        let Ok((Some(mut progress), version)) =
            checkpoint::load_named(cursors, self.tenant, self.name).await
        else {
            return;
        };
        if progress.status == Status::Done {
            return;
        }
        progress.status = Status::Failed;
        progress.error = Some(error.to_string());
        progress.updated_ms = now_ms();
        if let Err(e) =
            checkpoint::save_named(cursors, self.tenant, self.name, &progress, version).await
        {
            tracing::warn!(message = "Could not record a backfill's failure.", pass = self.name, error = %e);
        }
    }
}
