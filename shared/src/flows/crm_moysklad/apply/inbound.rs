//! MoySklad webhooks → CRM: customer orders (MS-S5 status, comment and
//! lines; MS-M12 custom fields) and counterparties (MS-B4); shipments are
//! `shipment_hook`'s. The entity is read by the event's `meta.href`; only
//! linked records change, nothing is created.

use super::context::Ctx;
use super::metadata;
use super::order_lines;
use crate::connectors::moysklad::{Counterparty, CustomerOrder, id_from_href};
use crate::connectors::retailcrm::{By, OrderPatch};
use crate::error::{Error, Result};
use crate::flows::Outcome;
use crate::flows::crm_moysklad::rules::custom_fields::reverse;
use crate::flows::crm_moysklad::rules::inbound as rules;
use crate::flows::journal;
use crate::model::{EntityKind, Envelope, System};
use crate::store::{LinkKey, Store};
use serde_json::Value;

fn href(envelope: &Envelope) -> Result<&str> {
    envelope.payload["meta"]["href"]
        .as_str()
        .ok_or_else(|| Error::Invalid("MoySklad event without meta.href".into()))
}

/// The CRM id linked to MoySklad record `ms_id` of `kind`.
async fn crm_peer(
    store: &Store,
    envelope: &Envelope,
    kind: EntityKind,
    ms_id: &str,
) -> Result<Option<i64>> {
    let key = LinkKey::new(&envelope.tenant, kind, System::MoySklad, ms_id);
    Ok(store
        .links
        .get_link(&key)
        .await?
        .and_then(|l| l.peer(System::RetailCrm).and_then(|id| id.parse().ok())))
}

/// MS-S5 and MS-M12: a customer order changed in MoySklad.
pub(crate) async fn order(store: &Store, ctx: &Ctx, envelope: &Envelope) -> Result<Outcome> {
    let (s5, m12) = (
        ctx.sync.accept_order_changes,
        !ctx.sync.custom_fields.is_empty(),
    );
    if !s5 && !m12 {
        return Ok(Outcome::Skipped(
            "MS-S5: accepting order changes is off and no MS-M12 field is mapped".into(),
        ));
    }
    let href = href(envelope)?;
    let Some(crm_id) = crm_peer(store, envelope, EntityKind::Order, id_from_href(href)).await?
    else {
        return Ok(Outcome::Skipped("MS-S5: not an order we exported".into()));
    };
    let Some(ms) = ctx.ms.get_by_href::<CustomerOrder>(href).await? else {
        return Ok(Outcome::Skipped("the MoySklad order is gone".into()));
    };
    let Some(crm) = ctx.crm.order_details(crm_id).await? else {
        return Ok(Outcome::Skipped("the CRM order is gone".into()));
    };
    let fields: Vec<String> =
        serde_json::from_value(envelope.payload["updatedFields"].clone()).unwrap_or_default();
    let lines = match s5 && order_lines::positions_may_have_changed(&fields) {
        true => Some(order_lines::changes(ctx, id_from_href(href), &crm).await?),
        false => None,
    };
    for note in lines.iter().flat_map(|l| &l.notes) {
        journal::note(store, &ctx.settings, "order", &crm_id.to_string(), note).await;
    }
    let mut patch = rules::order_changes(&ctx.sync, &ms, &crm, lines).unwrap_or_default();
    if m12 {
        let pairs = &ctx.sync.custom_fields;
        let dictionaries = metadata::crm_dictionaries(store, ctx, pairs).await?;
        let values = ms.attributes.clone().unwrap_or_default();
        let manager = ctx.sync.manager_attribute.as_deref();
        for (code, value) in reverse(pairs, manager, &values, &dictionaries) {
            if crm.custom_fields.get(&code).unwrap_or(&Value::Null) != &value {
                patch.custom_fields.insert(code, value);
            }
        }
    }
    if patch == OrderPatch::default() {
        return Ok(Outcome::Skipped(
            "MS-S5/MS-M12: nothing the CRM does not have already".into(),
        ));
    }
    ctx.crm
        .order_patch(crm_id, crm.site.as_deref().unwrap_or_default(), &patch)
        .await?;
    Ok(Outcome::Applied)
}

/// MS-B4: a counterparty changed in MoySklad. Linked to a private customer:
/// names (individuals) and the address notes; linked to a corporate
/// customer: only its address notes.
pub(crate) async fn counterparty(store: &Store, ctx: &Ctx, envelope: &Envelope) -> Result<Outcome> {
    let href = href(envelope)?;
    let ms_id = id_from_href(href);
    let private = crm_peer(store, envelope, EntityKind::Customer, ms_id).await?;
    let corporate = match private {
        Some(_) => None,
        None => crm_peer(store, envelope, EntityKind::CorporateCustomer, ms_id).await?,
    };
    if private.is_none() && corporate.is_none() {
        return Ok(Outcome::Skipped(
            "MS-B4: not linked to a CRM customer; none is created".into(),
        ));
    }
    let Some(cp) = ctx.ms.get_by_href::<Counterparty>(href).await? else {
        return Ok(Outcome::Skipped("the counterparty is gone".into()));
    };
    if let Some(corp_id) = corporate {
        return corporate_counterparty(ctx, &cp, corp_id).await;
    }
    let crm_id = private.unwrap_or_default();
    let Some(crm) = ctx.crm.customer_details(crm_id).await? else {
        return Ok(Outcome::Skipped("the CRM customer is gone".into()));
    };
    match rules::customer_changes(&ctx.sync, &cp, &crm) {
        Ok(patch) => {
            ctx.crm.customer_patch(crm_id, &patch).await?;
            Ok(Outcome::Applied)
        }
        Err(reason) => Ok(Outcome::Skipped(reason)),
    }
}

/// MS-B4 for a corporate customer: the address notes, never the name.
async fn corporate_counterparty(ctx: &Ctx, cp: &Counterparty, corp_id: i64) -> Result<Outcome> {
    let Some(corp) = ctx.crm.corporate_get(By::Id, &corp_id.to_string()).await? else {
        return Ok(Outcome::Skipped(
            "the CRM corporate customer is gone".into(),
        ));
    };
    match rules::corporate_changes(&ctx.sync, cp, &corp) {
        Ok((Some(address_id), address)) => {
            ctx.crm
                .corporate_address_edit(corp_id, address_id, &address)
                .await?;
            Ok(Outcome::Applied)
        }
        Ok((None, address)) => {
            ctx.crm.corporate_add_address(corp_id, &address).await?;
            Ok(Outcome::Applied)
        }
        Err(reason) => Ok(Outcome::Skipped(reason)),
    }
}
