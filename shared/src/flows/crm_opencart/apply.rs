//! CRM order change → OpenCart order: finds the OpenCart order through the
//! link the forward flow recorded, reads both orders, asks the OC-R rules
//! and writes only the difference with `order.update`.
//!
//! Echoes, both ways, by content: a CRM change this direction would write
//! and OpenCart already shows (the forward flow's own write coming back
//! through the history) writes nothing. A write to OpenCart fires no
//! extension event; should one come anyway, the forward flow finds the
//! fingerprint stored here and writes nothing to the CRM
//! (`opencart_crm::echo`).

use super::accounts;
use super::rules::{self, Input};
use crate::connectors::opencart::customer_key;
use crate::error::{Error, Result};
use crate::flows::links;
use crate::flows::opencart_crm::echo;
use crate::flows::{FlowCtx, Outcome, journal};
use crate::model::{EntityKind, Envelope, EventKind, System};
use crate::store::LinkKey;
use serde::Deserialize;

/// What the history poll says about the change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Change {
    created: bool,
    fields: Vec<String>,
}

pub(super) async fn sync(ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
    let (store, settings) = (ctx.store, ctx.tenant);
    let tenant = &envelope.tenant;
    let change: Change = serde_json::from_value(envelope.payload.clone())
        .map_err(|e| Error::Invalid(format!("CRM history change: {e}")))?;
    // A CRM order deleted or new in the CRM: OpenCart orders are neither
    // deleted nor created from the CRM (and a new one has no link yet).
    if envelope.kind == EventKind::Deleted || change.created {
        return Ok(Outcome::Skipped("not a change of an existing order".into()));
    }
    if !rules::concerns_buyer(&change.fields) {
        return Ok(Outcome::Skipped(format!(
            "no customer field changed ({})",
            change.fields.join(", ")
        )));
    }
    let crm_id: i64 = envelope
        .external_id
        .parse()
        .map_err(|_| Error::Invalid(format!("CRM order id {:?}", envelope.external_id)))?;
    let back = LinkKey::new(
        tenant,
        EntityKind::Order,
        System::RetailCrm,
        &envelope.external_id,
    );
    let linked = store.links.get_link(&back).await?;
    let Some(oc_id) = linked
        .as_ref()
        .and_then(|l| l.peer(System::OpenCart))
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return Ok(Outcome::Skipped(
            "the CRM order has no OpenCart order".into(),
        ));
    };
    let Some(crm_order) = ctx.peers.crm_of(settings)?.order_buyer(crm_id).await? else {
        return Ok(Outcome::Skipped("the CRM order is gone".into()));
    };
    let shop = ctx.peers.opencart_of(settings)?;
    let Some(record) = shop.order_get(oc_id).await? else {
        let message = format!("OpenCart order {oc_id} is gone; CRM changes no longer reach it");
        journal::note(store, settings, "order", &envelope.external_id, &message).await;
        return Ok(Outcome::Skipped(message));
    };
    if let Some(skip) = rules::precheck(&record.order) {
        return Ok(Outcome::Skipped(format!("{skip:?}")));
    }
    let forward = LinkKey::new(
        tenant,
        EntityKind::Customer,
        System::OpenCart,
        customer_key(&record.order),
    );
    let order_customer_in_crm = store
        .links
        .get_link(&forward)
        .await?
        .and_then(|l| l.peer(System::RetailCrm).and_then(|id| id.parse().ok()));
    let input = Input {
        crm: &crm_order,
        corporate_customers: settings.crm()?.corporate_customers,
        order: &record.order,
        order_customer_in_crm,
    };
    let account = if rules::buyer_changed(&input) {
        let person = rules::person(&crm_order);
        let crm_person = rules::person_id(crm_order.buyer.as_ref());
        let email = person.email.as_deref();
        accounts::find(store.links.as_ref(), &shop, tenant, crm_person, email).await?
    } else {
        None
    };
    let decision = rules::decide(&input, account);
    for note in &decision.notes {
        journal::note(store, settings, "order", &envelope.external_id, note).await;
    }
    if decision.changes.is_empty() {
        return Ok(Outcome::Skipped(
            "OpenCart already shows the CRM's buyer".into(),
        ));
    }
    let Some(after) = shop.order_update(oc_id, &decision.changes).await? else {
        return Ok(Outcome::Skipped(format!("OpenCart order {oc_id} is gone")));
    };
    if let Some(buyer) = crm_order.buyer.clone() {
        let status_map = settings
            .opencart
            .as_ref()
            .map(|oc| oc.status_map.clone())
            .unwrap_or_default();
        let fingerprint = echo::edit_fingerprint(&after.to_order(), &status_map, crm_id, buyer);
        let key = LinkKey::new(
            tenant,
            EntityKind::Order,
            System::OpenCart,
            oc_id.to_string(),
        );
        links::upsert(
            store.links.as_ref(),
            &key,
            System::RetailCrm,
            &envelope.external_id,
            |link| link.fingerprint = Some(fingerprint.clone()),
        )
        .await?;
    }
    Ok(Outcome::Applied)
}
