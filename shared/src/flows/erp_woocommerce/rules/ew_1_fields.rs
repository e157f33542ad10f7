//! EW-1: the fields sent are last name, first name, company, phone, e-mail
//! and status. WooCommerce keeps company and phone on the billing address
//! only, so they go to `billing.company` / `billing.phone`; the billing
//! names and e-mail follow the account's (the shop prints them on orders).
//! The status is the deactivation meta (`Deactivation::Meta`) or the role
//! (`Deactivation::Role`, set by the worker through WordPress).
//!
//! Values the ERP leaves empty are not sent, so an account a customer made
//! in the shop and that we adopted by e-mail keeps what the ERP does not
//! know. On an update only what differs from the shop is sent, which also
//! makes a redelivered feed change nothing.

use super::ew_3_address::billing_address;
use super::ew_4_accounts::Wanted;
use crate::connectors::erp::ThirdParty;
use crate::connectors::woocommerce::{BillingWrite, CustomerWrite, MetaWrite, WooCustomer};
use crate::settings::{Deactivation, WooCommerceSettings};

/// What the ERP wants an account to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desired {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub phone: Option<String>,
    /// EW-3, in WooCommerce's field names.
    pub address: Option<[(&'static str, String); 5]>,
    pub active: bool,
}

/// EW-1 (and EW-3) for one wanted account of `tp`.
pub fn desired(settings: &WooCommerceSettings, tp: &ThirdParty, w: &Wanted) -> Desired {
    Desired {
        email: w.email.clone(),
        first_name: w.first_name.clone(),
        last_name: w.last_name.clone(),
        company: tp.company.clone(),
        phone: w.phone.clone(),
        address: billing_address(settings, tp),
        active: w.active,
    }
}

/// The status as a user meta, with `Deactivation::Meta`.
pub fn status_meta(settings: &WooCommerceSettings, active: bool) -> Option<MetaWrite> {
    match &settings.deactivation {
        Deactivation::Meta {
            key,
            active_value,
            inactive_value,
        } => Some(MetaWrite {
            key: key.clone(),
            value: if active { active_value } else { inactive_value }.clone(),
        }),
        Deactivation::Role { .. } => None,
    }
}

/// Whether the shop treats `account` as active now. With the meta, only the
/// inactive value blocks (B2BKing lets an account without the meta in).
pub fn is_active(settings: &WooCommerceSettings, account: &WooCustomer) -> bool {
    match &settings.deactivation {
        Deactivation::Meta {
            key,
            inactive_value,
            ..
        } => account.meta(key).as_deref() != Some(inactive_value.as_str()),
        Deactivation::Role { inactive, .. } => account.role != *inactive,
    }
}

/// Every field of a new account.
pub fn create_fields(settings: &WooCommerceSettings, d: &Desired) -> CustomerWrite {
    let mut billing = BillingWrite {
        first_name: d.first_name.clone(),
        last_name: d.last_name.clone(),
        company: d.company.clone(),
        email: Some(d.email.clone()),
        phone: d.phone.clone(),
        ..Default::default()
    };
    if let Some(address) = &d.address {
        for (field, value) in address {
            *slot(&mut billing, field) = Some(value.clone());
        }
    }
    CustomerWrite {
        email: Some(d.email.clone()),
        first_name: d.first_name.clone(),
        last_name: d.last_name.clone(),
        password: None,
        billing,
        shipping: BillingWrite::default(),
        meta_data: status_meta(settings, d.active).into_iter().collect(),
    }
}

/// What differs between `d` and the shop's `current` (e-mails compared
/// without case). `with_fields` false: the status only (EW-5).
pub fn changes(
    settings: &WooCommerceSettings,
    d: &Desired,
    current: &WooCustomer,
    with_fields: bool,
) -> CustomerWrite {
    let mut w = CustomerWrite::default();
    if let Some(meta) = status_meta(settings, d.active)
        && current.meta(&meta.key).as_deref() != Some(meta.value.as_str())
    {
        w.meta_data.push(meta);
    }
    if !with_fields {
        return w;
    }
    if !current.email.eq_ignore_ascii_case(&d.email) {
        w.email = Some(d.email.clone());
    }
    let b = &current.billing;
    w.first_name = differs(&d.first_name, &current.first_name);
    w.last_name = differs(&d.last_name, &current.last_name);
    w.billing.first_name = differs(&d.first_name, &b.first_name);
    w.billing.last_name = differs(&d.last_name, &b.last_name);
    w.billing.company = differs(&d.company, &b.company);
    w.billing.phone = differs(&d.phone, &b.phone);
    if !b.email.eq_ignore_ascii_case(&d.email) {
        w.billing.email = Some(d.email.clone());
    }
    if let Some(address) = &d.address {
        for (field, value) in address {
            let now = match *field {
                "address_1" => &b.address_1,
                "address_2" => &b.address_2,
                "postcode" => &b.postcode,
                "city" => &b.city,
                _ => &b.country,
            };
            if now.trim() != value {
                *slot(&mut w.billing, field) = Some(value.clone());
            }
        }
    }
    w
}

fn differs(wanted: &Option<String>, now: &str) -> Option<String> {
    wanted
        .as_ref()
        .filter(|v| v.as_str() != now.trim())
        .cloned()
}

fn slot<'a>(b: &'a mut BillingWrite, field: &str) -> &'a mut Option<String> {
    match field {
        "address_1" => &mut b.address_1,
        "address_2" => &mut b.address_2,
        "postcode" => &mut b.postcode,
        "city" => &mut b.city,
        _ => &mut b.country,
    }
}
