//! `crm_moysklad`'s dry run for a CRM order: the flow's own reads
//! (`apply::export_reads`: the link, the retail-sale check, the goods by
//! external code, the MS-M6 shipment check without its marks) asked to the
//! flow's rules (`rules::order_export::precheck` and `decide`) as if the
//! order had just changed (a dry run has no history entry).
//!
//! What the plan cannot know without writing is named, not guessed: the
//! buyer's counterparty (MS-B2 may create one), and the custom attributes,
//! bank account and documents, decided once the order is in MoySklad.

use super::{Command, FlowPlan, Reads};
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::apply::Ctx;
use crate::flows::crm_moysklad::apply::export_reads::{
    self, from_retail_sale, resolve_goods, shipment_known,
};
use crate::flows::crm_moysklad::rules::order_export::{
    self as rules, ExportInput, Target, Verdict,
};

const FLOW: &str = "crm_moysklad";

pub(super) async fn plan(reads: &Reads<'_>, id: &str) -> Result<FlowPlan> {
    let (store, settings) = (reads.store, reads.tenant);
    let tenant = &settings.id;
    let crm_id: i64 = id
        .parse()
        .map_err(|_| Error::Invalid(format!("{id:?} is not a CRM order id")))?;
    let ctx = Ctx::new(reads.peers, settings)?;
    let linked = export_reads::linked(store, tenant, crm_id).await?;
    let ms_order_id = linked.ms_order_id.as_deref();
    if ms_order_id.is_none() && from_retail_sale(store, tenant, crm_id).await? {
        return Ok(FlowPlan::skip(
            FLOW,
            "the order came from a MoySklad retail sale: MoySklad has it",
        ));
    }
    let Some(order) = ctx.crm.order_details(crm_id).await? else {
        return Ok(FlowPlan::skip(
            FLOW,
            "the CRM has no such order (a deleted order's MoySklad order goes to MS-B6)",
        ));
    };
    if let Some(verdict) = rules::precheck(&ctx.sync, &order, ms_order_id.is_some()) {
        return Ok(settled(verdict));
    }
    let goods = resolve_goods(&ctx, order.lines.iter().filter_map(|l| l.xml_id.clone())).await?;
    let shipped = export_reads::shipped(store, tenant, crm_id).await?;
    let shipment_due = !shipped && shipment_known(store, &ctx, tenant, &[], &order).await?.due;
    let input = ExportInput {
        sync: &ctx.sync,
        base_url: ctx.ms.base_url(),
        order: &order,
        ms_order_id,
        goods: &goods,
        shipped: shipped || shipment_due,
    };
    let plan = match rules::decide(input) {
        Verdict::Export(plan) => *plan,
        other => return Ok(settled(other)),
    };
    let Some(buyer) = &order.buyer else {
        return Ok(settled(Verdict::Journal(
            "MS-B2: the order has no customer".into(),
        )));
    };
    let mut commands = vec![
        Command::new("moysklad", "find_or_create_counterparty")
            .rule("MS-B2")
            .data(buyer),
    ];
    // An update is shown even when the flow would find the order in step:
    // its fingerprint covers the agent, attributes and account, which only
    // the write path resolves.
    commands.push(
        match &plan.target {
            Target::Create => Command::new("moysklad", "create_customer_order"),
            Target::Update(id) => Command::new("moysklad", "update_customer_order").record(id),
        }
        .rule("MS-M1..MS-M5")
        .data(&plan.body),
    );
    commands.extend(
        plan.notes
            .iter()
            .map(|note| Command::new("synclane", "journal_note").data(note)),
    );
    if linked.ms_order_id.is_none() {
        commands.push(Command::new("synclane", "record_link").rule("MS-B1"));
    }
    if shipment_due {
        commands.push(
            Command::new("moysklad", "create_demand")
                .rule("MS-M6")
                .data(&order.status),
        );
    }
    Ok(FlowPlan::apply(FLOW, commands))
}

/// A verdict that ends the export: skip, or a journal entry and skip (MS-B8).
fn settled(verdict: Verdict) -> FlowPlan {
    match verdict {
        Verdict::Journal(reason) => {
            let mut plan = FlowPlan::skip(FLOW, reason.clone());
            plan.commands
                .push(Command::new("synclane", "journal_note").data(&reason));
            plan
        }
        Verdict::Skip(reason) => FlowPlan::skip(FLOW, reason),
        Verdict::Export(_) => FlowPlan::skip(FLOW, "an export is not settled here"),
    }
}
