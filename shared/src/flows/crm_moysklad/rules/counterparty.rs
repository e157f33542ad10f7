//! The counterparty of an export (MS-B2, MS-B3, MS-C2, MS-C4, MS-S16).
//!
//! Search order: the linked counterparty, then tax id, e-mail, phone (see
//! `phone`); `best_match` checks each candidate set. A new counterparty
//! needs a full name; its type follows the CRM customer's (individual,
//! entrepreneur, legal); a non-individual is named by its legal full name
//! and gets a contact person; legal details and a default bank account when
//! known; new ones go to the group (tag) of MS-B3.

use super::phone;
use crate::connectors::moysklad::mapping::{
    CompanyType, bank_account, contact_from_person, counterparty_from_company,
    counterparty_from_person,
};
use crate::connectors::moysklad::{BankAccount, ContactPerson, Counterparty};
use crate::connectors::retailcrm::{CrmContragent, CrmCorporate, CrmCustomerDetails};
use crate::model::{Address, Company, Person};
use crate::settings::MoySkladSync;

/// The buyer as the counterparty rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Buyer {
    pub kind: CrmContragent,
    pub person: Person,
    pub company: Option<Company>,
    pub address: Option<Address>,
}

/// A private (or entrepreneur / legal) CRM customer.
pub fn buyer_of_customer(c: &CrmCustomerDetails) -> Buyer {
    Buyer {
        kind: c.contragent,
        person: c.customer.person.clone(),
        company: c.company.clone(),
        address: c.customer.address.clone(),
    }
}

/// MS-C2: a corporate customer, named after itself, with the order's contact person.
pub fn buyer_of_corporate(c: &CrmCorporate, contact: Option<Person>) -> Buyer {
    let mut company = c.corporate.companies.first().cloned().unwrap_or_default();
    if company.name.is_empty() {
        company.name = c.corporate.name.clone();
    }
    if company.legal.legal_name.is_none() {
        company.legal.legal_name = Some(c.corporate.name.clone());
    }
    Buyer {
        kind: CrmContragent::Legal,
        person: contact
            .or_else(|| c.corporate.contacts.first().cloned())
            .unwrap_or_default(),
        company: Some(company),
        address: c.corporate.addresses.first().cloned(),
    }
}

/// The field a candidate set was found by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchBy {
    TaxId,
    Email,
    Phone,
}

/// Tax id, e-mail and phone to search by, in the seed's order.
pub fn search_keys(buyer: &Buyer) -> Vec<(MatchBy, String)> {
    let mut keys = Vec::new();
    let tax_id = buyer.company.as_ref().and_then(|c| c.legal.tax_id.clone());
    if let Some(inn) = tax_id.filter(|s| !s.trim().is_empty()) {
        keys.push((MatchBy::TaxId, inn.trim().to_owned()));
    }
    if let Some(email) = buyer.person.email.as_ref().filter(|s| s.contains('@')) {
        keys.push((MatchBy::Email, email.trim().to_owned()));
    }
    if let Some(p) = buyer.person.phone.as_ref() {
        keys.extend(
            phone::lookup_variants(p)
                .into_iter()
                .map(|v| (MatchBy::Phone, v)),
        );
    }
    keys
}

/// The counterparty of `candidates` that really matches `buyer` by `by`
/// (MoySklad's filters are exact strings, so check again; phones by E.164).
pub fn best_match(buyer: &Buyer, by: MatchBy, candidates: &[Counterparty]) -> Option<String> {
    let want_inn = buyer.company.as_ref().and_then(|c| c.legal.tax_id.clone());
    let hit = |c: &&Counterparty| match by {
        MatchBy::TaxId => {
            c.inn.is_some() && c.inn.as_deref().map(str::trim) == want_inn.as_deref().map(str::trim)
        }
        MatchBy::Email => {
            matches!((&c.email, &buyer.person.email), (Some(a), Some(b)) if a.trim().eq_ignore_ascii_case(b.trim()))
        }
        MatchBy::Phone => {
            matches!((&c.phone, &buyer.person.phone), (Some(a), Some(b)) if phone::same_number(a, b))
        }
    };
    candidates
        .iter()
        .filter(|c| c.archived != Some(true))
        .find(hit)
        .and_then(|c| c.id.clone())
}

/// A counterparty to create, with what is created after it (MS-B2: their
/// failure does not undo the counterparty).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCounterparty {
    pub counterparty: Counterparty,
    pub contact: Option<ContactPerson>,
    pub account: Option<BankAccount>,
}

/// The counterparty for a buyer nobody in MoySklad matched, or why not.
pub fn new_counterparty(buyer: &Buyer, sync: &MoySkladSync) -> Result<NewCounterparty, String> {
    let mut plan = match (buyer.kind, &buyer.company) {
        (CrmContragent::Individual, _) | (_, None) => {
            if buyer.person.full_name().is_empty() {
                return Err(
                    "MS-B2: the customer has no full name; a counterparty needs one".into(),
                );
            }
            let address = buyer.address.as_ref().map(Address::text);
            NewCounterparty {
                counterparty: counterparty_from_person(&buyer.person, address),
                contact: None,
                account: None,
            }
        }
        (kind, Some(company)) => {
            let kind = if kind == CrmContragent::Entrepreneur {
                CompanyType::Entrepreneur
            } else {
                CompanyType::Legal
            };
            let mut cp = counterparty_from_company(company, kind);
            // Named by the legal full name (the seed), else the company's name.
            cp.name = cp
                .legal_title
                .clone()
                .filter(|n| !n.trim().is_empty())
                .or(cp.name);
            if cp.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(
                    "MS-B2: the company has no full legal name; a counterparty needs one".into(),
                );
            }
            cp.email = buyer.person.email.clone();
            cp.phone = buyer.person.phone.clone();
            let contact =
                (!buyer.person.full_name().is_empty()).then(|| contact_from_person(&buyer.person));
            NewCounterparty {
                counterparty: cp,
                contact,
                account: company.legal.bank.as_ref().map(bank_account),
            }
        }
    };
    // MS-B3: the group for new counterparties, if set.
    plan.counterparty.tags = sync.counterparty_group.clone().map(|g| vec![g]);
    Ok(plan)
}

/// The fields a CRM customer change writes to its linked counterparty
/// (MS-S16, MS-C4): contacts, address, names of individuals, legal details;
/// never the type or the group.
pub fn counterparty_changes(buyer: &Buyer) -> Counterparty {
    let mut changes = match new_counterparty(buyer, &MoySkladSync::default()) {
        Ok(plan) => plan.counterparty,
        Err(_) => Counterparty::default(),
    };
    changes.company_type = None;
    changes.tags = None;
    changes.email = buyer.person.email.clone().or(changes.email);
    changes.phone = buyer.person.phone.clone().or(changes.phone);
    changes
}

/// MS-S16: whether a CRM customer change is pushed (to `linked`, the counterparty id).
pub fn push_customer_change(
    sync: &MoySkladSync,
    created: bool,
    deleted: bool,
    linked: Option<&str>,
) -> Result<String, String> {
    if !sync.push_customer_changes {
        return Err("MS-S16: pushing customer changes is off".into());
    }
    if created || deleted {
        return Err("MS-S16: creation and deletion of customers are ignored".into());
    }
    linked
        .map(str::to_owned)
        .ok_or_else(|| "MS-S16: the customer has no counterparty in MoySklad yet".into())
}

/// MS-C2: whether the order's contact person is already one of the
/// counterparty's contact persons (by e-mail, phone after normalisation,
/// else the full name), so a repeated export adds none twice.
pub fn has_contact(existing: &[ContactPerson], person: &Person) -> bool {
    let name = person.full_name();
    existing.iter().any(|c| {
        let email = matches!((&c.email, &person.email), (Some(a), Some(b)) if a.trim().eq_ignore_ascii_case(b.trim()));
        let phone = matches!((&c.phone, &person.phone), (Some(a), Some(b)) if phone::same_number(a, b));
        let same_name = !name.is_empty() && c.name.as_deref().map(str::trim) == Some(name.trim());
        email || phone || same_name
    })
}
