//! Rule tests, named after the rule ids of RULES.md; shared builders here.

mod accounts;
mod fields;
mod matching;
mod properties;
mod status;

use super::*;
use crate::connectors::erp::{BillingAddress, Contact, ThirdParty, WebMode};
use crate::connectors::woocommerce::{WooAddress, WooCustomer, WooMeta};
use crate::secret::Secret;
use crate::settings::{Deactivation, WooAuth, WooCommerceSettings};
use time::OffsetDateTime;
use time::macros::datetime;

pub(super) const KEY: &str = "b2bking_account_approved";

pub(super) fn settings() -> WooCommerceSettings {
    WooCommerceSettings {
        base_url: "https://shop.example".into(),
        consumer_key: Secret::new("ck"),
        consumer_secret: Secret::new("cs"),
        auth: WooAuth::Basic,
        deactivation: Deactivation::default(),
        welcome_email: false,
        addresses: true,
        webhook_secret: Secret::default(),
        requests_per_second: 5,
    }
}

pub(super) fn role_settings() -> WooCommerceSettings {
    WooCommerceSettings {
        deactivation: Deactivation::Role {
            active: "b2b_customer".into(),
            inactive: "b2b_blocked".into(),
            wp_user: "sync".into(),
            application_password: Secret::new("app pass"),
        },
        ..settings()
    }
}

pub(super) const V1: OffsetDateTime = datetime!(2024-05-01 10:00 UTC);

pub(super) fn contact(id: &str, email: Option<&str>, web: bool) -> Contact {
    Contact {
        contact_id: id.into(),
        is_web_contact: web,
        last_name: Some(format!("Nom {id}")),
        first_name: Some(format!("Prénom {id}")),
        email: email.map(str::to_owned),
        phone: Some(format!("06 {id}")),
    }
}

pub(super) fn third_party(active: bool, mode: WebMode, contacts: Vec<Contact>) -> ThirdParty {
    ThirdParty {
        tiers_id: "T1".into(),
        updated_at: V1,
        active,
        web_mode: mode,
        company: Some("Boulangerie Éloïse".into()),
        last_name: Some("Martin".into()),
        first_name: Some("Éloïse".into()),
        email: Some("contact@eloise.fr".into()),
        phone: None,
        mobile: Some("06 00 00 00 00".into()),
        billing_address: Some(BillingAddress {
            line1: Some("12 rue de l'Église".into()),
            line2: None,
            postcode: Some("75004".into()),
            city: Some("Paris".into()),
            country: None,
        }),
        contacts,
    }
}

/// A shop account with the B2BKing meta (`None`: no meta).
pub(super) fn account(id: i64, email: &str, approved: Option<&str>) -> WooCustomer {
    WooCustomer {
        id,
        email: email.into(),
        role: "customer".into(),
        username: email.into(),
        billing: WooAddress::default(),
        meta_data: approved
            .map(|v| WooMeta {
                id: Some(id * 10),
                key: KEY.into(),
                value: v.into(),
            })
            .into_iter()
            .collect(),
        ..Default::default()
    }
}

pub(super) fn tiers() -> ErpRef {
    ErpRef::ThirdParty("T1".into())
}

pub(super) fn of(contact_id: &str) -> ErpRef {
    ErpRef::Contact {
        tiers_id: "T1".into(),
        contact_id: contact_id.into(),
    }
}

/// The plan's accounts and notes; panics on a skip.
pub(super) fn apply(
    settings: &WooCommerceSettings,
    tp: &ThirdParty,
    accounts: &[WooCustomer],
    links: &[Link],
) -> (Vec<AccountPlan>, Vec<String>) {
    let input = Input {
        settings,
        third_party: tp,
        accounts,
        links,
        last_applied: None,
    };
    match plan(input) {
        Plan::Apply {
            accounts, notes, ..
        } => (accounts, notes),
        Plan::Skip(s) => panic!("unexpected skip: {s:?}"),
    }
}

/// The account planned for `email`.
pub(super) fn for_email<'a>(plans: &'a [AccountPlan], email: &str) -> &'a AccountPlan {
    plans
        .iter()
        .find(|p| p.email.eq_ignore_ascii_case(email))
        .unwrap_or_else(|| panic!("no plan for {email}: {plans:#?}"))
}
