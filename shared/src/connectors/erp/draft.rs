//! A third party as a parser read it, before the checks every feed format
//! shares: ids present and unique, a valid `updated_at`, a known web mode, a
//! two-letter country. Text is trimmed and empty text becomes `None`.

use super::model::{BillingAddress, Contact, ThirdParty, WebMode};
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Field names of a third party, of its address and of a contact: the JSON
/// keys, and the CSV columns they become.
pub(super) const PARTY_FIELDS: &[&str] = &[
    "tiers_id",
    "updated_at",
    "active",
    "web_mode",
    "company",
    "last_name",
    "first_name",
    "email",
    "phone",
    "mobile",
    "billing_address",
    "contacts",
];
pub(super) const ADDRESS_FIELDS: &[&str] = &["line1", "line2", "postcode", "city", "country"];
pub(super) const CONTACT_FIELDS: &[&str] = &[
    "contact_id",
    "is_web_contact",
    "last_name",
    "first_name",
    "email",
    "phone",
];

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct DraftParty {
    pub tiers_id: Option<String>,
    pub updated_at: Option<String>,
    pub active: Option<bool>,
    pub web_mode: Option<String>,
    pub company: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub billing_address: Option<DraftAddress>,
    #[serde(default)]
    pub contacts: Vec<DraftContact>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct DraftAddress {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct DraftContact {
    pub contact_id: Option<String>,
    pub is_web_contact: Option<bool>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Checks one draft; `at` names it in messages (`third_parties[3]`, `rows 2-4`).
/// Problems are appended; `None` when there was any.
pub(super) fn finish(d: DraftParty, at: &str, problems: &mut Vec<String>) -> Option<ThirdParty> {
    let before = problems.len();
    let tiers_id = clean(d.tiers_id);
    if tiers_id.is_none() {
        problems.push(format!("{at}: tiers_id is missing"));
    }
    let updated_at = match clean(d.updated_at) {
        None => {
            problems.push(format!("{at}: updated_at is missing"));
            None
        }
        Some(raw) => OffsetDateTime::parse(&raw, &Rfc3339)
            .map_err(|_| {
                problems.push(format!(
                    "{at}: updated_at {raw:?} is not an RFC 3339 time (e.g. 2024-05-01T10:00:00Z)"
                ))
            })
            .ok(),
    };
    if d.active.is_none() {
        problems.push(format!("{at}: active is missing"));
    }
    let web_mode = match clean(d.web_mode) {
        None => Some(WebMode::default()),
        Some(raw) => WebMode::parse(&raw).or_else(|| {
            problems.push(format!(
                "{at}: web_mode {raw:?} is not one of none, all, web_only"
            ));
            None
        }),
    };
    let billing_address = d.billing_address.and_then(|a| address(a, at, problems));
    let mut contacts = Vec::with_capacity(d.contacts.len());
    for (i, c) in d.contacts.into_iter().enumerate() {
        let Some(contact_id) = clean(c.contact_id) else {
            problems.push(format!("{at}.contacts[{i}]: contact_id is missing"));
            continue;
        };
        if contacts
            .iter()
            .any(|k: &Contact| k.contact_id == contact_id)
        {
            problems.push(format!(
                "{at}.contacts[{i}]: contact_id {contact_id:?} appears twice"
            ));
            continue;
        }
        contacts.push(Contact {
            contact_id,
            is_web_contact: c.is_web_contact.unwrap_or(false),
            last_name: clean(c.last_name),
            first_name: clean(c.first_name),
            email: clean(c.email),
            phone: clean(c.phone),
        });
    }
    if problems.len() > before {
        return None;
    }
    Some(ThirdParty {
        tiers_id: tiers_id?,
        updated_at: updated_at?,
        active: d.active?,
        web_mode: web_mode?,
        company: clean(d.company),
        last_name: clean(d.last_name),
        first_name: clean(d.first_name),
        email: clean(d.email),
        phone: clean(d.phone),
        mobile: clean(d.mobile),
        billing_address,
        contacts,
    })
}

fn address(a: DraftAddress, at: &str, problems: &mut Vec<String>) -> Option<BillingAddress> {
    let country = match clean(a.country) {
        Some(c) if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
            Some(c.to_ascii_uppercase())
        }
        Some(c) => {
            problems.push(format!(
                "{at}.billing_address.country {c:?} is not a two-letter ISO code (e.g. FR)"
            ));
            None
        }
        None => None,
    };
    let address = BillingAddress {
        line1: clean(a.line1),
        line2: clean(a.line2),
        postcode: clean(a.postcode),
        city: clean(a.city),
        country,
    };
    (address != BillingAddress::default()).then_some(address)
}

/// Trimmed text; empty is `None`.
pub(super) fn clean(raw: Option<String>) -> Option<String> {
    let t = raw?.trim().to_owned();
    (!t.is_empty()).then_some(t)
}

/// Refuses a second third party with an id already seen in the same feed:
/// which of the two should win is not ours to guess.
pub(super) fn unique_ids(parties: &[ThirdParty], problems: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    for p in parties {
        if !seen.insert(p.tiers_id.as_str()) {
            problems.push(format!(
                "tiers_id {:?} appears more than once in the feed",
                p.tiers_id
            ));
        }
    }
}
