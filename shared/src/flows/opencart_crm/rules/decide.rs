//! The decision for one OpenCart order event.

use super::plan::*;
use crate::connectors::opencart::ABANDONED_STATUS;
use crate::connectors::retailcrm::{CrmBuyer, CrmCorporate, NewOrder};
use crate::model::{Address, Company, Customer, Order, OrderBuyer};
use crate::settings::RetailCrmSettings;
use crate::store::Link;
use std::collections::BTreeMap;

/// Everything the rules look at. The worker fills it from the event, the
/// links and CRM look-ups.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub crm: &'a RetailCrmSettings,
    /// OpenCart `order_status_id` → CRM status code.
    pub status_map: &'a BTreeMap<String, String>,
    /// The order as OpenCart has it in this event.
    pub order: &'a Order,
    /// The link of this OpenCart order, if it was synced before.
    pub order_link: Option<&'a Link>,
    /// The buyer person's CRM customer id: from its link, or found by e-mail / phone.
    pub known_customer: Option<i64>,
    /// The billing company's CRM corporate customer: from its link, or found by company name.
    pub known_corporate: Option<&'a CrmCorporate>,
}

/// Applies OC-X1, then OC-F1..OC-F4.
pub fn decide(input: Input<'_>) -> Decision {
    let order = input.order;
    if let Some(skip) = precheck(order, input.order_link) {
        return Decision::Skip(skip);
    }

    let customer = match input.known_customer {
        Some(crm_id) => CustomerStep::Use { crm_id },
        None => CustomerStep::Create {
            // Registered OpenCart customers keep their id as the CRM externalId, as
            // the CRM's own OpenCart module does; guests have none to give.
            external_id: order.customer_id.clone(),
            customer: Customer {
                person: order.buyer.person().clone(),
                address: order
                    .billing_address
                    .clone()
                    .or_else(|| order.delivery_address.clone()),
            },
        },
    };

    let corporate = match &order.buyer {
        OrderBuyer::Corporate { company, .. } if input.crm.corporate_customers => Some(
            corporate_step(company, order, &customer, input.known_corporate),
        ),
        // Without corporate customers in the CRM a company order is a private one.
        _ => None,
    };

    let crm_order_id = input
        .order_link
        .and_then(|l| l.peer(crate::model::System::RetailCrm))
        .and_then(|id| id.parse().ok());
    let step = match crm_order_id {
        Some(crm_id) => OrderStep::Edit { crm_id },
        None => OrderStep::Create,
    };
    let draft = draft(order, input.status_map, &step);
    Decision::Apply(OrderPlan {
        customer,
        corporate,
        order: step,
        draft,
    })
}

/// The CRM order as `order` says it must be; `buyer` is a placeholder
/// until the customer steps have run.
pub fn draft(order: &Order, status_map: &BTreeMap<String, String>, step: &OrderStep) -> NewOrder {
    NewOrder {
        external_id: order.id.clone(),
        number: order.number.clone(),
        status: status_map.get(&order.status).cloned(),
        buyer: CrmBuyer::Private { customer_id: 0 },
        person: order.buyer.person().clone(),
        billing_address: order.billing_address.clone(),
        delivery_address: order.delivery_address.clone(),
        // Lines go in when the order is created; edits here are about the
        // customer (the seed's scope) and leave the CRM's items as they are.
        lines: if *step == OrderStep::Create {
            order.lines.clone()
        } else {
            Vec::new()
        },
        comment: order.comment.clone(),
    }
}

/// OC-X1 checks that need no look-up: the worker runs them before claiming anything.
pub fn precheck(order: &Order, order_link: Option<&Link>) -> Option<Skip> {
    if order.status == ABANDONED_STATUS.to_string() {
        return Some(Skip::Abandoned);
    }
    let applied = order_link.and_then(|l| l.source_version.as_deref());
    if let (Some(applied), Some(incoming)) = (applied, order.modified_at.as_deref()) {
        // OpenCart stamps are `YYYY-MM-DD HH:MM:SS`: text order is time order.
        if incoming < applied {
            return Some(Skip::Stale {
                applied: applied.into(),
                incoming: incoming.into(),
            });
        }
    }
    None
}

fn corporate_step(
    company: &Company,
    order: &Order,
    customer: &CustomerStep,
    known: Option<&CrmCorporate>,
) -> CorporateStep {
    let order_addresses = distinct([&order.billing_address, &order.delivery_address]);
    let Some(existing) = known else {
        return CorporateStep::Create {
            nick_name: company.name.clone(),
            company: company.clone(),
            addresses: order_addresses,
        };
    };
    let wanted = normalise(&company.name);
    let company_step = existing
        .corporate
        .companies
        .iter()
        .zip(&existing.company_ids)
        .find(|(c, _)| normalise(&c.name) == wanted)
        .map(|(_, id)| CompanyStep::Use { crm_id: *id })
        .unwrap_or_else(|| CompanyStep::Add(company.clone()));
    let add_contact = match customer {
        CustomerStep::Use { crm_id } => !existing.contact_ids.contains(crm_id),
        CustomerStep::Create { .. } => true,
    };
    let on_card: Vec<String> = existing
        .corporate
        .addresses
        .iter()
        .map(address_key)
        .collect();
    let add_addresses = order_addresses
        .into_iter()
        .filter(|a| !on_card.contains(&address_key(a)))
        .collect();
    CorporateStep::Use {
        crm_id: existing.id,
        company: company_step,
        add_contact,
        add_addresses,
    }
}

fn distinct(addresses: [&Option<Address>; 2]) -> Vec<Address> {
    let mut out: Vec<Address> = Vec::new();
    for a in addresses.into_iter().flatten() {
        if !out.iter().any(|o| address_key(o) == address_key(a)) {
            out.push(a.clone());
        }
    }
    out
}

/// Two addresses are the same if their text matches ignoring case and spacing.
fn address_key(a: &Address) -> String {
    normalise(&a.text())
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
