//! MS-B7, the I/O half: a problem (`rules::problems`) becomes a task for
//! the tenant's chosen CRM user, at most one open per problem.
//!
//! The CRM is asked for an open task carrying the problem's marker before
//! one is made, under a short lease so two workers hitting the problem at
//! once do not both make one; a crash after making it leaves the task to be
//! found next time. After a look, the problem is not looked at again for a
//! few minutes: a failing account must not spend the CRM's budget on every
//! message. Raising a task never fails the message (it is logged).

use super::context::Ctx;
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::problems::{Problem, problem_of};
use crate::store::Store;
use std::time::Duration;

/// How long after a look a problem is not looked at again.
const QUIET: Duration = Duration::from_secs(600);

/// Raises `err` as a task if it is a problem the merchant must fix.
pub(crate) async fn raise(store: &Store, ctx: &Ctx, err: &Error) {
    let (Some(problem), Some(user)) = (problem_of(err), ctx.sync.problem_user) else {
        return;
    };
    if let Err(error) = task(store, ctx, &problem, user).await {
        tracing::warn!(message = "MS-B7: could not set a task for an integration problem.", %error, code = problem.code);
    }
}

async fn task(store: &Store, ctx: &Ctx, problem: &Problem, user: i64) -> Result<()> {
    let tenant = &ctx.settings.id;
    let quiet = format!("ms-b7:{}", problem.code);
    if store
        .idempotency
        .has_idempotency_key(tenant, &quiet)
        .await?
    {
        return Ok(());
    }
    let owner = uuid::Uuid::new_v4().to_string();
    let lease = format!("ms-b7:{}", problem.code);
    if !store
        .leases
        .try_acquire_lease(tenant, &lease, &owner, Duration::from_secs(30))
        .await?
    {
        return Ok(()); // another worker is on it
    }
    let result = async {
        let open = ctx.crm.open_tasks(user, &problem.marker()).await?;
        if open.is_empty() {
            let note = "Synclane could not sync the CRM with MoySklad; it retries by itself once this is fixed.";
            ctx.crm.task_create(user, &problem.task_text(), note).await?;
        }
        store.idempotency.claim_idempotency_key(tenant, &quiet, QUIET).await?;
        Ok(())
    }
    .await;
    let _ = store.leases.release_lease(tenant, &lease, &owner).await;
    result
}
