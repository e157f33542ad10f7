//! MS-C3 / MS-C5: the CRM buyer of a retail sale.
//!
//! A private counterparty is the CRM customer it is linked to or that has its
//! e-mail / phone; otherwise a new one. A legal counterparty is the CRM
//! corporate customer it is linked to or whose company has its name;
//! otherwise a new one with its legal and bank details and contact persons.
//! Each contact person of the counterparty not yet among the corporate
//! customer's contacts (by CRM id, e-mail, phone or full name) becomes a new
//! contact. The order is placed on the first contact person (the seed:
//! "the order is created on the corporate customer's contact person").

use super::input::SaleBuyer;
use crate::connectors::retailcrm::{CrmCorporate, same_phone};
use crate::model::{Company, Person};

/// A contact person of the counterparty and its CRM customer, if the worker found one.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactMatch {
    pub person: Person,
    pub crm_id: Option<i64>,
}

/// A person in the CRM: an existing customer, or one to create.
#[derive(Debug, Clone, PartialEq)]
pub enum PersonStep {
    Use { crm_id: i64 },
    Create { person: Person },
}

/// A contact of the corporate customer and whether it must be added as one.
#[derive(Debug, Clone, PartialEq)]
pub struct CorporateContact {
    pub step: PersonStep,
    pub add: bool,
}

/// What to do for a legal counterparty.
// One per event, moved not copied: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum CorporatePlan {
    Use {
        crm_id: i64,
        company_id: Option<i64>,
        /// The first is the order's contact person.
        contacts: Vec<CorporateContact>,
    },
    Create {
        nick_name: String,
        company: Company,
        /// The first becomes the main contact (and the order's); the rest are added.
        contacts: Vec<PersonStep>,
    },
}

/// The buyer plan.
// One per event, moved not copied: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum BuyerPlan {
    Private(PersonStep),
    Corporate(CorporatePlan),
}

/// Decides the buyer. `known_customer`: the private counterparty's CRM id
/// (linked or found); `known_corporate`: the legal one's corporate customer;
/// `contacts`: the counterparty's contact persons with their CRM ids if found.
pub fn plan_buyer(
    buyer: &SaleBuyer,
    known_customer: Option<i64>,
    known_corporate: Option<&CrmCorporate>,
    contacts: &[ContactMatch],
) -> BuyerPlan {
    let (company, person) = match buyer {
        SaleBuyer::Private { person } => {
            return BuyerPlan::Private(match known_customer {
                Some(crm_id) => PersonStep::Use { crm_id },
                None => PersonStep::Create {
                    person: person.clone(),
                },
            });
        }
        SaleBuyer::Corporate {
            company, person, ..
        } => (company, person),
    };
    let Some(corp) = known_corporate else {
        let mut steps: Vec<PersonStep> = contacts
            .iter()
            .map(|c| match c.crm_id {
                Some(crm_id) => PersonStep::Use { crm_id },
                None => PersonStep::Create {
                    person: c.person.clone(),
                },
            })
            .collect();
        if steps.is_empty() {
            // A corporate customer needs a contact: the counterparty itself.
            steps.push(PersonStep::Create {
                person: fallback_contact(company, person),
            });
        }
        return BuyerPlan::Corporate(CorporatePlan::Create {
            nick_name: company.name.clone(),
            company: company.clone(),
            contacts: steps,
        });
    };
    let mut plan: Vec<CorporateContact> = contacts
        .iter()
        .map(|c| match existing_contact(corp, c) {
            Some(crm_id) => CorporateContact {
                step: PersonStep::Use { crm_id },
                add: false,
            },
            None => CorporateContact {
                step: match c.crm_id {
                    Some(crm_id) => PersonStep::Use { crm_id },
                    None => PersonStep::Create {
                        person: c.person.clone(),
                    },
                },
                add: true,
            },
        })
        .collect();
    if plan.is_empty() {
        plan.push(match corp.contact_ids.first() {
            Some(&crm_id) => CorporateContact {
                step: PersonStep::Use { crm_id },
                add: false,
            },
            None => CorporateContact {
                step: PersonStep::Create {
                    person: fallback_contact(company, person),
                },
                add: true,
            },
        });
    }
    let named = corp
        .corporate
        .companies
        .iter()
        .position(|c| c.name.trim().eq_ignore_ascii_case(company.name.trim()));
    let company_id = named
        .or((!corp.company_ids.is_empty()).then_some(0))
        .and_then(|i| corp.company_ids.get(i).copied());
    BuyerPlan::Corporate(CorporatePlan::Use {
        crm_id: corp.id,
        company_id,
        contacts: plan,
    })
}

/// The CRM id of the corporate customer's contact that is this person.
fn existing_contact(corp: &CrmCorporate, c: &ContactMatch) -> Option<i64> {
    if let Some(id) = c.crm_id.filter(|id| corp.contact_ids.contains(id)) {
        return Some(id);
    }
    let p = &c.person;
    let same = |q: &Person| {
        let email = matches!((&p.email, &q.email), (Some(a), Some(b)) if a.trim().eq_ignore_ascii_case(b.trim()));
        let phone = matches!((&p.phone, &q.phone), (Some(a), Some(b)) if same_phone(a, b));
        let name = !p.full_name().is_empty() && p.full_name() == q.full_name();
        email || phone || name
    };
    let i = corp.corporate.contacts.iter().position(same)?;
    corp.contact_ids.get(i).copied()
}

fn fallback_contact(company: &Company, person: &Person) -> Person {
    Person {
        first_name: Some(company.name.clone()),
        ..person.clone()
    }
}
