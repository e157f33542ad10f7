//! `moysklad_retail`'s dry run for a MoySklad retail sale (MS-R1..MS-R4,
//! MS-C3, MS-C5): the sale and its buyer read as the flow reads them
//! (`apply::load`), the counterparty's link read (never claimed), the CRM
//! looked up for the buyer (`buyer::plan`), the CRM order behind the sale
//! and its other sales read (`order`'s reads; the order's lock is not
//! taken), and `rules::decide` asked as if the sale's webhook had come now.
//!
//! A buyer the plan would create has no CRM id yet: the order's data shows
//! it as id 0. A new order whose externalId (the sale's id) the CRM has
//! already is shown as the create the flow sends, which gives that order
//! back; its payments are compared with that order's.

use super::{Command, FlowPlan, Reads};
use crate::connectors::retailcrm::{By, CrmBuyer};
use crate::error::{Error, Result};
use crate::flows::moysklad_retail::apply::order::{self, Context};
use crate::flows::moysklad_retail::apply::{Loaded, buyer, load};
use crate::flows::moysklad_retail::rules::{
    BuyerPlan, CorporatePlan, Decision, Input, OrderStep, PersonStep, decide, missing_payments,
};
use crate::model::{EntityKind, System};
use crate::store::LinkKey;

const FLOW: &str = "moysklad_retail";

pub(super) async fn plan(reads: &Reads<'_>, id: &str) -> Result<FlowPlan> {
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Error::Invalid(format!("{id:?} is not a MoySklad id")));
    }
    let (store, settings) = (reads.store, reads.tenant);
    let tenant = &settings.id;
    let ms_settings = settings.moysklad_account()?;
    let options = ms_settings
        .sync
        .as_ref()
        .map(|s| s.retail.clone())
        .unwrap_or_default();
    if !options.enabled {
        return Ok(FlowPlan::skip(FLOW, "retail is off for this tenant"));
    }
    let ms = reads.peers.moysklad(tenant, ms_settings);
    let crm = reads.peers.crm(tenant, settings.crm()?);
    let Some(Loaded {
        sale,
        agent_id,
        buyer: sale_buyer,
    }) = load(&ms, &options, id).await?
    else {
        return Ok(FlowPlan::skip(FLOW, "the retail sale no longer exists"));
    };
    let key = buyer::key(tenant, &agent_id, &sale_buyer);
    let link = store.links.get_link(&key).await?;
    let linked = link.and_then(|l| l.peer(System::RetailCrm).map(str::to_owned));
    let buyer_plan = buyer::plan(&crm, &sale_buyer, linked.clone()).await?;
    let (mut commands, crm_buyer) = buyer_commands(buyer_plan);
    if linked.is_none() {
        commands.push(
            Command::new("synclane", "record_link")
                .rule("MS-C3")
                .record(format!("moysklad counterparty {agent_id}")),
        );
    }
    let ctx = Context {
        store,
        crm: &crm,
        ms: &ms,
        tenant,
        options: &options,
        journal_days: settings.journal.retention_days,
        owner: "dry-run",
    };
    let linked_order = order::linked_order(&ctx, &sale).await?;
    let order = match linked_order {
        Some(crm_id) => match crm.retail_order_get(By::Id, &crm_id.to_string()).await? {
            Some(order) => Some(order),
            None => {
                let why = format!("linked CRM order {crm_id} not found");
                return Ok(FlowPlan::skip(FLOW, why));
            }
        },
        None => None,
    };
    let group = match linked_order {
        Some(crm_id) => order::group_of(&ctx, crm_id).await?,
        None => None,
    };
    let (lines, payments) = order::order_sales(&ctx, &sale, group.as_deref()).await?;
    let (fields, notes) = order::fields(&ctx, &sale).await?;
    commands.extend(notes.iter().map(String::as_str).map(note));
    let input = Input {
        options: &options,
        sale: &sale,
        order: order.as_ref(),
        order_sales_lines: &lines,
        order_sales_payments: &payments,
        buyer: &crm_buyer,
        fields: &fields,
    };
    let plan = match decide(input) {
        Decision::Apply(plan) => plan,
        Decision::Skip(why) => {
            // The buyer is resolved before the order is decided.
            commands.push(note(&why));
            let mut plan = FlowPlan::skip(FLOW, why);
            plan.commands = commands;
            return Ok(plan);
        }
    };
    // A create of an externalId the CRM has gives back that order (the
    // flow then adds only the payments it lacks).
    let created = match &plan.order {
        OrderStep::Create(new) => {
            crm.retail_order_get(By::ExternalId, &new.external_id)
                .await?
        }
        OrderStep::Update { .. } => None,
    };
    match &plan.order {
        OrderStep::Create(new) => {
            let record = match &created {
                Some(o) => format!("externalId {} (CRM order {} has it)", new.external_id, o.id),
                None => format!("externalId {}", new.external_id),
            };
            commands.push(
                Command::new("retailcrm", "create_order")
                    .rule("MS-R1")
                    .record(record)
                    .data(new),
            );
        }
        OrderStep::Update { crm_id, patch } if !patch.is_empty() => commands.push(
            Command::new("retailcrm", "edit_order")
                .rule("MS-R1..MS-R4")
                .record(crm_id)
                .data(patch),
        ),
        OrderStep::Update { .. } => {}
    }
    let existing = match (&order, &created) {
        (Some(o), _) | (None, Some(o)) => o.payments.as_slice(),
        (None, None) => &[],
    };
    for payment in missing_payments(&plan.payments, existing) {
        commands.push(
            Command::new("retailcrm", "create_payment")
                .rule("MS-R3")
                .data(&payment),
        );
    }
    let sale_key = LinkKey::new(tenant, EntityKind::RetailSale, System::MoySklad, &sale.id);
    if store.links.get_link(&sale_key).await?.is_none() {
        commands.push(
            Command::new("synclane", "record_link")
                .rule("MS-R1")
                .record(format!("moysklad retail sale {}", sale.id)),
        );
    }
    Ok(FlowPlan::apply(FLOW, commands))
}

fn note(message: &str) -> Command {
    Command::new("synclane", "journal_note").data(&message)
}

/// MS-C3's steps as commands, and the buyer's CRM ids (0: created by the plan).
fn buyer_commands(plan: BuyerPlan) -> (Vec<Command>, CrmBuyer) {
    let mut commands = Vec::new();
    match plan {
        BuyerPlan::Private(step) => {
            let customer_id = person(&mut commands, &step);
            (commands, CrmBuyer::Private { customer_id })
        }
        BuyerPlan::Corporate(CorporatePlan::Create {
            nick_name,
            company,
            contacts,
        }) => {
            let ids: Vec<i64> = contacts.iter().map(|s| person(&mut commands, s)).collect();
            let data = serde_json::json!({ "nickName": nick_name, "company": company });
            commands.push(
                Command::new("retailcrm", "create_corporate_customer")
                    .rule("MS-C3")
                    .data(&data),
            );
            for _ in ids.iter().skip(1) {
                commands.push(Command::new("retailcrm", "add_contact").rule("MS-C3"));
            }
            let contact_id = ids.first().copied().unwrap_or_default();
            let buyer = CrmBuyer::Corporate {
                corporate_id: 0,
                contact_id,
                company_id: None,
            };
            (commands, buyer)
        }
        BuyerPlan::Corporate(CorporatePlan::Use {
            crm_id,
            company_id,
            contacts,
        }) => {
            commands.push(
                Command::new("retailcrm", "use_corporate_customer")
                    .rule("MS-C3")
                    .record(crm_id),
            );
            let mut first = None;
            for contact in &contacts {
                let id = person(&mut commands, &contact.step);
                if contact.add {
                    commands.push(
                        Command::new("retailcrm", "add_contact")
                            .rule("MS-C3")
                            .record(crm_id),
                    );
                }
                first.get_or_insert(id);
            }
            let buyer = CrmBuyer::Corporate {
                corporate_id: crm_id,
                contact_id: first.unwrap_or_default(),
                company_id,
            };
            (commands, buyer)
        }
    }
}

/// A person's step as a command; its CRM id (0: created by the plan).
fn person(commands: &mut Vec<Command>, step: &PersonStep) -> i64 {
    match step {
        PersonStep::Use { crm_id } => {
            commands.push(
                Command::new("retailcrm", "use_customer")
                    .rule("MS-C3")
                    .record(crm_id),
            );
            *crm_id
        }
        PersonStep::Create { person } => {
            commands.push(
                Command::new("retailcrm", "create_customer")
                    .rule("MS-C3")
                    .data(person),
            );
            0
        }
    }
}
