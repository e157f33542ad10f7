//! OpenCart order event → CRM: gathers links and CRM look-ups, asks the
//! OC rules, carries out the plan and records the links.

use crate::connectors::opencart::{self, HookBody};
use crate::connectors::retailcrm::{CrmBuyer, CrmCorporate, NewCorporate, NewOrder, RetailCrm};
use crate::error::{Error, Result};
use crate::flows::fingerprint;
use crate::flows::links::{self, Claim, Claims, Resolution};
use crate::flows::opencart_crm::rules::{
    self as rules, CompanyStep, CorporateStep, CustomerStep, Decision, Input, OrderStep,
};
use crate::flows::{FlowCtx, Outcome};
use crate::model::{EntityKind, Envelope, EventKind, Order, OrderBuyer, Person, System};
use crate::settings::TenantSettings;
use crate::store::{Link, LinkKey, Store};

pub(super) async fn sync(ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
    let (store, claims) = (ctx.store, ctx.claims);
    let tenant = &envelope.tenant;
    let settings = ctx.tenant;
    if envelope.kind == EventKind::Deleted {
        return Ok(deleted_in_shop(store, settings, &envelope.external_id).await);
    }
    let crm_settings = settings.crm()?.clone();
    let status_map = settings
        .opencart
        .as_ref()
        .map(|o| o.status_map.clone())
        .unwrap_or_default();
    let body: HookBody = serde_json::from_value(envelope.payload.clone())
        .map_err(|e| Error::Invalid(format!("OpenCart payload: {e}")))?;
    let order = opencart::to_order(&body);

    let order_key = LinkKey::new(tenant, EntityKind::Order, System::OpenCart, &order.id);
    let order_link = store.links.get_link(&order_key).await?;
    if let Some(skip) = rules::precheck(&order, order_link.as_ref()) {
        return Ok(Outcome::Skipped(format!("{skip:?}")));
    }
    let crm = ctx.peers.crm(tenant, &crm_settings);

    let customer_key = LinkKey::new(
        tenant,
        EntityKind::Customer,
        System::OpenCart,
        opencart::customer_key(&body.order),
    );
    let customer =
        resolve_customer(store, &crm, &customer_key, order.buyer.person(), claims).await?;
    let corporate = match (opencart::company_key(&body.order), &order.buyer) {
        (Some(key), OrderBuyer::Corporate { company, .. }) if crm_settings.corporate_customers => {
            let key = LinkKey::new(tenant, EntityKind::CorporateCustomer, System::OpenCart, key);
            Some(resolve_corporate(store, &crm, &key, &company.name, claims).await?)
        }
        _ => None,
    };

    let input = Input {
        crm: &crm_settings,
        status_map: &status_map,
        order: &order,
        order_link: order_link.as_ref(),
        known_customer: customer.known,
        known_corporate: corporate.as_ref().and_then(|c| c.known.as_ref()),
    };
    let plan = match rules::decide(input) {
        Decision::Skip(skip) => return Ok(Outcome::Skipped(format!("{skip:?}"))),
        Decision::Apply(plan) => plan,
    };

    let customer_id = match &plan.customer {
        CustomerStep::Use { crm_id } => *crm_id,
        CustomerStep::Create {
            external_id,
            customer,
        } => {
            crm.customer_create(external_id.as_deref(), customer)
                .await?
        }
    };
    if let Some(claim) = &customer.claim {
        claims
            .complete(
                store.links.as_ref(),
                claim,
                System::RetailCrm,
                &customer_id.to_string(),
            )
            .await?;
    }

    let buyer = match (&plan.corporate, &corporate) {
        (Some(step), Some(found)) => {
            let (corporate_id, company_id) = apply_corporate(&crm, step, customer_id).await?;
            if let Some(claim) = &found.claim {
                claims
                    .complete(
                        store.links.as_ref(),
                        claim,
                        System::RetailCrm,
                        &corporate_id.to_string(),
                    )
                    .await?;
            }
            CrmBuyer::Corporate {
                corporate_id,
                contact_id: customer_id,
                company_id,
            }
        }
        _ => CrmBuyer::Private { customer_id },
    };

    let draft = NewOrder {
        buyer,
        ..plan.draft
    };
    let stored = order_link.as_ref().and_then(|l| l.fingerprint.as_deref());
    let unchanged = fingerprint::matches(stored, &draft);
    let fingerprint = fingerprint::of(&draft);
    let created = matches!(plan.order, OrderStep::Create);
    let crm_order_id = match plan.order {
        OrderStep::Edit { crm_id } if unchanged => crm_id,
        OrderStep::Edit { crm_id } => {
            crm.order_edit(&draft).await?;
            crm_id
        }
        OrderStep::Create => crm.order_create(&draft).await?,
    };
    // The CRM order changed: the flows that consume CRM orders but not our
    // own changes (the MoySklad export) hear it from us. Raised on every
    // delivery, written or not: a redelivery after a failure here raises it
    // again, and the key (the order and what it holds) makes that one copy.
    let changed = Envelope {
        tenant: tenant.clone(),
        source: System::RetailCrm,
        kind: if created {
            EventKind::Created
        } else {
            EventKind::Updated
        },
        entity: EntityKind::Order,
        external_id: crm_order_id.to_string(),
        dedupe_key: format!("opencart_crm:{crm_order_id}:{fingerprint}"),
        received_at: crate::clock::now_ms(),
        payload: serde_json::json!({"created": false, "deleted": false, "fields": [], "history": []}),
        flow: None,
    };
    ctx.events.raise(settings, super::ID, &changed).await?;
    record_order_link(store, &order_key, crm_order_id, &order, fingerprint).await?;
    Ok(Outcome::Applied)
}

/// An order deleted in the shop: the CRM order stays (it may be paid,
/// shipped or in a manager's hands; deleting it is the merchant's call), and
/// the journal says so, so the merchant knows the two now differ.
async fn deleted_in_shop(store: &Store, settings: &TenantSettings, order_id: &str) -> Outcome {
    let message = "deleted in OpenCart; the CRM order is kept (a shop's deletion never \
                   deletes a CRM order)";
    crate::flows::journal::note(store, settings, "order", order_id, message).await;
    Outcome::Skipped(format!("OpenCart order {order_id} {message}"))
}

/// The buyer's CRM id if it is known, and the claim to complete if we must link it.
struct Resolved<T> {
    known: Option<T>,
    claim: Option<Claim>,
}

async fn resolve_customer(
    store: &Store,
    crm: &RetailCrm,
    key: &LinkKey,
    person: &Person,
    claims: &Claims,
) -> Result<Resolved<i64>> {
    match claims
        .resolve_or_claim(store.links.as_ref(), key, System::RetailCrm)
        .await?
    {
        Resolution::Linked(link) => Ok(Resolved {
            known: peer_id(&link),
            claim: None,
        }),
        Resolution::Claimed(claim) => {
            // OC-F1: the CRM may know this person already, by e-mail first, then by phone.
            let mut found = match &person.email {
                Some(email) => crm.customers_by_email(email).await?,
                None => Vec::new(),
            };
            if found.is_empty()
                && let Some(phone) = &person.phone
            {
                found = crm.customers_by_phone(phone).await?;
            }
            let known = found.iter().map(|c| c.id).min();
            Ok(Resolved {
                known,
                claim: Some(claim),
            })
        }
    }
}

async fn resolve_corporate(
    store: &Store,
    crm: &RetailCrm,
    key: &LinkKey,
    name: &str,
    claims: &Claims,
) -> Result<Resolved<CrmCorporate>> {
    match claims
        .resolve_or_claim(store.links.as_ref(), key, System::RetailCrm)
        .await?
    {
        Resolution::Linked(link) => {
            let id = link.peer(System::RetailCrm).and_then(|id| id.parse().ok());
            // What the order needs (companies, contacts, addresses), in 3 requests.
            let known = match id {
                Some(id) => crm.corporate_parts(id).await?,
                None => None,
            };
            Ok(Resolved { known, claim: None })
        }
        Resolution::Claimed(claim) => {
            let found = crm.corporates_by_company_name(name).await?;
            let known = found.into_iter().min_by_key(|c| c.id);
            Ok(Resolved {
                known,
                claim: Some(claim),
            })
        }
    }
}

/// Carries out OC-F3 / OC-F4; returns the corporate customer's and company's CRM ids.
async fn apply_corporate(
    crm: &RetailCrm,
    step: &CorporateStep,
    contact_id: i64,
) -> Result<(i64, Option<i64>)> {
    match step {
        CorporateStep::Use {
            crm_id,
            company,
            add_contact,
            add_addresses,
        } => {
            let company_id = match company {
                CompanyStep::Use { crm_id } => *crm_id,
                CompanyStep::Add(company) => crm.corporate_add_company(*crm_id, company).await?,
            };
            if *add_contact {
                crm.corporate_add_contact(*crm_id, contact_id).await?;
            }
            for address in add_addresses {
                crm.corporate_add_address(*crm_id, address).await?;
            }
            Ok((*crm_id, Some(company_id)))
        }
        CorporateStep::Create {
            nick_name,
            company,
            addresses,
        } => {
            let new = NewCorporate {
                external_id: None,
                nick_name: nick_name.clone(),
                company: company.clone(),
                contact_customer_id: contact_id,
                addresses: addresses.clone(),
            };
            crm.corporate_create_for_order(&new).await
        }
    }
}

fn peer_id(link: &Link) -> Option<i64> {
    link.peer(System::RetailCrm).and_then(|id| id.parse().ok())
}

async fn record_order_link(
    store: &Store,
    key: &LinkKey,
    crm_id: i64,
    order: &Order,
    fingerprint: String,
) -> Result<()> {
    let stamp = order.modified_at.clone();
    links::upsert(
        store.links.as_ref(),
        key,
        System::RetailCrm,
        &crm_id.to_string(),
        |link| {
            link.fingerprint = Some(fingerprint.clone());
            // Keep the newest stamp: never move the stale-event guard backwards.
            if stamp.as_deref() > link.source_version.as_deref() {
                link.source_version = stamp.clone();
            }
        },
    )
    .await
}
