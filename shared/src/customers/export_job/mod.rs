//! Customer exports in the background (CM-4): for lists too long to wait
//! for, the admin API queues a job; a worker (on AWS the export function,
//! whose 15 minutes fit a long list) writes the file page by page, saying
//! how far it got, and publishes it where the ICML catalogues are kept
//! (`flows::icml::files`: a directory locally, S3 on AWS); the console
//! shows the progress and, when done, a download link.
//!
//! A job is a queue message like any event: durable before the API answers
//! 202, retried when a peer throttles or fails, dead-lettered when hopeless.
//! A tenant's jobs run one at a time (one FIFO group per tenant), which
//! keeps a long export within the peer's rate budget.
//!
//! - `jobs`: the tenant's recent jobs and their progress, kept in the store.
//! - `request`: queues a job.
//! - `run`: writes, publishes and reports it.

pub mod jobs;
pub mod request;
mod run;

pub use jobs::{ExportJob, JobState};

use crate::error::Result;
use crate::flows::icml::files::CatalogueFiles;
use crate::flows::{Flow, FlowCtx, Outcome, Subscription};
use crate::model::{EntityKind, Envelope, System};
use crate::settings::TenantSettings;
use async_trait::async_trait;
use std::sync::Arc;

/// The flow's id: jobs are queued for it directly.
pub const FLOW_ID: &str = "customer-export";

const CONSUMES: &[Subscription] = &[
    Subscription::of(System::OpenCart, EntityKind::CustomerExport),
    Subscription::of(System::RetailCrm, EntityKind::CustomerExport),
    Subscription::of(System::WooCommerce, EntityKind::CustomerExport),
];

/// The flow: queued export jobs → published files.
pub struct CustomerExports {
    /// Where files are published; `None`: this process refuses jobs (on
    /// AWS only the export function may write the bucket).
    files: Option<Arc<dyn CatalogueFiles>>,
}

impl CustomerExports {
    pub fn new(files: Option<Arc<dyn CatalogueFiles>>) -> Self {
        CustomerExports { files }
    }
}

#[async_trait]
impl Flow for CustomerExports {
    fn id(&self) -> &'static str {
        FLOW_ID
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, _tenant: &TenantSettings) -> bool {
        // A job names its system; `run` says when that system is gone.
        true
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        run::run(ctx, self.files.as_deref(), envelope).await
    }
}
