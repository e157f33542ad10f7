//! MS-S16: a CRM customer change (history poll) → its linked counterparty.
//! Creation and deletion are ignored; unlinked customers are left alone.

use super::context::Ctx;
use super::counterparty;
use crate::connectors::retailcrm::CrmBuyer;
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::counterparty as rules;
use crate::flows::fingerprint;
use crate::flows::{Outcome, links};
use crate::model::{EntityKind, Envelope, System};
use crate::store::{LinkKey, Store};

pub(crate) async fn sync(store: &Store, ctx: &Ctx, envelope: &Envelope) -> Result<Outcome> {
    let flag = |name: &str| envelope.payload[name].as_bool().unwrap_or(false);
    let key = LinkKey::new(
        &envelope.tenant,
        envelope.entity,
        System::RetailCrm,
        &envelope.external_id,
    );
    let link = store.links.get_link(&key).await?;
    let linked = link.as_ref().and_then(|l| l.peer(System::MoySklad));
    let ms_id =
        match rules::push_customer_change(&ctx.sync, flag("created"), flag("deleted"), linked) {
            Ok(id) => id,
            Err(reason) => return Ok(Outcome::Skipped(reason)),
        };
    let crm_id: i64 = envelope
        .external_id
        .parse()
        .map_err(|_| Error::Invalid(format!("CRM customer id {:?}", envelope.external_id)))?;
    let buyer_ref = match envelope.entity {
        EntityKind::CorporateCustomer => CrmBuyer::Corporate {
            corporate_id: crm_id,
            contact_id: 0,
            company_id: None,
        },
        _ => CrmBuyer::Private {
            customer_id: crm_id,
        },
    };
    let Some(record) = counterparty::buyer(ctx, &envelope.tenant, &buyer_ref).await? else {
        return Ok(Outcome::Skipped("the CRM customer no longer exists".into()));
    };
    let changes = rules::counterparty_changes(&record.buyer);
    let print = fingerprint::of(&changes);
    if fingerprint::matches(
        link.as_ref().and_then(|l| l.fingerprint.as_deref()),
        &changes,
    ) {
        return Ok(Outcome::Skipped("the counterparty is up to date".into()));
    }
    ctx.ms.counterparty_update(&ms_id, &changes).await?;
    links::upsert(store.links.as_ref(), &key, System::MoySklad, &ms_id, |l| {
        l.fingerprint = Some(print.clone())
    })
    .await?;
    Ok(Outcome::Applied)
}
