//! MS-C3 / MS-C5 in the worker: finds the sale's buyer in the CRM (link,
//! then e-mail / phone for persons, company name for legal entities), asks
//! `plan_buyer`, creates what is missing and links the counterparty.
//!
//! The counterparty's link is claimed first (`links::resolve_or_claim`), so
//! two sales of one new buyer handled at once create it once. `plan` (the
//! look-ups and the rule) reads only and is shared with the dry run.

use crate::connectors::retailcrm::{By, CrmBuyer, CrmCorporate, NewCorporate, RetailCrm};
use crate::error::Result;
use crate::flows::links::{Claim, Claims, Resolution};
use crate::flows::moysklad_retail::rules::{
    BuyerPlan, ContactMatch, CorporatePlan, PersonStep, SaleBuyer, plan_buyer,
};
use crate::model::{Customer, EntityKind, Person, System, TenantId};
use crate::store::{LinkKey, Store};

/// The link key of the sale's counterparty (`counterparty_id`).
pub(crate) fn key(tenant: &TenantId, counterparty_id: &str, buyer: &SaleBuyer) -> LinkKey {
    let kind = match buyer {
        SaleBuyer::Corporate { .. } => EntityKind::CorporateCustomer,
        _ => EntityKind::Customer,
    };
    LinkKey::new(tenant, kind, System::MoySklad, counterparty_id)
}

/// MS-C3: what the buyer needs in the CRM, `linked` being the CRM id its
/// counterparty's link names. Reads only (shared with the dry run).
pub(crate) async fn plan(
    crm: &RetailCrm,
    buyer: &SaleBuyer,
    linked: Option<String>,
) -> Result<BuyerPlan> {
    Ok(match buyer {
        SaleBuyer::Private { person } => {
            let known = match linked.and_then(|id| id.parse().ok()) {
                Some(id) => Some(id),
                None => find_person(crm, person).await?,
            };
            plan_buyer(buyer, known, None, &[])
        }
        SaleBuyer::Corporate {
            company, contacts, ..
        } => {
            let known_id = match &linked {
                Some(id) => Some(id.clone()),
                None => crm
                    .corporates_by_company_name(&company.name)
                    .await?
                    .into_iter()
                    .map(|c| c.id)
                    .min()
                    .map(|id| id.to_string()),
            };
            // MS-C3 matches contacts by name too: the full record.
            let known = match known_id {
                Some(id) => crm.corporate_get(By::Id, &id).await?,
                None => None,
            };
            let mut matches = Vec::with_capacity(contacts.len());
            for person in contacts {
                matches.push(ContactMatch {
                    person: person.clone(),
                    crm_id: find_person(crm, person).await?,
                });
            }
            plan_buyer(buyer, None, known.as_ref(), &matches)
        }
    })
}

/// The CRM buyer of the sale, created and linked if needed.
pub(super) async fn resolve(
    store: &Store,
    crm: &RetailCrm,
    tenant: &TenantId,
    counterparty_id: &str,
    buyer: &SaleBuyer,
    claims: &Claims,
) -> Result<CrmBuyer> {
    let key = key(tenant, counterparty_id, buyer);
    let (linked, claim) = match claims
        .resolve_or_claim(store.links.as_ref(), &key, System::RetailCrm)
        .await?
    {
        Resolution::Linked(link) => (link.peer(System::RetailCrm).map(str::to_owned), None),
        Resolution::Claimed(claim) => (None, Some(claim)),
    };
    let result = match (plan(crm, buyer, linked).await?, buyer) {
        (BuyerPlan::Private(step), _) => {
            let customer_id = person_id(crm, &step).await?;
            complete(store, claims, claim.as_ref(), customer_id).await?;
            CrmBuyer::Private { customer_id }
        }
        (BuyerPlan::Corporate(plan), SaleBuyer::Corporate { company, .. }) => {
            let (corporate, contact_id) = apply_corporate(crm, plan).await?;
            complete(store, claims, claim.as_ref(), corporate.id).await?;
            CrmBuyer::Corporate {
                corporate_id: corporate.id,
                contact_id,
                company_id: company_of(&corporate, &company.name),
            }
        }
        (BuyerPlan::Corporate(_), _) => unreachable!("a private buyer plans a person"),
    };
    Ok(result)
}

async fn complete(
    store: &Store,
    claims: &Claims,
    claim: Option<&Claim>,
    crm_id: i64,
) -> Result<()> {
    if let Some(claim) = claim {
        claims
            .complete(
                store.links.as_ref(),
                claim,
                System::RetailCrm,
                &crm_id.to_string(),
            )
            .await?;
    }
    Ok(())
}

/// A CRM customer with this person's e-mail, else phone (the lowest id wins).
async fn find_person(crm: &RetailCrm, person: &Person) -> Result<Option<i64>> {
    if let Some(email) = person.email.as_deref().filter(|e| !e.trim().is_empty()) {
        let found = crm.customers_by_email(email).await?;
        if let Some(id) = found.iter().map(|c| c.id).min() {
            return Ok(Some(id));
        }
    }
    if let Some(phone) = person.phone.as_deref() {
        let found = crm.customers_by_phone(phone).await?;
        return Ok(found.iter().map(|c| c.id).min());
    }
    Ok(None)
}

async fn person_id(crm: &RetailCrm, step: &PersonStep) -> Result<i64> {
    match step {
        PersonStep::Use { crm_id } => Ok(*crm_id),
        PersonStep::Create { person } => {
            let customer = Customer {
                person: person.clone(),
                address: None,
            };
            crm.customer_create(None, &customer).await
        }
    }
}

/// Carries out the corporate plan; returns the corporate customer and the
/// order's contact person.
async fn apply_corporate(crm: &RetailCrm, plan: CorporatePlan) -> Result<(CrmCorporate, i64)> {
    match plan {
        CorporatePlan::Create {
            nick_name,
            company,
            contacts,
        } => {
            let mut ids = Vec::with_capacity(contacts.len());
            for step in &contacts {
                ids.push(person_id(crm, step).await?);
            }
            let main = ids[0];
            let created = crm
                .corporate_create(&NewCorporate {
                    external_id: None,
                    nick_name,
                    company,
                    contact_customer_id: main,
                    addresses: Vec::new(),
                })
                .await?;
            for id in &ids[1..] {
                crm.corporate_add_contact(created.id, *id).await?;
            }
            Ok((created, main))
        }
        CorporatePlan::Use {
            crm_id, contacts, ..
        } => {
            let mut first = None;
            for contact in &contacts {
                let id = person_id(crm, &contact.step).await?;
                if contact.add {
                    crm.corporate_add_contact(crm_id, id).await?;
                }
                first.get_or_insert(id);
            }
            let corporate = crm
                .corporate_get(By::Id, &crm_id.to_string())
                .await?
                .ok_or_else(|| {
                    crate::Error::Invalid(format!("corporate customer {crm_id} vanished"))
                })?;
            Ok((corporate, first.unwrap_or_default()))
        }
    }
}

/// The company of the corporate customer with this name, else its first.
fn company_of(corporate: &CrmCorporate, name: &str) -> Option<i64> {
    let i = corporate
        .corporate
        .companies
        .iter()
        .position(|c| c.name.trim().eq_ignore_ascii_case(name.trim()))
        .unwrap_or(0);
    corporate.company_ids.get(i).copied()
}
