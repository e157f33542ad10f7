//! ICML on demand (MS-B9): the admin API queues a request; a worker (the
//! `icml-export` function on AWS, whose 15 minutes fit a large catalogue)
//! generates the catalogue into a staged file, validates it and publishes
//! it; the status in the store says how far it got.
//!
//! A request is a queue message like any event, so it is durable before the
//! API answers 202, retried on throttling, dead-lettered when hopeless, and
//! one tenant's exports run one at a time (one FIFO group per tenant).

use super::files::CatalogueFiles;
use super::status::{self, ExportState, ExportStatus, Published};
use super::{IcmlShop, validate, write};
use crate::connectors::moysklad::MoySklad;
use crate::error::{Error, Result};
use crate::flows::{FlowCtx, Outcome};
use crate::model::{EntityKind, Envelope, EventKind, System, TenantId};
use crate::queue::{Outgoing, Queue};
use crate::settings::TenantSettings;
use crate::store::Store;

/// The envelope's `external_id`: every request of a tenant shares one FIFO group.
const EXTERNAL_ID: &str = "icml";

/// Queues an export of `tenant`'s MoySklad catalogue; returns the status to show.
pub async fn request(
    store: &Store,
    queue: &dyn Queue,
    tenant: &TenantSettings,
) -> Result<ExportStatus> {
    tenant.moysklad_account()?;
    let request_id = uuid::Uuid::now_v7().to_string();
    let envelope = Envelope {
        tenant: tenant.id.clone(),
        source: System::MoySklad,
        kind: EventKind::Created,
        entity: EntityKind::Catalogue,
        external_id: EXTERNAL_ID.into(),
        dedupe_key: format!("icml:{request_id}"),
        received_at: crate::clock::now_ms(),
        payload: serde_json::json!({ "request_id": request_id }),
        flow: None,
    }
    .for_flow(super::FLOW_ID);
    // Queued first: a status never promises work that is not durable.
    queue.send(Outgoing::of(&envelope)?).await?;
    let mut queued = ExportStatus {
        request_id: request_id.clone(),
        state: ExportState::Queued,
        requested_at: envelope.received_at,
        error: None,
        retrying: false,
        published: None,
    };
    loop {
        let (current, version) = status::load(store, &tenant.id).await?;
        if let Some(current) = current {
            if current.request_id == request_id {
                // A worker took the request already; its word is newer.
                return Ok(current);
            }
            queued.published = current.published;
        }
        if status::save(store, &tenant.id, &queued, version).await? {
            return Ok(queued);
        }
    }
}

/// Generates and publishes the catalogue a request envelope asks for.
pub async fn run(
    ctx: &FlowCtx<'_>,
    files: Option<&dyn CatalogueFiles>,
    envelope: &Envelope,
) -> Result<Outcome> {
    let store = ctx.store;
    let files = files.ok_or_else(|| {
        Error::Invalid("this worker has no catalogue storage (ICML_BUCKET is not set)".into())
    })?;
    let request_id = envelope.payload["request_id"]
        .as_str()
        .ok_or_else(|| Error::Invalid("an ICML request without request_id".into()))?;
    let tenant = ctx.tenant;
    let Some(published_before) = begin(store.as_ref(), &tenant.id, request_id, envelope).await?
    else {
        return Ok(Outcome::Skipped(
            "a newer ICML request replaces this one".into(),
        ));
    };
    let ms = ctx.peers.moysklad_of(tenant)?;
    let shop = shop_of(tenant);
    let result = generate(&ms, &shop, files, &tenant.id).await;
    let done = ExportStatus {
        request_id: request_id.to_owned(),
        state: if result.is_ok() {
            ExportState::Ready
        } else {
            ExportState::Failed
        },
        requested_at: envelope.received_at,
        error: result.as_ref().err().map(ToString::to_string),
        retrying: result.as_ref().is_err_and(Error::is_retryable),
        published: result.as_ref().ok().cloned().or(published_before),
    };
    finish(store.as_ref(), &tenant.id, done).await?;
    result.map(|p| {
        tracing::info!(message = "ICML catalogue published.", tenant = %tenant.id, offers = p.offers, bytes = p.bytes);
        Outcome::Applied
    })
}

/// The `<shop>` header: the CRM site's code names the shop.
fn shop_of(tenant: &TenantSettings) -> IcmlShop {
    let name = tenant
        .retailcrm
        .as_ref()
        .map_or_else(|| tenant.id.to_string(), |crm| crm.site.clone());
    IcmlShop {
        company: name.clone(),
        name,
    }
}

/// Marks the request running; `None` when a newer request is queued (it will
/// run instead), else the catalogue published before.
async fn begin(
    store: &Store,
    tenant: &TenantId,
    request_id: &str,
    envelope: &Envelope,
) -> Result<Option<Option<Published>>> {
    loop {
        let (current, version) = status::load(store, tenant).await?;
        let published = current.as_ref().and_then(|c| c.published.clone());
        if let Some(c) = &current
            && c.request_id != request_id
            && c.requested_at > envelope.received_at
        {
            return Ok(None);
        }
        let running = ExportStatus {
            request_id: request_id.to_owned(),
            state: ExportState::Running,
            requested_at: envelope.received_at,
            error: None,
            retrying: false,
            published: published.clone(),
        };
        if status::save(store, tenant, &running, version).await? {
            return Ok(Some(published));
        }
    }
}

/// Records how the request ended. If a newer request was queued meanwhile,
/// its status stays; only a newly published catalogue is carried over.
async fn finish(store: &Store, tenant: &TenantId, done: ExportStatus) -> Result<()> {
    loop {
        let (current, version) = status::load(store, tenant).await?;
        let status = match current {
            Some(mut newer) if newer.request_id != done.request_id => {
                if done.state != ExportState::Ready {
                    return Ok(());
                }
                newer.published = done.published.clone();
                newer
            }
            _ => done.clone(),
        };
        if status::save(store, tenant, &status, version).await? {
            return Ok(());
        }
    }
}

/// Writes the catalogue to a staged file, checks it, publishes it.
async fn generate(
    ms: &MoySklad,
    shop: &IcmlShop,
    files: &dyn CatalogueFiles,
    tenant: &TenantId,
) -> Result<Published> {
    let staged = files.staged_file()?;
    let (file, path) = staged.into_parts();
    let mut out = std::io::BufWriter::new(file);
    let offers = write(ms, shop, &mut out).await?;
    let file = out.into_inner().map_err(|e| Error::storage(e.error()))?;
    file.sync_all().map_err(Error::storage)?;
    let bytes = file.metadata().map_err(Error::storage)?.len();
    let check = path.to_path_buf();
    let summary = tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(check).map_err(Error::storage)?;
        validate(std::io::BufReader::new(file))
    })
    .await
    .map_err(Error::storage)??;
    if summary.offers != offers {
        return Err(Error::Invalid(format!(
            "the catalogue holds {} offers, {offers} were written",
            summary.offers
        )));
    }
    files.publish(tenant, path).await?;
    Ok(Published {
        at: crate::clock::now_ms(),
        offers,
        variant_offers: summary.variant_offers,
        categories: summary.categories,
        bytes,
    })
}
