//! The tenant's journal (MS-B8, the seeds' "Журнал"): problems worth showing
//! the merchant, each naming its record and why, kept `retention_days` and
//! shown up to `max_entries` (tenant settings; the reference keeps 50
//! entries for 5 days). A failure to journal is logged, never raised: it
//! must not hide the error being journalled.

use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::{Envelope, TenantId};
use crate::settings::TenantSettings;
use crate::store::{JournalEntry, JournalLevel, Store};
use std::time::Duration;

/// Appends an entry about one record.
pub async fn note(
    store: &Store,
    settings: &TenantSettings,
    entity: &str,
    external_id: &str,
    message: &str,
) {
    let entry = entry(entity, external_id, message, JournalLevel::Info, None);
    append(store, &settings.id, settings.journal.retention_days, entry).await;
}

/// A message failed and will be tried again: the merchant sees the stuck
/// record and why before it could ever be lost.
pub async fn record_retry(store: &Store, body: &str, error: &Error, attempt: u32, delay: Duration) {
    let message = format!(
        "attempt {attempt} failed, retrying in {}s: {error}",
        delay.as_secs().max(1)
    );
    record(store, body, &message, JournalLevel::Warning).await;
}

/// A message can never succeed as it is and goes to the dead letters.
pub async fn record_failure(store: &Store, body: &str, error: &Error) {
    let message = format!("not applied (dead letter): {error}");
    record(store, body, &message, JournalLevel::Error).await;
}

/// The journal as the merchant sees it: newest first, at most `max_entries`.
pub async fn recent(store: &Store, tenant: &TenantId) -> Result<Vec<JournalEntry>> {
    let max = match store.tenants.get_tenant(tenant).await? {
        Some(s) => s.journal.max_entries,
        None => 50,
    };
    store.journal.list_journal(tenant, max as usize).await
}

async fn record(store: &Store, body: &str, message: &str, level: JournalLevel) {
    let Ok(envelope) = serde_json::from_str::<Envelope>(body) else {
        tracing::warn!(
            message = "A message that is not an envelope failed.",
            problem = message
        );
        return;
    };
    let retention_days = match store.tenants.get_tenant(&envelope.tenant).await {
        Ok(Some(settings)) => settings.journal.retention_days,
        _ => 5,
    };
    let what = format!("{} {}: {message}", envelope.source, envelope.entity);
    let entry = entry(
        envelope.entity.as_str(),
        &envelope.external_id,
        &what,
        level,
        envelope.flow.clone(),
    );
    append(store, &envelope.tenant, retention_days, entry).await;
}

/// An entry written now.
pub fn entry(
    entity: &str,
    external_id: &str,
    message: &str,
    level: JournalLevel,
    flow: Option<String>,
) -> JournalEntry {
    JournalEntry {
        at_ms: now_ms(),
        entity: entity.to_owned(),
        external_id: external_id.to_owned(),
        message: message.to_owned(),
        level,
        flow,
    }
}

async fn append(store: &Store, tenant: &TenantId, retention_days: u32, entry: JournalEntry) {
    let ttl = Duration::from_secs(u64::from(retention_days.max(1)) * 86_400);
    if let Err(error) = store.journal.append_journal(tenant, &entry, ttl).await {
        tracing::error!(message = "Could not write the journal.", %error, %tenant);
    }
}
