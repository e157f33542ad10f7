//! The watch start (SS-2): the shop's time from which orders count as
//! new. Written once, by whichever comes first: the order poll's first run
//! (the shop's clock, `shop.settings.get`) or the first order event (that
//! order's creation time). Never moved afterwards.

use crate::error::Result;
use crate::model::TenantId;
use crate::store::{Cursors, PutOutcome};

const NAME: &str = "shopscript_deals:watch_start";

/// The watch start, if one is written.
pub async fn get(store: &dyn Cursors, tenant: &TenantId) -> Result<Option<String>> {
    Ok(store.get_cursor(tenant, NAME).await?.map(|c| c.value))
}

/// The watch start, written as `candidate` if there is none yet.
pub async fn get_or_start(
    store: &dyn Cursors,
    tenant: &TenantId,
    candidate: &str,
) -> Result<String> {
    if let Some(cursor) = store.get_cursor(tenant, NAME).await? {
        return Ok(cursor.value);
    }
    match store.put_cursor(tenant, NAME, candidate, 0).await? {
        PutOutcome::Created => Ok(candidate.to_owned()),
        PutOutcome::Exists(cursor) => Ok(cursor.value),
    }
}
