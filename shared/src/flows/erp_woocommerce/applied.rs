//! What was last applied of one third party: its `updated_at` (the stale
//! guard), the fingerprint of its content when everything was applied (an
//! unchanged record skips the shop entirely), and the dedupe key of that
//! version's event. Kept in a cursor `erp_woocommerce:{tiers_id}`, written
//! with compare-and-swap so the newest version always wins.
//!
//! The repair mark: when the shop reports a change to or the deletion of a
//! linked account, `mark_for_repair` clears the fingerprint (the next feed
//! of this third party reads the shop and puts back what the ERP holds,
//! even a version equal to the last one) and hands back the dedupe key,
//! whose done-key the caller releases (so the same version is applied
//! again instead of being skipped as done).

use crate::connectors::erp::ThirdParty;
use crate::error::{Error, Result};
use crate::flows::fingerprint;
use crate::model::TenantId;
use crate::settings::{Deactivation, WooCommerceSettings};
use crate::store::{Cursors, PutOutcome};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;

/// The record of one third party.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Applied {
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
    /// `content` of the version applied, when every account was settled;
    /// `None`: the next feed must look at the shop.
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// The applied event's dedupe key.
    #[serde(default)]
    pub dedupe_key: Option<String>,
}

/// The record and its cursor version (0: none yet).
#[derive(Debug, Clone, Default)]
pub(super) struct Stored {
    pub applied: Applied,
    pub version: u64,
}

fn name(tiers_id: &str) -> String {
    format!("erp_woocommerce:{tiers_id}")
}

/// The record of `tiers_id`.
pub(super) async fn load(store: &dyn Cursors, tenant: &TenantId, tiers_id: &str) -> Result<Stored> {
    let Some(cursor) = store.get_cursor(tenant, &name(tiers_id)).await? else {
        return Ok(Stored::default());
    };
    let applied = serde_json::from_str(&cursor.value)
        .map_err(|e| Error::Storage(format!("applied record of {tiers_id:?}: {e}")))?;
    Ok(Stored {
        applied,
        version: cursor.version,
    })
}

/// Writes `new` over `stored`, unless a newer version was recorded meanwhile
/// (that one stands). If the record changed since `stored` was read (a
/// repair mark, most likely), `new` is written without its fingerprint: the
/// next feed then looks at the shop rather than trust this run.
pub(super) async fn save(
    store: &dyn Cursors,
    tenant: &TenantId,
    tiers_id: &str,
    mut stored: Stored,
    new: &Applied,
) -> Result<()> {
    let mut new = new.clone();
    loop {
        if stored.applied.updated_at > new.updated_at {
            return Ok(());
        }
        let value = serde_json::to_string(&new).map_err(Error::storage)?;
        match store
            .put_cursor(tenant, &name(tiers_id), &value, stored.version)
            .await?
        {
            PutOutcome::Created => return Ok(()),
            PutOutcome::Exists(_) => {
                stored = load(store, tenant, tiers_id).await?;
                new.fingerprint = None;
            }
        }
    }
}

/// Marks `tiers_id` for repair at its next feed; returns the dedupe key of
/// the version last applied, if any.
pub(super) async fn mark_for_repair(
    store: &dyn Cursors,
    tenant: &TenantId,
    tiers_id: &str,
) -> Result<Option<String>> {
    loop {
        let stored = load(store, tenant, tiers_id).await?;
        if stored.version == 0 {
            return Ok(None);
        }
        let marked = Applied {
            fingerprint: None,
            ..stored.applied.clone()
        };
        let value = serde_json::to_string(&marked).map_err(Error::storage)?;
        if let PutOutcome::Created = store
            .put_cursor(tenant, &name(tiers_id), &value, stored.version)
            .await?
        {
            return Ok(marked.dedupe_key);
        }
    }
}

/// The fingerprint of what the rules would send for `tp` in this shop:
/// its content without `updated_at` (an ERP touching a record without a
/// change we send still skips), and the settings the plan depends on
/// (never a secret).
pub(super) fn content(settings: &WooCommerceSettings, tp: &ThirdParty) -> String {
    let mut record = tp.to_payload();
    if let Some(fields) = record.as_object_mut() {
        fields.remove("updated_at");
    }
    let deactivation = match &settings.deactivation {
        Deactivation::Meta {
            key,
            active_value,
            inactive_value,
        } => json!(["meta", key, active_value, inactive_value]),
        Deactivation::Role {
            active, inactive, ..
        } => json!(["role", active, inactive]),
    };
    fingerprint::of(&json!({
        "record": record,
        "shop": settings.base_url,
        "addresses": settings.addresses,
        "welcome_email": settings.welcome_email,
        "deactivation": deactivation,
    }))
}
