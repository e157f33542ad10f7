//! MS-S16: a CRM customer change (history poll) → its linked counterparty.
//! Creation and deletion are ignored; unlinked customers are left alone.
//! `plan` reads only and is shared with the dry run
//! (`flows::dry_run::crm_customer_ms`); `sync` carries it out.

use super::context::Ctx;
use super::counterparty;
use crate::connectors::moysklad::Counterparty;
use crate::connectors::retailcrm::CrmBuyer;
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::counterparty as rules;
use crate::flows::fingerprint;
use crate::flows::{Outcome, links};
use crate::model::{EntityKind, Envelope, System};
use crate::store::{LinkKey, Store};

/// The counterparty update a CRM customer change asks for.
pub(crate) struct Push {
    pub key: LinkKey,
    pub ms_id: String,
    pub changes: Counterparty,
}

/// What the change of CRM customer (or corporate customer, by `entity`)
/// `id` asks for: `Err` says why nothing is pushed. Reads only.
pub(crate) async fn plan(
    store: &Store,
    ctx: &Ctx,
    entity: EntityKind,
    id: &str,
    created: bool,
    deleted: bool,
) -> Result<std::result::Result<Push, String>> {
    let key = LinkKey::new(&ctx.settings.id, entity, System::RetailCrm, id);
    let link = store.links.get_link(&key).await?;
    let linked = link.as_ref().and_then(|l| l.peer(System::MoySklad));
    let ms_id = match rules::push_customer_change(&ctx.sync, created, deleted, linked) {
        Ok(id) => id,
        Err(reason) => return Ok(Err(reason)),
    };
    let crm_id: i64 = id
        .parse()
        .map_err(|_| Error::Invalid(format!("CRM customer id {id:?}")))?;
    let buyer_ref = match entity {
        EntityKind::CorporateCustomer => CrmBuyer::Corporate {
            corporate_id: crm_id,
            contact_id: 0,
            company_id: None,
        },
        _ => CrmBuyer::Private {
            customer_id: crm_id,
        },
    };
    let Some(record) = counterparty::buyer(ctx, &ctx.settings.id, &buyer_ref).await? else {
        return Ok(Err("the CRM customer no longer exists".into()));
    };
    let changes = rules::counterparty_changes(&record.buyer);
    if fingerprint::matches(
        link.as_ref().and_then(|l| l.fingerprint.as_deref()),
        &changes,
    ) {
        return Ok(Err("the counterparty is up to date".into()));
    }
    Ok(Ok(Push {
        key,
        ms_id,
        changes,
    }))
}

pub(crate) async fn sync(store: &Store, ctx: &Ctx, envelope: &Envelope) -> Result<Outcome> {
    let flag = |name: &str| envelope.payload[name].as_bool().unwrap_or(false);
    let (entity, id) = (envelope.entity, &envelope.external_id);
    let push = match plan(store, ctx, entity, id, flag("created"), flag("deleted")).await? {
        Ok(push) => push,
        Err(reason) => return Ok(Outcome::Skipped(reason)),
    };
    let print = fingerprint::of(&push.changes);
    ctx.ms
        .counterparty_update(&push.ms_id, &push.changes)
        .await?;
    links::upsert(
        store.links.as_ref(),
        &push.key,
        System::MoySklad,
        &push.ms_id,
        |l| l.fingerprint = Some(print.clone()),
    )
    .await?;
    Ok(Outcome::Applied)
}
