//! MS-B10: writes the MoySklad id of a linked CRM order, customer or
//! corporate customer into its "MoySklad id" custom field, creating the
//! field's definition first (once per tenant and entity: the CRM refuses
//! values of fields it does not know).

use super::context::Ctx;
use crate::connectors::retailcrm::{CorporatePatch, CustomerPatch, OrderPatch};
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::MOYSKLAD_ID_FIELD;
use crate::flows::crm_moysklad::rules::moysklad_id::show_moysklad_id;
use crate::model::{EntityKind, TenantId};
use crate::store::Store;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// The CRM record to show the id on, with the custom fields it shows now.
pub(super) struct CrmRecord<'a> {
    pub kind: EntityKind,
    pub id: i64,
    /// The order's site (order edits name it); unused for customers.
    pub site: Option<&'a str>,
    pub custom_fields: &'a BTreeMap<String, Value>,
}

/// Makes `record` show `ms_id`; writes nothing when it does already.
/// Returns whether it wrote.
pub(super) async fn show(
    store: &Store,
    ctx: &Ctx,
    tenant: &TenantId,
    record: &CrmRecord<'_>,
    ms_id: &str,
) -> Result<bool> {
    let Some(write) = show_moysklad_id(record.kind, record.custom_fields, ms_id) else {
        return Ok(false);
    };
    ensure_field(store, ctx, tenant, write.entity).await?;
    let custom_fields = write.custom_fields;
    match record.kind {
        EntityKind::Order => {
            let patch = OrderPatch {
                custom_fields: custom_fields
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
                ..OrderPatch::default()
            };
            let site = record.site.unwrap_or_default();
            ctx.crm.order_patch(record.id, site, &patch).await?
        }
        EntityKind::Customer => {
            let patch = CustomerPatch {
                custom_fields,
                ..CustomerPatch::default()
            };
            ctx.crm.customer_patch(record.id, &patch).await?
        }
        EntityKind::CorporateCustomer => {
            let patch = CorporatePatch { custom_fields };
            ctx.crm.corporate_patch(record.id, &patch).await?
        }
        other => {
            return Err(Error::Invalid(format!(
                "MS-B10: no CRM custom field for {other}"
            )));
        }
    }
    Ok(true)
}

/// Creates the MS-B10 field on `entity` unless this tenant did already
/// (remembered for 30 days, then checked again: a manager may delete it).
async fn ensure_field(store: &Store, ctx: &Ctx, tenant: &TenantId, entity: &str) -> Result<()> {
    let key = format!("crm-custom-field:{entity}:{MOYSKLAD_ID_FIELD}");
    if store.idempotency.has_idempotency_key(tenant, &key).await? {
        return Ok(());
    }
    ctx.crm
        .custom_field_ensure(entity, MOYSKLAD_ID_FIELD, "MoySklad id")
        .await?;
    store
        .idempotency
        .claim_idempotency_key(tenant, &key, Duration::from_secs(30 * 86_400))
        .await?;
    Ok(())
}
