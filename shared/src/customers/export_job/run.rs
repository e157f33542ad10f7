//! The worker's side of a job: read the system page by page, attach each
//! page's links, write the rows to a staged file, report progress (at most
//! once a second), then publish the file and mark the job ready.
//!
//! A redelivered job that is already ready is skipped; one that was running
//! when its worker died starts again from the first page (its staged file
//! died with the worker).

use super::jobs::{self, ExportJob, JobState};
use crate::customers::export::{self, Format, Header, Options};
use crate::customers::links;
use crate::customers::opencart::ExportPage;
use crate::customers::source::{CustomerSource, LISTED_SYSTEMS};
use crate::error::{Error, Result};
use crate::flows::icml::files::{CatalogueFiles, FileName};
use crate::flows::{FlowCtx, Outcome};
use crate::model::{Envelope, TenantId};
use crate::store::Store;
use std::time::{Duration, Instant};

/// How often progress is written to the store.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// What the file is called where it is published.
pub fn file_name(job: &ExportJob) -> Result<FileName> {
    let format = Format::parse(&job.format).map_err(|e| Error::Invalid(e.to_string()))?;
    FileName::parse(&format!(
        "customers-{}-{}.{}",
        job.system,
        job.id,
        format.extension()
    ))
    .ok_or_else(|| Error::Invalid(format!("export job id {:?}", job.id)))
}

pub(super) async fn run(
    ctx: &FlowCtx<'_>,
    files: Option<&dyn CatalogueFiles>,
    envelope: &Envelope,
) -> Result<Outcome> {
    let files = files.ok_or_else(|| {
        Error::Invalid("this worker has no export storage (ICML_BUCKET is not set)".into())
    })?;
    let job: ExportJob = serde_json::from_value(envelope.payload.clone())
        .map_err(|e| Error::Invalid(format!("a customer export job: {e}")))?;
    let tenant = &ctx.tenant.id;
    let store = ctx.store;
    match jobs::get(store, tenant, &job.id).await? {
        None => return Ok(Outcome::Skipped("the job is no longer remembered".into())),
        Some(current) if current.state == JobState::Ready => {
            return Ok(Outcome::Skipped("the job is done".into()));
        }
        Some(_) => {}
    }
    jobs::change(store, tenant, &job.id, |j| {
        j.state = JobState::Running;
        j.rows = 0;
        j.read = 0;
        j.error = None;
    })
    .await?;
    let result = write_and_publish(ctx, files, &job).await;
    let finished_at = crate::clock::now_ms();
    jobs::change(store, tenant, &job.id, |j| match &result {
        Ok(done) => {
            j.state = JobState::Ready;
            j.rows = done.rows;
            j.read = done.read;
            j.of = Some(done.of);
            j.file = Some(done.name.as_str().to_owned());
            j.bytes = Some(done.bytes);
            j.finished_at = Some(finished_at);
            j.error = None;
            j.retrying = false;
        }
        Err(e) => {
            j.state = JobState::Failed;
            j.error = Some(e.to_string());
            j.retrying = e.is_retryable();
            j.finished_at = Some(finished_at);
        }
    })
    .await?;
    let done = result?;
    tracing::info!(message = "Customer export published.", %tenant, job = %job.id, rows = done.rows, bytes = done.bytes);
    Ok(Outcome::Applied)
}

/// A published file.
struct Done {
    name: FileName,
    rows: u64,
    bytes: u64,
    /// Records read from the system, of how many it paged through.
    read: u64,
    of: u64,
}

/// Writes the job's file and publishes it.
async fn write_and_publish(
    ctx: &FlowCtx<'_>,
    files: &dyn CatalogueFiles,
    job: &ExportJob,
) -> Result<Done> {
    let system = LISTED_SYSTEMS
        .into_iter()
        .find(|s| s.as_str() == job.system)
        .ok_or_else(|| Error::Invalid(format!("system {:?} is not listed", job.system)))?;
    if let Some(what) = CustomerSource::missing(ctx.tenant, system) {
        return Err(Error::Invalid(format!("the tenant has no {what} any more")));
    }
    let source = CustomerSource::of(ctx.peers, ctx.tenant, system)?;
    source.check(&job.filter)?;
    let format = Format::parse(&job.format).map_err(|e| Error::Invalid(e.to_string()))?;
    let name = file_name(job)?;

    let staged = files.staged_file()?;
    let (file, path) = staged.into_parts();
    let out = std::io::BufWriter::new(file);
    let header = Header::new(system, time::OffsetDateTime::now_utc());
    let mut sink = export::writer(format, &header, &Options::default(), Box::new(out))
        .map_err(|e| Error::Storage(e.to_string()))?;
    let mut progress = Progress::new(ctx.store, &ctx.tenant.id, &job.id);
    let mut page = 1;
    loop {
        let ExportPage {
            mut rows,
            more,
            scanned,
            of,
        } = source.export_page(&job.filter, page).await?;
        links::attach(ctx.store.links.as_ref(), &ctx.tenant.id, system, &mut rows).await?;
        for row in &rows {
            sink.row(row).map_err(|e| Error::Storage(e.to_string()))?;
        }
        progress.page(rows.len() as u64, scanned, of, more).await?;
        if !more {
            break;
        }
        page += 1;
    }
    let rows = sink.finish().map_err(|e| Error::Storage(e.to_string()))?;
    let bytes = std::fs::metadata(&path).map_err(Error::storage)?.len();
    files
        .publish_named(&ctx.tenant.id, &name, format.content_type(), path)
        .await?;
    Ok(Done {
        name,
        rows,
        bytes,
        read: progress.read,
        of: progress.of,
    })
}

/// Counts what was read and written, and tells the store now and then.
struct Progress<'a> {
    store: &'a Store,
    tenant: &'a TenantId,
    job: &'a str,
    rows: u64,
    read: u64,
    of: u64,
    last: Option<Instant>,
}

impl<'a> Progress<'a> {
    fn new(store: &'a Store, tenant: &'a TenantId, job: &'a str) -> Self {
        Progress {
            store,
            tenant,
            job,
            rows: 0,
            read: 0,
            of: 0,
            last: None,
        }
    }

    /// One page done: `rows` written, `scanned` of the system's `of` read.
    async fn page(&mut self, rows: u64, scanned: u64, of: u64, more: bool) -> Result<()> {
        self.rows += rows;
        self.read += scanned;
        self.of = of;
        let due = self.last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY);
        if !due || !more {
            return Ok(());
        }
        self.last = Some(Instant::now());
        let (rows, read) = (self.rows, self.read);
        jobs::change(self.store, self.tenant, self.job, |j| {
            j.rows = rows;
            j.read = read;
            j.of = Some(of);
        })
        .await?;
        Ok(())
    }
}
