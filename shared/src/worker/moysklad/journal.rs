//! MS-B8: the tenant's journal of export and update problems: the record
//! (order or customer), the peer's message or the rule's reason, and the
//! time; kept `retention_days` and shown up to `max_entries` (tenant settings;
//! the reference keeps 50 entries for 5 days).

use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use crate::settings::TenantSettings;
use crate::store::{JournalEntry, Store};
use std::time::Duration;

/// Appends an entry; a failure to journal is logged, never raised.
pub async fn note(
    store: &dyn Store,
    settings: &TenantSettings,
    entity: &str,
    external_id: &str,
    message: &str,
) {
    let entry = JournalEntry {
        at_ms: now_ms(),
        entity: entity.to_owned(),
        external_id: external_id.to_owned(),
        message: message.to_owned(),
    };
    let ttl = Duration::from_secs(u64::from(settings.journal.retention_days.max(1)) * 86_400);
    if let Err(error) = store.append_journal(&settings.id, &entry, ttl).await {
        tracing::error!(message = "Could not write the journal.", %error, tenant = %settings.id);
    }
}

/// The journal as the merchant sees it: newest first, at most `max_entries`.
pub async fn recent(store: &dyn Store, tenant: &TenantId) -> Result<Vec<JournalEntry>> {
    let max = match store.get_tenant(tenant).await? {
        Some(s) => s.journal.max_entries,
        None => 50,
    };
    store.list_journal(tenant, max as usize).await
}
