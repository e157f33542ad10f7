//! Failures the merchant should see go to the tenant's journal (MS-B8).

use crate::clock::now_ms;
use crate::error::Error;
use crate::model::Envelope;
use crate::store::{JournalEntry, Store};
use std::time::Duration;

/// Writes a journal entry for a failed envelope. Failing to journal is only
/// logged: it must not hide the original error.
pub async fn record_failure(store: &dyn Store, body: &str, error: &Error) {
    let Ok(envelope) = serde_json::from_str::<Envelope>(body) else {
        tracing::warn!(message = "Dropping an unreadable message to the dead letters.", %error);
        return;
    };
    let retention_days = match store.get_tenant(&envelope.tenant).await {
        Ok(Some(settings)) => settings.journal.retention_days,
        _ => 5,
    };
    let entry = JournalEntry {
        at_ms: now_ms(),
        entity: envelope.entity.to_string(),
        external_id: envelope.external_id.clone(),
        message: format!("{} {}: {error}", envelope.source, envelope.entity),
    };
    let ttl = Duration::from_secs(u64::from(retention_days) * 24 * 3600);
    if let Err(e) = store.append_journal(&envelope.tenant, &entry, ttl).await {
        tracing::error!(message = "Could not write the journal.", error = %e, tenant = %envelope.tenant);
    }
}
