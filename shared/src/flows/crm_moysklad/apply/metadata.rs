//! Definitions the documents need and that change only when a merchant
//! edits them: MoySklad attributes per document type (MS-M6/M9 copies,
//! MS-M12) and CRM custom fields with their dictionaries (MS-M12). Kept in
//! the tenant's snapshot store for an hour, so an order's change does not
//! re-read them: the budgets are the merchant's.

use super::context::Ctx;
use crate::clock::now_ms;
use crate::connectors::moysklad::AttributeMeta;
use crate::connectors::retailcrm::CrmDictionaryElement;
use crate::error::Result;
use crate::flows::crm_moysklad::rules::custom_fields::CrmDictionaries;
use crate::model::TenantId;
use crate::settings::FieldMapping;
use crate::store::Store;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

const SNAPSHOT: &str = "ms-definitions";
const FRESH_MS: i64 = 3_600_000;

#[derive(Serialize, Deserialize)]
struct Kept<T> {
    at_ms: i64,
    value: T,
}

/// `key`'s value from the store while fresh, else from `fetch` (then kept).
pub(super) async fn cached<T, F>(store: &Store, tenant: &TenantId, key: &str, fetch: F) -> Result<T>
where
    T: Serialize + DeserializeOwned,
    F: std::future::Future<Output = Result<T>>,
{
    cached_or_read(store, tenant, key, fetch, true).await
}

/// `cached`; with `keep` false (a dry run) a value fetched is not kept.
async fn cached_or_read<T, F>(
    store: &Store,
    tenant: &TenantId,
    key: &str,
    fetch: F,
    keep: bool,
) -> Result<T>
where
    T: Serialize + DeserializeOwned,
    F: std::future::Future<Output = Result<T>>,
{
    let keys = [key.to_owned()];
    let found = store.snapshots.get_snapshots(tenant, SNAPSHOT, &keys).await;
    if let Some(kept) = found.ok().and_then(|mut m| m.remove(key))
        && let Ok(k) = serde_json::from_str::<Kept<T>>(&kept)
        && now_ms() - k.at_ms < FRESH_MS
    {
        return Ok(k.value);
    }
    let value = fetch.await?;
    if !keep {
        return Ok(value);
    }
    let kept = Kept {
        at_ms: now_ms(),
        value,
    };
    if let Ok(text) = serde_json::to_string(&kept) {
        // A cache that cannot be written costs a read next time, nothing more.
        let _ = store
            .snapshots
            .put_snapshots(tenant, SNAPSHOT, &[(key.to_owned(), text)])
            .await;
    }
    Ok(kept.value)
}

/// The attributes of MoySklad document type `kind`.
pub(super) async fn attributes(store: &Store, ctx: &Ctx, kind: &str) -> Result<Vec<AttributeMeta>> {
    let key = format!("attributes:{kind}");
    cached(store, &ctx.settings.id, &key, ctx.ms.attribute_metas(kind)).await
}

/// The dictionaries of the CRM order fields of `pairs` that are dictionary
/// fields; `keep` false (a dry run): what is read is not cached.
pub(super) async fn crm_dictionaries(
    store: &Store,
    ctx: &Ctx,
    pairs: &[FieldMapping],
    keep: bool,
) -> Result<CrmDictionaries> {
    let mut out = CrmDictionaries::new();
    for pair in pairs {
        if out.contains_key(&pair.crm) {
            continue;
        }
        let key = format!("crm-field:order:{}", pair.crm);
        let elements: Option<Vec<CrmDictionaryElement>> = cached_or_read(
            store,
            &ctx.settings.id,
            &key,
            async {
                let def = ctx.crm.custom_field("order", &pair.crm).await?;
                match def.and_then(|d| d.dictionary.filter(|_| d.kind == "dictionary")) {
                    Some(dict) => Ok(Some(ctx.crm.custom_dictionary(&dict).await?)),
                    None => Ok(None),
                }
            },
            keep,
        )
        .await?;
        if let Some(elements) = elements {
            out.insert(pair.crm.clone(), elements);
        }
    }
    Ok(out)
}
