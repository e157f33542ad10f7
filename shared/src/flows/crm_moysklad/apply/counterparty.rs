//! The counterparty of an order's buyer (MS-B2, MS-B3, MS-C2, MS-C4).
//!
//! Linked already: its data is pushed when it changed (MS-C4). Otherwise the
//! buyer's link is claimed (`links::resolve_or_claim`) so racing workers
//! create one counterparty, MoySklad is searched by tax id, e-mail and phone,
//! and only then is one created, with a stable `syncId`. Either way the
//! CRM customer or corporate customer then shows the counterparty's id
//! (MS-B10; nothing is written when it does already).

use super::context::Ctx;
use super::moysklad_id::{self, CrmRecord};
use super::stable_uuid;
use crate::connectors::moysklad::CounterpartyField;
use crate::connectors::retailcrm::{By, CrmBuyer};
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::counterparty::{self as rules, Buyer, MatchBy};
use crate::flows::fingerprint;
use crate::flows::journal;
use crate::flows::links::{self, Claim, Claims, Resolution};
use crate::model::{EntityKind, System};
use crate::store::{Link, LinkKey, Store};
use serde_json::Value;
use std::collections::BTreeMap;

/// The counterparty id, or the reason the buyer cannot be exported (journal it).
pub(super) enum Agent {
    Id(String),
    Refused(String),
}

/// The CRM record a buyer is linked by: its link key and CRM id, its data,
/// and the custom fields it shows (MS-B10).
pub(super) struct BuyerRecord {
    pub key: LinkKey,
    pub crm_id: i64,
    pub buyer: Buyer,
    pub custom_fields: BTreeMap<String, Value>,
}

/// Reads the CRM record of `buyer`; `None` when it is gone.
pub(super) async fn buyer(
    ctx: &Ctx,
    tenant: &crate::model::TenantId,
    buyer: &CrmBuyer,
) -> Result<Option<BuyerRecord>> {
    match buyer {
        CrmBuyer::Private { customer_id } => {
            let Some(c) = ctx.crm.customer_details(*customer_id).await? else {
                return Ok(None);
            };
            let key = LinkKey::new(
                tenant,
                EntityKind::Customer,
                System::RetailCrm,
                customer_id.to_string(),
            );
            Ok(Some(BuyerRecord {
                key,
                crm_id: *customer_id,
                buyer: rules::buyer_of_customer(&c),
                custom_fields: c.custom_fields,
            }))
        }
        CrmBuyer::Corporate {
            corporate_id,
            contact_id,
            ..
        } => {
            let Some(c) = ctx
                .crm
                .corporate_get(By::Id, &corporate_id.to_string())
                .await?
            else {
                return Ok(None);
            };
            let contact = c
                .contact_ids
                .iter()
                .position(|id| id == contact_id)
                .and_then(|i| c.corporate.contacts.get(i).cloned());
            let key = LinkKey::new(
                tenant,
                EntityKind::CorporateCustomer,
                System::RetailCrm,
                corporate_id.to_string(),
            );
            Ok(Some(BuyerRecord {
                key,
                crm_id: *corporate_id,
                buyer: rules::buyer_of_corporate(&c, contact),
                custom_fields: c.custom_fields,
            }))
        }
    }
}

/// Resolves (and if needed creates) the counterparty of `record`'s buyer,
/// then shows its id on the CRM record (MS-B10).
pub(super) async fn resolve(
    store: &Store,
    ctx: &Ctx,
    record: &BuyerRecord,
    claims: &Claims,
) -> Result<Agent> {
    let key = &record.key;
    let id = match claims
        .resolve_or_claim(store.links.as_ref(), key, System::MoySklad)
        .await?
    {
        Resolution::Linked(link) => update_linked(store, ctx, record, &link).await?,
        Resolution::Claimed(claim) => {
            match find_or_create(store, ctx, record, &claim, claims).await? {
                Agent::Id(id) => id,
                refused => return Ok(refused),
            }
        }
    };
    // Also on the linked path: a redelivery after a crash between the link
    // and this write completes it, and records linked earlier get it too.
    let shown = CrmRecord {
        kind: key.kind,
        id: record.crm_id,
        site: None,
        custom_fields: &record.custom_fields,
    };
    moysklad_id::show(store, ctx, &key.tenant, &shown, &id).await?;
    Ok(Agent::Id(id))
}

/// MS-C4: the linked counterparty, updated when the buyer changed since we
/// last wrote it.
async fn update_linked(
    store: &Store,
    ctx: &Ctx,
    record: &BuyerRecord,
    link: &Link,
) -> Result<String> {
    let key = &record.key;
    let id = link
        .peer(System::MoySklad)
        .ok_or_else(|| Error::Invalid(format!("link {key} has no MoySklad counterpart")))?
        .to_owned();
    let changes = rules::counterparty_changes(&record.buyer);
    if !fingerprint::matches(link.fingerprint.as_deref(), &changes) {
        let print = fingerprint::of(&changes);
        ctx.ms.counterparty_update(&id, &changes).await?;
        links::upsert(store.links.as_ref(), key, System::MoySklad, &id, |l| {
            l.fingerprint = Some(print.clone())
        })
        .await?;
    }
    Ok(id)
}

/// Under the claim: an existing counterparty by tax id, e-mail or phone, or
/// a new one; then the link.
async fn find_or_create(
    store: &Store,
    ctx: &Ctx,
    record: &BuyerRecord,
    claim: &Claim,
    claims: &Claims,
) -> Result<Agent> {
    let (key, buyer) = (&record.key, &record.buyer);
    let mut found = None;
    let keys = rules::search_keys(buyer);
    // One request per kind of key: the phone's formats are asked for at once.
    for group in keys.chunk_by(|a, b| a.0 == b.0) {
        let by = group[0].0;
        let field = match by {
            MatchBy::TaxId => CounterpartyField::Inn,
            MatchBy::Email => CounterpartyField::Email,
            MatchBy::Phone => CounterpartyField::Phone,
        };
        let values: Vec<&str> = group.iter().map(|(_, v)| v.as_str()).collect();
        let candidates = ctx.ms.counterparties_by_any(field, &values).await?;
        if let Some(id) = rules::best_match(buyer, by, &candidates) {
            found = Some(id);
            break;
        }
    }
    let id = match found {
        Some(id) => id,
        None => {
            let plan = match rules::new_counterparty(buyer, &ctx.sync) {
                Ok(plan) => plan,
                Err(reason) => return Ok(Agent::Refused(reason)),
            };
            let mut body = plan.counterparty;
            body.sync_id = Some(stable_uuid(&[
                key.tenant.as_str(),
                &key.sort_key(),
                "counterparty",
            ]));
            let created = ctx.ms.counterparty_create(&body).await?;
            let id = created
                .id
                .ok_or_else(|| Error::Invalid("MoySklad returned no counterparty id".into()))?;
            // MS-B2: contact person and account follow; failing them does not undo the counterparty.
            if let Some(contact) = &plan.contact
                && let Err(e) = ctx.ms.contact_person_create(&id, contact).await
            {
                journal::note(
                    store,
                    &ctx.settings,
                    key.kind.as_str(),
                    &key.external_id,
                    &format!("MS-B2: contact person not created: {e}"),
                )
                .await;
            }
            if let Some(account) = &plan.account
                && let Err(e) = ctx.ms.bank_account_create(&id, account).await
            {
                journal::note(
                    store,
                    &ctx.settings,
                    key.kind.as_str(),
                    &key.external_id,
                    &format!("MS-B2: bank account not created: {e}"),
                )
                .await;
            }
            id
        }
    };
    let print = fingerprint::of(&rules::counterparty_changes(buyer));
    claims
        .complete(store.links.as_ref(), claim, System::MoySklad, &id)
        .await?;
    links::upsert(store.links.as_ref(), key, System::MoySklad, &id, |l| {
        l.fingerprint = Some(print.clone())
    })
    .await?;
    Ok(Agent::Id(id))
}
