//! EW-4: the third party becomes a WooCommerce account, and so does each of
//! its contacts that has what WooCommerce requires: an e-mail.
//!
//! WooCommerce allows one account per e-mail, while in the ERP a contact
//! often shares the third party's e-mail (the main contact). Parties with
//! the same e-mail (compared case-insensitively) share one account: the
//! first one (the third party, then contacts in feed order) gives it its
//! names and phone; it is active when any of them is (EW-5, EW-6).

use super::ew_6_web_mode::contact_active;
use super::input::ErpRef;
use crate::connectors::erp::ThirdParty;

/// One account the ERP wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub email: String,
    /// Owner first.
    pub parties: Vec<ErpRef>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
}

/// The accounts, one per e-mail, and a note for each party left out.
pub fn wanted_accounts(tp: &ThirdParty) -> (Vec<Wanted>, Vec<String>) {
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut notes = Vec::new();
    let own = Candidate {
        erp: ErpRef::ThirdParty(tp.tiers_id.clone()),
        email: tp.email.as_deref(),
        first_name: tp.first_name.clone(),
        last_name: tp.last_name.clone(),
        // The third party's main number, its mobile when it has none.
        phone: tp.phone.clone().or_else(|| tp.mobile.clone()),
        active: tp.active,
    };
    let contacts = tp.contacts.iter().map(|c| Candidate {
        erp: ErpRef::Contact {
            tiers_id: tp.tiers_id.clone(),
            contact_id: c.contact_id.clone(),
        },
        email: c.email.as_deref(),
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        phone: c.phone.clone(),
        active: contact_active(tp, c),
    });
    for c in std::iter::once(own).chain(contacts) {
        let who = c.erp.external_id();
        let Some(email) = c.email else {
            notes.push(format!("EW-4: {who} has no e-mail; no WooCommerce account"));
            continue;
        };
        if !is_valid_email(email) {
            notes.push(format!(
                "EW-4: {who} has e-mail {email:?}, which WooCommerce would refuse; no account"
            ));
            continue;
        }
        match wanted
            .iter_mut()
            .find(|w| w.email.eq_ignore_ascii_case(email))
        {
            Some(w) => {
                w.parties.push(c.erp);
                w.active |= c.active;
            }
            None => wanted.push(Wanted {
                email: email.to_owned(),
                parties: vec![c.erp],
                first_name: c.first_name,
                last_name: c.last_name,
                phone: c.phone,
                active: c.active,
            }),
        }
    }
    (wanted, notes)
}

struct Candidate<'a> {
    erp: ErpRef,
    email: Option<&'a str>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    active: bool,
}

/// A plausible address in WordPress's `is_email` sense: one `@`, a local
/// part, a dotted domain, no spaces.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}
