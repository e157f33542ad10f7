//! `crm_moysklad`'s dry run for a MoySklad customer order (MS-S5, MS-M12)
//! or counterparty (MS-B4): the flow's own read-only plans
//! (`apply::inbound::order_plan`, `counterparty_plan`) for the record at
//! its href, as if every field of it had just changed (a dry run has no
//! webhook's `updatedFields`). The CRM dictionaries MS-M12 reads are not
//! cached, so nothing is written.

use super::{Command, FlowPlan, Reads};
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::apply::Ctx;
use crate::flows::crm_moysklad::apply::inbound::{self, CustomerWrite, Planned};
use crate::model::EntityKind;

const FLOW: &str = "crm_moysklad";

/// The href a MoySklad webhook would carry for record `id` of `kind`.
fn href(ctx: &Ctx, kind: &str, id: &str) -> Result<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-';
    if !id.chars().all(plain) {
        return Err(Error::Invalid(format!("{id:?} is not a MoySklad id")));
    }
    Ok(format!("{}/entity/{kind}/{id}", ctx.ms.base_url()))
}

pub(super) async fn plan(reads: &Reads<'_>, entity: EntityKind, id: &str) -> Result<FlowPlan> {
    let ctx = Ctx::new(reads.peers, reads.tenant)?;
    match entity {
        EntityKind::Order => order(reads, &ctx, id).await,
        _ => counterparty(reads, &ctx, id).await,
    }
}

async fn order(reads: &Reads<'_>, ctx: &Ctx, id: &str) -> Result<FlowPlan> {
    let href = href(ctx, "customerorder", id)?;
    let plan = match inbound::order_plan(reads.store, ctx, &href, &[], false).await? {
        Planned::Skip(reason) => return Ok(FlowPlan::skip(FLOW, reason)),
        Planned::Plan(plan) => plan,
    };
    let mut commands: Vec<Command> = plan
        .notes
        .iter()
        .map(|note| Command::new("synclane", "journal_note").data(note))
        .collect();
    if plan.patch != Default::default() {
        commands.push(
            Command::new("retailcrm", "edit_order")
                .rule("MS-S5")
                .record(plan.crm_id)
                .data(&plan.patch),
        );
    }
    Ok(FlowPlan::apply(FLOW, commands))
}

async fn counterparty(reads: &Reads<'_>, ctx: &Ctx, id: &str) -> Result<FlowPlan> {
    let href = href(ctx, "counterparty", id)?;
    let command = match inbound::counterparty_plan(reads.store, ctx, &href).await? {
        Planned::Skip(reason) => return Ok(FlowPlan::skip(FLOW, reason)),
        Planned::Plan(CustomerWrite::Customer { crm_id, patch }) => {
            Command::new("retailcrm", "edit_customer")
                .record(crm_id)
                .data(&patch)
        }
        Planned::Plan(CustomerWrite::CorporateAddress {
            corp_id,
            address_id,
            address,
        }) => match address_id {
            Some(address_id) => Command::new("retailcrm", "edit_corporate_address")
                .record(format!("{corp_id} address {address_id}")),
            None => Command::new("retailcrm", "add_corporate_address").record(corp_id),
        }
        .data(&address),
    };
    Ok(FlowPlan::apply(FLOW, vec![command.rule("MS-B4")]))
}
