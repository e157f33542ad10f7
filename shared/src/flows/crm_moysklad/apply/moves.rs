//! MS-S3 / MS-S4, the I/O half: the order's packs (which warehouse each item
//! is taken from), then one move per other warehouse, made once (`syncId`
//! and link per order and source warehouse), conducted when MS-S4 is on.

use super::context::Ctx;
use super::documents::{Exported, linked};
use super::stable_uuid;
use crate::connectors::moysklad::DocumentKind;
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::moves::moves;
use crate::flows::{journal, links};
use crate::model::{EntityKind, System};
use crate::store::Store;

/// Makes the moves the order's packs ask for; `true` when it wrote.
pub(super) async fn sync(store: &Store, ctx: &Ctx, o: &Exported<'_>) -> Result<bool> {
    if !ctx.sync.create_moves {
        return Ok(false);
    }
    let packs = ctx.crm.order_packs(o.crm.id).await?;
    let (plans, notes) = moves(
        &ctx.sync,
        ctx.ms.base_url(),
        o.crm,
        &packs,
        o.goods,
        o.ms_id,
    );
    let crm_id = o.crm.id.to_string();
    for note in notes {
        journal::note(store, &ctx.settings, "order", &crm_id, &note).await;
    }
    let mut wrote = false;
    for plan in plans {
        let what = format!("{crm_id}:{}", plan.source);
        let key = o.key(EntityKind::Move, System::RetailCrm, &what);
        if linked(store, &key).await?.is_some() {
            continue;
        }
        let mut body = plan.body;
        body.sync_id = Some(stable_uuid(&[o.tenant().as_str(), "move", &what]));
        let made = ctx.ms.document_create(DocumentKind::Move, &body).await?;
        let id = made
            .id
            .ok_or_else(|| Error::Invalid("MoySklad returned no move id".into()))?;
        links::upsert(store.links.as_ref(), &key, System::MoySklad, &id, |_| {}).await?;
        wrote = true;
    }
    Ok(wrote)
}
