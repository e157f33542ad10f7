//! `opencart_crm`'s dry run: the OpenCart order as the shop has it now
//! (`order.get`, the same record an edit event carries), the links read
//! without claiming, the CRM looked up as `apply` does (customer by
//! e-mail then phone, corporate customer by company name), and OC-X1,
//! OC-F1..OC-F4 asked for their plan.

use super::{Command, FlowPlan, Reads};
use crate::connectors::opencart;
use crate::connectors::retailcrm::{CrmBuyer, CrmCorporate, RetailCrm};
use crate::error::{Error, Result};
use crate::flows::fingerprint;
use crate::flows::opencart_crm::rules::{
    self, CompanyStep, CorporateStep, CustomerStep, Decision, Input, OrderStep,
};
use crate::model::{EntityKind, OrderBuyer, Person, System};
use crate::store::LinkKey;

const FLOW: &str = "opencart_crm";

pub(super) async fn plan(reads: &Reads<'_>, id: &str) -> Result<FlowPlan> {
    let (store, settings) = (reads.store, reads.tenant);
    let tenant = &settings.id;
    let order_id: i64 = id
        .parse()
        .map_err(|_| Error::Invalid(format!("{id:?} is not an OpenCart order id")))?;
    let shop = reads.peers.opencart_of(settings)?;
    let Some(record) = shop.order_get(order_id).await? else {
        return Ok(FlowPlan::skip(
            FLOW,
            format!("OpenCart has no order {order_id}"),
        ));
    };
    let body = record.as_event();
    let order = opencart::to_order(&body);
    let crm_settings = settings.crm()?;
    let status_map = settings
        .opencart
        .as_ref()
        .map(|o| o.status_map.clone())
        .unwrap_or_default();
    let order_key = LinkKey::new(tenant, EntityKind::Order, System::OpenCart, &order.id);
    let order_link = store.links.get_link(&order_key).await?;
    if let Some(skip) = rules::precheck(&order, order_link.as_ref()) {
        return Ok(FlowPlan::skip(FLOW, format!("{skip:?}")));
    }
    let crm = reads.peers.crm(tenant, crm_settings);
    let customer_key = LinkKey::new(
        tenant,
        EntityKind::Customer,
        System::OpenCart,
        opencart::customer_key(&body.order),
    );
    let known_customer = customer(reads, &crm, &customer_key, order.buyer.person()).await?;
    let corporate = match (opencart::company_key(&body.order), &order.buyer) {
        (Some(key), OrderBuyer::Corporate { company, .. }) if crm_settings.corporate_customers => {
            let key = LinkKey::new(tenant, EntityKind::CorporateCustomer, System::OpenCart, key);
            corporate(reads, &crm, &key, &company.name).await?
        }
        _ => None,
    };
    let input = Input {
        crm: crm_settings,
        status_map: &status_map,
        order: &order,
        order_link: order_link.as_ref(),
        known_customer,
        known_corporate: corporate.as_ref(),
    };
    let plan = match rules::decide(input) {
        Decision::Skip(skip) => return Ok(FlowPlan::skip(FLOW, format!("{skip:?}"))),
        Decision::Apply(plan) => plan,
    };
    let mut commands = Vec::new();
    let customer_id = match &plan.customer {
        CustomerStep::Use { crm_id } => {
            commands.push(
                Command::new("retailcrm", "use_customer")
                    .rule("OC-F1")
                    .record(crm_id),
            );
            Some(*crm_id)
        }
        CustomerStep::Create {
            external_id,
            customer,
        } => {
            let mut c = Command::new("retailcrm", "create_customer")
                .rule("OC-F2")
                .data(customer);
            c.record = external_id.as_ref().map(|e| format!("externalId {e}"));
            commands.push(c);
            None
        }
    };
    // The buyer's CRM ids, when every one of them exists already.
    let mut buyer = customer_id.map(|customer_id| CrmBuyer::Private { customer_id });
    match &plan.corporate {
        None => {}
        Some(CorporateStep::Use {
            crm_id,
            company,
            add_contact,
            add_addresses,
        }) => {
            commands.push(
                Command::new("retailcrm", "use_corporate_customer")
                    .rule("OC-F3")
                    .record(crm_id),
            );
            let company_id = match company {
                CompanyStep::Use { crm_id } => Some(*crm_id),
                CompanyStep::Add(company) => {
                    commands.push(
                        Command::new("retailcrm", "add_company")
                            .rule("OC-F3")
                            .record(crm_id)
                            .data(company),
                    );
                    None
                }
            };
            if *add_contact {
                commands.push(
                    Command::new("retailcrm", "add_contact")
                        .rule("OC-F3")
                        .record(crm_id),
                );
            }
            for address in add_addresses {
                commands.push(
                    Command::new("retailcrm", "add_address")
                        .rule("OC-F3")
                        .record(crm_id)
                        .data(address),
                );
            }
            buyer = match (customer_id, company_id) {
                (Some(contact_id), Some(company_id)) => Some(CrmBuyer::Corporate {
                    corporate_id: *crm_id,
                    contact_id,
                    company_id: Some(company_id),
                }),
                _ => None,
            };
        }
        Some(CorporateStep::Create {
            nick_name,
            company,
            addresses,
        }) => {
            let data = serde_json::json!({"nickName": nick_name, "company": company, "addresses": addresses});
            commands.push(
                Command::new("retailcrm", "create_corporate_customer")
                    .rule("OC-F4")
                    .data(&data),
            );
            buyer = None;
        }
    }
    let stored = order_link.as_ref().and_then(|l| l.fingerprint.as_deref());
    match plan.order {
        OrderStep::Edit { crm_id } => {
            let draft = buyer.map(|buyer| crate::connectors::retailcrm::NewOrder {
                buyer,
                ..plan.draft.clone()
            });
            if draft
                .as_ref()
                .is_some_and(|d| fingerprint::matches(stored, d))
            {
                // The CRM order holds this already: `apply` writes nothing.
            } else {
                commands.push(
                    Command::new("retailcrm", "edit_order")
                        .record(crm_id)
                        .data(&plan.draft),
                );
            }
        }
        OrderStep::Create => {
            commands.push(Command::new("retailcrm", "create_order").data(&plan.draft));
        }
    }
    commands.push(
        Command::new("synclane", "record_link").record(format!("opencart order {}", order.id)),
    );
    Ok(FlowPlan::apply(FLOW, commands))
}

/// The buyer's CRM id: its link, else the CRM's look-up (OC-F1).
async fn customer(
    reads: &Reads<'_>,
    crm: &RetailCrm,
    key: &LinkKey,
    person: &Person,
) -> Result<Option<i64>> {
    let link = reads.store.links.get_link(key).await?;
    if let Some(id) = link.as_ref().and_then(|l| l.peer(System::RetailCrm)) {
        return Ok(id.parse().ok());
    }
    let mut found = match &person.email {
        Some(email) => crm.customers_by_email(email).await?,
        None => Vec::new(),
    };
    if found.is_empty()
        && let Some(phone) = &person.phone
    {
        found = crm.customers_by_phone(phone).await?;
    }
    Ok(found.iter().map(|c| c.id).min())
}

/// The billing company's corporate customer: its link, else by name (OC-F3).
async fn corporate(
    reads: &Reads<'_>,
    crm: &RetailCrm,
    key: &LinkKey,
    name: &str,
) -> Result<Option<CrmCorporate>> {
    let link = reads.store.links.get_link(key).await?;
    if let Some(id) = link.as_ref().and_then(|l| l.peer(System::RetailCrm)) {
        return match id.parse() {
            Ok(id) => crm.corporate_parts(id).await,
            Err(_) => Ok(None),
        };
    }
    let found = crm.corporates_by_company_name(name).await?;
    Ok(found.into_iter().min_by_key(|c| c.id))
}
