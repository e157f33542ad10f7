//! CRM order change (from the history poll) → MoySklad customer order.
//!
//! Order: MS-M4/M5 precheck (no calls for orders that wait or cannot go),
//! goods by xmlId (`entity/assortment`, external code; `product#variant` →
//! the variant's code, MS-B9), the rules' verdict, the buyer's counterparty,
//! (a corporate order's contact person kept on it, MS-C2), then create
//! (stable `syncId`) or update, the link, and the MoySklad id in
//! the CRM's custom field (MS-B10). Documents of a later issue hang off the
//! `ExportPlan` and the order link here.

use super::contact;
use super::context::Ctx;
use super::counterparty::{self, Agent};
use super::moysklad_id::{self, CrmRecord};
use super::stable_uuid;
use crate::connectors::moysklad::CallKind;
use crate::connectors::moysklad::{Assortment, GoodsKind, ListPage, MetaRef};
use crate::connectors::retailcrm::CrmBuyer;
use crate::error::{Error, Result};
use crate::flows::Outcome;
use crate::flows::crm_moysklad::rules::order_export::{
    self as rules, ExportInput, Goods, Target, Verdict,
};
use crate::flows::fingerprint;
use crate::flows::journal;
use crate::flows::links::{self, Claims};
use crate::model::{EntityKind, Envelope, System};
use crate::store::{LinkKey, Store};
use std::collections::BTreeMap;

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
    let key = LinkKey::new(
        tenant,
        EntityKind::Order,
        System::RetailCrm,
        crm_id.to_string(),
    );
    let link = store.links.get_link(&key).await?;
    let ms_order_id = link
        .as_ref()
        .and_then(|l| l.peer(System::MoySklad))
        .map(str::to_owned);
    if ms_order_id.is_none() && from_retail_sale(store, tenant, crm_id).await? {
        return Ok(Outcome::Skipped(
            "the order came from a MoySklad retail sale: MoySklad has it".into(),
        ));
    }
    let Some(order) = ctx.crm.order_details(crm_id).await? else {
        return Ok(Outcome::Skipped("the CRM order no longer exists".into()));
    };
    if let Some(verdict) = rules::precheck(&ctx.sync, &order, ms_order_id.is_some()) {
        return settle(store, ctx, crm_id, verdict).await;
    }
    let goods = resolve_goods(ctx, order.lines.iter().filter_map(|l| l.xml_id.clone())).await?;
    let input = ExportInput {
        sync: &ctx.sync,
        base_url: ctx.ms.base_url(),
        order: &order,
        ms_order_id: ms_order_id.as_deref(),
        goods: &goods,
    };
    let plan = match rules::decide(input) {
        Verdict::Export(plan) => *plan,
        other => return settle(store, ctx, crm_id, other).await,
    };
    let Some(buyer_ref) = &order.buyer else {
        return settle(
            store,
            ctx,
            crm_id,
            Verdict::Journal("MS-B2: the order has no customer".into()),
        )
        .await;
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
    let mut body = plan.body;
    body.agent = Some(MetaRef::entity(ctx.ms.base_url(), "counterparty", &agent));
    let print = fingerprint::of(&body);
    let unchanged =
        fingerprint::matches(link.as_ref().and_then(|l| l.fingerprint.as_deref()), &body);
    // Every step below checks its own state, so a redelivery after a failed
    // later step (the MS-B10 write) skips only what is done and finishes the rest.
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
    // MS-B10: the MoySklad id, visible and filterable in the CRM.
    let record = CrmRecord {
        kind: EntityKind::Order,
        id: crm_id,
        site: order.site.as_deref(),
        custom_fields: &order.custom_fields,
    };
    let shown = moysklad_id::show(store, ctx, tenant, &record, &ms_id).await?;
    if unchanged && !shown {
        return Ok(Outcome::Skipped(format!(
            "MoySklad order {ms_id} is up to date"
        )));
    }
    Ok(Outcome::Applied)
}

/// A verdict that is not an export: skip, or journal and skip (MS-B8).
async fn settle(store: &Store, ctx: &Ctx, crm_id: i64, verdict: Verdict) -> Result<Outcome> {
    match verdict {
        Verdict::Skip(reason) => Ok(Outcome::Skipped(reason)),
        Verdict::Journal(reason) => {
            journal::note(store, &ctx.settings, "order", &crm_id.to_string(), &reason).await;
            Ok(Outcome::Skipped(reason))
        }
        Verdict::Export(_) => Err(Error::Invalid(
            "an export verdict is not settled here".into(),
        )),
    }
}

/// MoySklad goods per distinct xmlId; those not found are left out.
pub(super) async fn resolve_goods(
    ctx: &Ctx,
    xml_ids: impl Iterator<Item = String>,
) -> Result<BTreeMap<String, Goods>> {
    let mut out = BTreeMap::new();
    for xml_id in xml_ids {
        if out.contains_key(&xml_id) || xml_id.contains(';') || xml_id.is_empty() {
            continue;
        }
        // MS-B9: `product#variant` names the variant by its own external code.
        let code = xml_id.rsplit('#').next().unwrap_or(&xml_id);
        let page: ListPage<Assortment> = ctx
            .ms
            .get(
                "entity/assortment",
                &[
                    ("filter", format!("externalCode={code}")),
                    ("limit", "10".into()),
                ],
                CallKind::Ordinary,
            )
            .await?;
        let found = page.rows.into_iter().find_map(|a| {
            let meta = a.meta?;
            let kind = match meta.kind.as_deref()? {
                "product" => GoodsKind::Product,
                "variant" => GoodsKind::Variant,
                "service" => GoodsKind::Service,
                _ => return None,
            };
            Some(Goods {
                kind,
                id: meta.id().to_owned(),
            })
        });
        if let Some(g) = found {
            out.insert(xml_id, g);
        }
    }
    Ok(out)
}

/// Whether the CRM order was made by the retail flow from a MoySklad sale
/// (MS-R1): exporting it would put a second copy into MoySklad.
async fn from_retail_sale(
    store: &Store,
    tenant: &crate::model::TenantId,
    crm_id: i64,
) -> Result<bool> {
    let key = LinkKey::new(
        tenant,
        EntityKind::RetailSale,
        System::RetailCrm,
        crm_id.to_string(),
    );
    Ok(store.links.get_link(&key).await?.is_some())
}
