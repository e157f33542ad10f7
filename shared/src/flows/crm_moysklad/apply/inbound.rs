//! MoySklad webhooks → CRM: customer orders (MS-S5 status, comment and
//! lines; MS-M12 custom fields) and counterparties (MS-B4); shipments are
//! `shipment_hook`'s. The entity is read by the event's `meta.href`; only
//! linked records change, nothing is created.
//!
//! Each handler is a read-only plan (`order_plan`, `counterparty_plan`),
//! shared with the dry run (`flows::dry_run::ms_inbound`), then its writes.

use super::context::Ctx;
use super::metadata;
use super::order_lines;
use crate::connectors::moysklad::{Counterparty, CustomerOrder, id_from_href};
use crate::connectors::retailcrm::{By, CustomerPatch, OrderPatch};
use crate::error::{Error, Result};
use crate::flows::Outcome;
use crate::flows::crm_moysklad::rules::custom_fields::reverse;
use crate::flows::crm_moysklad::rules::inbound as rules;
use crate::flows::journal;
use crate::model::Address;
use crate::model::{EntityKind, Envelope, System, TenantId};
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
    tenant: &TenantId,
    kind: EntityKind,
    ms_id: &str,
) -> Result<Option<i64>> {
    let key = LinkKey::new(tenant, kind, System::MoySklad, ms_id);
    Ok(store
        .links
        .get_link(&key)
        .await?
        .and_then(|l| l.peer(System::RetailCrm).and_then(|id| id.parse().ok())))
}

/// A plan, or why there is none.
pub(crate) enum Planned<T> {
    Skip(String),
    Plan(T),
}

/// What a MoySklad order change asks of the CRM order: journal notes
/// (MS-S5 lines not taken) and the patch (empty: the CRM has it all).
pub(crate) struct OrderPlan {
    pub crm_id: i64,
    pub site: String,
    pub notes: Vec<String>,
    pub patch: OrderPatch,
}

/// MS-S5 and MS-M12: reads only. `fields`: the event's `updatedFields`
/// (empty: any may have changed); `keep`: cache the CRM dictionaries read.
pub(crate) async fn order_plan(
    store: &Store,
    ctx: &Ctx,
    href: &str,
    fields: &[String],
    keep: bool,
) -> Result<Planned<OrderPlan>> {
    let (s5, m12) = (
        ctx.sync.accept_order_changes,
        !ctx.sync.custom_fields.is_empty(),
    );
    if !s5 && !m12 {
        return Ok(Planned::Skip(
            "MS-S5: accepting order changes is off and no MS-M12 field is mapped".into(),
        ));
    }
    let tenant = &ctx.settings.id;
    let Some(crm_id) = crm_peer(store, tenant, EntityKind::Order, id_from_href(href)).await? else {
        return Ok(Planned::Skip("MS-S5: not an order we exported".into()));
    };
    let Some(ms) = ctx.ms.get_by_href::<CustomerOrder>(href).await? else {
        return Ok(Planned::Skip("the MoySklad order is gone".into()));
    };
    let Some(crm) = ctx.crm.order_details(crm_id).await? else {
        return Ok(Planned::Skip("the CRM order is gone".into()));
    };
    let lines = match s5 && order_lines::positions_may_have_changed(fields) {
        true => Some(order_lines::changes(ctx, id_from_href(href), &crm).await?),
        false => None,
    };
    let notes = lines.iter().flat_map(|l| l.notes.clone()).collect();
    let mut patch = rules::order_changes(&ctx.sync, &ms, &crm, lines).unwrap_or_default();
    if m12 {
        let pairs = &ctx.sync.custom_fields;
        let dictionaries = metadata::crm_dictionaries(store, ctx, pairs, keep).await?;
        let values = ms.attributes.clone().unwrap_or_default();
        let manager = ctx.sync.manager_attribute.as_deref();
        for (code, value) in reverse(pairs, manager, &values, &dictionaries) {
            if crm.custom_fields.get(&code).unwrap_or(&Value::Null) != &value {
                patch.custom_fields.insert(code, value);
            }
        }
    }
    Ok(Planned::Plan(OrderPlan {
        crm_id,
        site: crm.site.unwrap_or_default(),
        notes,
        patch,
    }))
}

/// MS-S5 and MS-M12: a customer order changed in MoySklad.
pub(crate) async fn order(store: &Store, ctx: &Ctx, envelope: &Envelope) -> Result<Outcome> {
    let fields: Vec<String> =
        serde_json::from_value(envelope.payload["updatedFields"].clone()).unwrap_or_default();
    let plan = match order_plan(store, ctx, href(envelope)?, &fields, true).await? {
        Planned::Skip(reason) => return Ok(Outcome::Skipped(reason)),
        Planned::Plan(plan) => plan,
    };
    let crm_id = plan.crm_id.to_string();
    for note in &plan.notes {
        journal::note(store, &ctx.settings, "order", &crm_id, note).await;
    }
    if plan.patch == OrderPatch::default() {
        return Ok(Outcome::Skipped(
            "MS-S5/MS-M12: nothing the CRM does not have already".into(),
        ));
    }
    ctx.crm
        .order_patch(plan.crm_id, &plan.site, &plan.patch)
        .await?;
    Ok(Outcome::Applied)
}

/// What a counterparty change asks of its CRM customer (MS-B4).
pub(crate) enum CustomerWrite {
    /// A private customer's names and address notes.
    Customer { crm_id: i64, patch: CustomerPatch },
    /// A corporate customer's address (`address_id` `None`: a new one).
    CorporateAddress {
        corp_id: i64,
        address_id: Option<i64>,
        address: Address,
    },
}

/// MS-B4: reads only. Linked to a private customer: names (individuals)
/// and the address notes; linked to a corporate customer: only its
/// address notes.
pub(crate) async fn counterparty_plan(
    store: &Store,
    ctx: &Ctx,
    href: &str,
) -> Result<Planned<CustomerWrite>> {
    let (tenant, ms_id) = (&ctx.settings.id, id_from_href(href));
    let private = crm_peer(store, tenant, EntityKind::Customer, ms_id).await?;
    let corporate = match private {
        Some(_) => None,
        None => crm_peer(store, tenant, EntityKind::CorporateCustomer, ms_id).await?,
    };
    if private.is_none() && corporate.is_none() {
        return Ok(Planned::Skip(
            "MS-B4: not linked to a CRM customer; none is created".into(),
        ));
    }
    let Some(cp) = ctx.ms.get_by_href::<Counterparty>(href).await? else {
        return Ok(Planned::Skip("the counterparty is gone".into()));
    };
    if let Some(corp_id) = corporate {
        return corporate_plan(ctx, &cp, corp_id).await;
    }
    let crm_id = private.unwrap_or_default();
    let Some(crm) = ctx.crm.customer_details(crm_id).await? else {
        return Ok(Planned::Skip("the CRM customer is gone".into()));
    };
    Ok(match rules::customer_changes(&ctx.sync, &cp, &crm) {
        Ok(patch) => Planned::Plan(CustomerWrite::Customer { crm_id, patch }),
        Err(reason) => Planned::Skip(reason),
    })
}

/// MS-B4 for a corporate customer: the address notes, never the name.
async fn corporate_plan(
    ctx: &Ctx,
    cp: &Counterparty,
    corp_id: i64,
) -> Result<Planned<CustomerWrite>> {
    let Some(corp) = ctx.crm.corporate_get(By::Id, &corp_id.to_string()).await? else {
        return Ok(Planned::Skip("the CRM corporate customer is gone".into()));
    };
    Ok(match rules::corporate_changes(&ctx.sync, cp, &corp) {
        Ok((address_id, address)) => Planned::Plan(CustomerWrite::CorporateAddress {
            corp_id,
            address_id,
            address,
        }),
        Err(reason) => Planned::Skip(reason),
    })
}

/// MS-B4: a counterparty changed in MoySklad.
pub(crate) async fn counterparty(store: &Store, ctx: &Ctx, envelope: &Envelope) -> Result<Outcome> {
    match counterparty_plan(store, ctx, href(envelope)?).await? {
        Planned::Skip(reason) => return Ok(Outcome::Skipped(reason)),
        Planned::Plan(CustomerWrite::Customer { crm_id, patch }) => {
            ctx.crm.customer_patch(crm_id, &patch).await?;
        }
        Planned::Plan(CustomerWrite::CorporateAddress {
            corp_id,
            address_id: Some(address_id),
            address,
        }) => {
            ctx.crm
                .corporate_address_edit(corp_id, address_id, &address)
                .await?;
        }
        Planned::Plan(CustomerWrite::CorporateAddress {
            corp_id, address, ..
        }) => {
            ctx.crm.corporate_add_address(corp_id, &address).await?;
        }
    }
    Ok(Outcome::Applied)
}
