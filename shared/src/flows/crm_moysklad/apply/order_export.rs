//! CRM order change (from the history poll) → MoySklad customer order and
//! its documents.
//!
//! Order: a deleted order goes to MS-B6; MS-M4/M5 precheck (no calls for
//! orders that wait or cannot go), goods by xmlId (MS-B9), whether it is
//! (being) shipped (MS-M6, so reserves are written off in the same update),
//! the rules' verdict, the buyer's counterparty (a corporate order's contact
//! person kept on it, MS-C2), custom attributes (MS-M12, MS-C1) and bank
//! account (MS-M11), then create (stable `syncId`) or update, the link, the
//! MoySklad id in the CRM (MS-B10), and the documents (`documents`).
//! Every step checks its own state, so a redelivery after a failed later
//! step skips only what is done and finishes the rest.

use super::contact;
use super::context::Ctx;
use super::counterparty::{self, Agent};
use super::documents::{self, Exported};
use super::moysklad_id::{self, CrmRecord};
use super::order_goods::{from_retail_sale, resolve_goods, settle};
use super::{account, export_reads, force_delete, order_fields, stable_uuid, status_seen};
use crate::connectors::moysklad::MetaRef;
use crate::connectors::retailcrm::CrmBuyer;
use crate::error::{Error, Result};
use crate::flows::Outcome;
use crate::flows::crm_moysklad::rules::order_export::{
    self as rules, ExportInput, Target, Verdict,
};
use crate::flows::fingerprint;
use crate::flows::journal;
use crate::flows::links::{self, Claims};
use crate::model::{EntityKind, Envelope, System};
use crate::store::Store;

pub(crate) async fn sync(
    store: &Store,
    ctx: &Ctx,
    envelope: &Envelope,
    claims: &Claims,
) -> Result<Outcome> {
    let tenant = &envelope.tenant;
    let crm_id: i64 = envelope
        .external_id
        .parse()
        .map_err(|_| Error::Invalid(format!("CRM order id {:?}", envelope.external_id)))?;
    let export_reads::Linked {
        key,
        link,
        ms_order_id,
    } = export_reads::linked(store, tenant, crm_id).await?;
    if ms_order_id.is_none() && from_retail_sale(store, tenant, crm_id).await? {
        return Ok(Outcome::Skipped(
            "the order came from a MoySklad retail sale: MoySklad has it".into(),
        ));
    }
    let Some(order) = ctx.crm.order_details(crm_id).await? else {
        let deleted = envelope.payload["deleted"].as_bool().unwrap_or(false);
        return force_delete::run(ctx, crm_id, ms_order_id.as_deref(), deleted).await;
    };
    if let Some(verdict) = rules::precheck(&ctx.sync, &order, ms_order_id.is_some()) {
        return settle(store, ctx, crm_id, verdict).await;
    }
    let goods = resolve_goods(ctx, order.lines.iter().filter_map(|l| l.xml_id.clone())).await?;
    let shipped = export_reads::shipped(store, tenant, crm_id).await?;
    let shipment_due = !shipped && status_seen::shipment_seen(store, ctx, envelope, &order).await?;
    let input = ExportInput {
        sync: &ctx.sync,
        base_url: ctx.ms.base_url(),
        order: &order,
        ms_order_id: ms_order_id.as_deref(),
        goods: &goods,
        shipped: shipped || shipment_due,
    };
    let plan = match rules::decide(input) {
        Verdict::Export(plan) => *plan,
        other => return settle(store, ctx, crm_id, other).await,
    };
    let Some(buyer_ref) = &order.buyer else {
        let verdict = Verdict::Journal("MS-B2: the order has no customer".into());
        return settle(store, ctx, crm_id, verdict).await;
    };
    let Some(buyer) = counterparty::buyer(ctx, tenant, buyer_ref).await? else {
        return Err(Error::PeerRejected {
            peer: "retailcrm",
            status: 404,
            message: "the order's customer is gone".into(),
        });
    };
    let agent = match counterparty::resolve(store, ctx, &buyer, claims).await? {
        Agent::Id(id) => id,
        Agent::Refused(reason) => {
            return settle(store, ctx, crm_id, Verdict::Journal(reason)).await;
        }
    };
    if let CrmBuyer::Corporate { .. } = buyer_ref {
        contact::ensure(store, ctx, crm_id, &agent, &buyer.buyer.person).await?;
    }
    let (attributes, mut notes) = order_fields::attributes(store, ctx, &order).await?;
    notes.extend(plan.notes);
    let org = plan
        .body
        .organization
        .as_ref()
        .map(|o| o.meta.id().to_owned())
        .unwrap_or_default();
    let account = account::decide(store, ctx, envelope, &order, &org).await?;
    let mut body = plan.body;
    body.agent = Some(MetaRef::entity(ctx.ms.base_url(), "counterparty", &agent));
    body.attributes = (!attributes.is_empty()).then_some(attributes);
    body.organization_account = account.as_ref().map(|a| a.reference.clone());
    let print = fingerprint::of(&body);
    let unchanged =
        fingerprint::matches(link.as_ref().and_then(|l| l.fingerprint.as_deref()), &body);
    let ms_id = match plan.target {
        Target::Update(id) if unchanged => id,
        Target::Update(id) => {
            ctx.ms.customer_order_update(&id, &body).await?;
            id
        }
        Target::Create => {
            body.sync_id = Some(stable_uuid(&[
                tenant.as_str(),
                "customerorder",
                &crm_id.to_string(),
            ]));
            let created = ctx.ms.customer_order_create(&body).await?;
            created
                .id
                .ok_or_else(|| Error::Invalid("MoySklad returned no order id".into()))?
        }
    };
    if !unchanged {
        links::upsert(store.links.as_ref(), &key, System::MoySklad, &ms_id, |l| {
            l.fingerprint = Some(print.clone())
        })
        .await?;
    }
    if let Some(account) = account {
        account.keep(store, tenant, crm_id).await?;
    }
    for note in notes {
        journal::note(store, &ctx.settings, "order", &crm_id.to_string(), &note).await;
    }
    // MS-B10: the MoySklad id, visible and filterable in the CRM.
    let record = CrmRecord {
        kind: EntityKind::Order,
        id: crm_id,
        site: order.site.as_deref(),
        custom_fields: &order.custom_fields,
    };
    let shown = moysklad_id::show(store, ctx, tenant, &record, &ms_id).await?;
    let exported = Exported {
        envelope,
        crm: &order,
        ms_id: &ms_id,
        agent: &agent,
        org: &org,
        goods: &goods,
    };
    let documents = documents::sync(store, ctx, &exported, shipment_due).await?;
    if unchanged && !shown && !documents {
        return Ok(Outcome::Skipped(format!(
            "MoySklad order {ms_id} is up to date"
        )));
    }
    Ok(Outcome::Applied)
}
