//! `crm_opencart`'s dry run: the CRM order's buyer side and the linked
//! OpenCart order as they are now, asked to OC-R1..OC-R5 as if the CRM
//! order's customer fields had just changed (a dry run has no history
//! entry to say which changed).

use super::{Command, FlowPlan, Reads};
use crate::connectors::opencart::customer_key;
use crate::error::{Error, Result};
use crate::flows::crm_opencart::{accounts, rules};
use crate::model::{EntityKind, System};
use crate::store::LinkKey;

const FLOW: &str = "crm_opencart";

pub(super) async fn plan(reads: &Reads<'_>, id: &str) -> Result<FlowPlan> {
    let (store, settings) = (reads.store, reads.tenant);
    let tenant = &settings.id;
    let crm_id: i64 = id
        .parse()
        .map_err(|_| Error::Invalid(format!("{id:?} is not a CRM order id")))?;
    let back = LinkKey::new(tenant, EntityKind::Order, System::RetailCrm, id);
    let linked = store.links.get_link(&back).await?;
    let Some(oc_id) = linked
        .as_ref()
        .and_then(|l| l.peer(System::OpenCart))
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return Ok(FlowPlan::skip(FLOW, "the CRM order has no OpenCart order"));
    };
    let Some(crm_order) = reads.peers.crm_of(settings)?.order_buyer(crm_id).await? else {
        return Ok(FlowPlan::skip(FLOW, "the CRM has no such order"));
    };
    let shop = reads.peers.opencart_of(settings)?;
    let Some(record) = shop.order_get(oc_id).await? else {
        return Ok(FlowPlan::skip(
            FLOW,
            format!("OpenCart order {oc_id} is gone"),
        ));
    };
    if let Some(skip) = rules::precheck(&record.order) {
        return Ok(FlowPlan::skip(FLOW, format!("{skip:?}")));
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
    let input = rules::Input {
        crm: &crm_order,
        corporate_customers: settings.crm()?.corporate_customers,
        order: &record.order,
        order_customer_in_crm,
    };
    let account = if rules::buyer_changed(&input) {
        let person = rules::person(&crm_order);
        let crm_person = rules::person_id(crm_order.buyer.as_ref());
        accounts::find(
            store.links.as_ref(),
            &shop,
            tenant,
            crm_person,
            person.email.as_deref(),
        )
        .await?
    } else {
        None
    };
    let decision = rules::decide(&input, account);
    let mut commands: Vec<Command> = decision
        .notes
        .iter()
        .map(|note| Command::new("synclane", "journal_note").data(note))
        .collect();
    if !decision.changes.is_empty() {
        commands.push(
            Command::new("opencart", "update_order")
                .rule("OC-R2..OC-R5")
                .record(oc_id)
                .data(&decision.changes),
        );
    }
    Ok(FlowPlan::apply(FLOW, commands))
}
