//! Backfill runs on AWS: the admin Lambda is frozen once it answers, so it
//! cannot run a pass itself. It takes the pass's lease (so a second start
//! is refused at once, as locally), then queues a request on the export
//! queue; the export function (15 minutes, the ICML and customer-export
//! worker) runs the pass under the same lease owner. A run cut short (a
//! timeout, a crash) comes back with its message and resumes from its
//! checkpoint; a request meeting another run's lease waits for it
//! (`Error::Busy` is a wait, not a failure).
//!
//! A request is a queue message like any event: durable before the API
//! answers 202. One tenant's runs share one FIFO group, so they go one at a
//! time, within the CRM key's rate budget.

use super::{customers_job, moysklad_job, offers_job, orders_job};
use crate::error::{Error, Result};
use crate::flows::{Flow, FlowCtx, Outcome, Subscription};
use crate::model::{EntityKind, Envelope, EventKind, System, TenantId};
use crate::peers::Peers;
use crate::queue::{Outgoing, Queue};
use crate::settings::TenantSettings;
use crate::store::Store;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// The flow's id: requests are queued for it directly.
pub const FLOW_ID: &str = "backfill";

const CONSUMES: &[Subscription] = &[Subscription::of(System::RetailCrm, EntityKind::Backfill)];

/// A backfill pass, as a request names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pass {
    Customers,
    Orders,
    MoySklad,
    Offers,
}

/// What a request carries.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    pass: Pass,
    /// The lease owner the admin took the lease as.
    owner: String,
}

/// Queues `pass` of `tenant` to run as `owner` (whose lease the caller holds).
pub async fn request(queue: &dyn Queue, tenant: &TenantId, pass: Pass, owner: &str) -> Result<()> {
    let request = Request {
        pass,
        owner: owner.to_owned(),
    };
    let envelope = Envelope {
        tenant: tenant.clone(),
        source: System::RetailCrm,
        kind: EventKind::Created,
        entity: EntityKind::Backfill,
        // Every run of a tenant in one FIFO group.
        external_id: FLOW_ID.into(),
        dedupe_key: format!("backfill:{owner}"),
        received_at: crate::clock::now_ms(),
        payload: serde_json::to_value(&request).map_err(|e| Error::Invalid(e.to_string()))?,
        flow: None,
    }
    .for_flow(FLOW_ID);
    queue.send(Outgoing::of(&envelope)?).await
}

/// Runs `pass` of `tenant` to its end as `owner`.
pub async fn run_pass(
    store: &Store,
    peers: &Peers,
    tenant: &TenantSettings,
    pass: Pass,
    owner: &str,
) -> Result<()> {
    // A peer the settings lost since the request: nothing to run, for good.
    let gone = |e: Error| Error::Invalid(format!("the {pass:?} backfill cannot run: {e}"));
    match pass {
        Pass::Customers => {
            let mut job = customers_job(store, peers, tenant).map_err(gone)?;
            job.owner = owner.to_owned();
            job.run(&|_| {}).await?;
        }
        Pass::Orders => {
            let mut job = orders_job(store, peers, tenant).map_err(gone)?;
            job.owner = owner.to_owned();
            job.run(&|_| {}).await?;
        }
        Pass::MoySklad => {
            let mut job = moysklad_job(store, peers, tenant).map_err(gone)?;
            job.owner = owner.to_owned();
            job.run(&|_| {}).await?;
        }
        Pass::Offers => {
            let mut job = offers_job(store, peers, tenant).map_err(gone)?;
            job.owner = owner.to_owned();
            job.run(&|_| {}).await?;
        }
    }
    Ok(())
}

/// The flow: queued backfill requests → runs.
pub struct BackfillRuns;

#[async_trait]
impl Flow for BackfillRuns {
    fn id(&self) -> &'static str {
        FLOW_ID
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.retailcrm.is_some()
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        let request: Request = serde_json::from_value(envelope.payload.clone())
            .map_err(|e| Error::Invalid(format!("not a backfill request: {e}")))?;
        run_pass(
            ctx.store,
            ctx.peers,
            ctx.tenant,
            request.pass,
            &request.owner,
        )
        .await?;
        // Not `Applied`: that is metered, and a backfill writes no peer
        // (usage counts sync operations only).
        Ok(Outcome::Skipped(
            "backfill run to its end: links recorded, no peer written".into(),
        ))
    }
}
