//! CM-2 bodies for the CRM and WooCommerce: what the admin API takes to
//! create or edit their customers, checked here before any request so that
//! a refused body writes nothing. Unknown members are refused by name;
//! members a system does not have are refused with the reason (the CRM has
//! no groups; WooCommerce has no newsletter flag and its `role` is
//! read-only in its REST API).

use crate::connectors::retailcrm::CrmCustomerEdit;
use crate::connectors::woocommerce::{BillingWrite, CustomerWrite};
use crate::hooks::ApiError;
use crate::model::{Address, System};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// A checked body, as the system's connector writes it.
pub(crate) enum PeerWrite {
    Crm(Box<CrmCustomerEdit>),
    Woo(Box<CustomerWrite>),
}

impl PeerWrite {
    /// `system`'s body (the CRM's or WooCommerce's shape).
    pub fn parse(system: System, raw: &[u8]) -> Result<PeerWrite, ApiError> {
        match system {
            System::RetailCrm => Ok(PeerWrite::Crm(Box::new(CrmBody::parse(raw)?))),
            _ => Ok(PeerWrite::Woo(Box::new(WooBody::parse(raw)?))),
        }
    }
}

/// A CRM customer: every member optional on an edit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CrmBody {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub patronymic: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub newsletter: Option<bool>,
    pub address: Option<CrmAddressBody>,
    group: Option<IgnoredAny>,
}

/// The CRM's one address; `text` is the street line.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CrmAddressBody {
    pub postcode: Option<String>,
    pub country_iso: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub text: Option<String>,
}

/// A WooCommerce account: every member optional on an edit; `phone` is
/// the billing phone (the account has no phone of its own).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WooBody {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub billing: Option<WooAddressBody>,
    pub shipping: Option<WooAddressBody>,
    role: Option<IgnoredAny>,
    newsletter: Option<IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WooAddressBody {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
    pub phone: Option<String>,
}

fn trimmed(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned())
}

/// Refuses what is not an e-mail address (`""` clears, where allowed).
pub(crate) fn check_email(field: &str, email: Option<&str>) -> Result<(), ApiError> {
    let Some(email) = email.filter(|e| !e.is_empty()) else {
        return Ok(());
    };
    let ok = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::BadRequest(format!(
            "{field}: {email:?} is not an e-mail address"
        )))
    }
}

/// A two-letter country code (`""` clears).
fn check_country(field: &str, code: Option<&str>) -> Result<(), ApiError> {
    let Some(c) = code.filter(|c| !c.is_empty()) else {
        return Ok(());
    };
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(ApiError::BadRequest(format!(
            "{field}: {c:?} is not a two-letter country code"
        )))
    }
}

fn parse<T: for<'de> Deserialize<'de>>(raw: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(raw).map_err(|e| ApiError::BadRequest(format!("body: {e}")))
}

impl CrmBody {
    /// The body as the CRM connector writes it.
    pub fn parse(raw: &[u8]) -> Result<CrmCustomerEdit, ApiError> {
        let body: CrmBody = parse(raw)?;
        if body.group.is_some() {
            return Err(ApiError::BadRequest(
                "group: the CRM has no customer groups".into(),
            ));
        }
        let email = trimmed(body.email);
        check_email("email", email.as_deref())?;
        let address = match body.address {
            Some(a) => {
                let country = trimmed(a.country_iso).map(|c| c.to_ascii_uppercase());
                check_country("address.country_iso", country.as_deref())?;
                Some(Address {
                    country_iso: country.filter(|c| !c.is_empty()),
                    region: trimmed(a.region),
                    city: trimmed(a.city),
                    postcode: trimmed(a.postcode),
                    line1: trimmed(a.text),
                    ..Address::default()
                })
            }
            None => None,
        };
        Ok(CrmCustomerEdit {
            first_name: trimmed(body.first_name),
            last_name: trimmed(body.last_name),
            patronymic: trimmed(body.patronymic),
            email,
            phone: trimmed(body.phone),
            newsletter: body.newsletter,
            address,
        })
    }
}

impl WooBody {
    /// The body as the WooCommerce connector writes it.
    pub fn parse(raw: &[u8]) -> Result<CustomerWrite, ApiError> {
        let body: WooBody = parse(raw)?;
        if body.role.is_some() {
            return Err(ApiError::BadRequest(
                "role: read-only in WooCommerce's REST API (change it in WordPress)".into(),
            ));
        }
        if body.newsletter.is_some() {
            return Err(ApiError::BadRequest(
                "newsletter: WooCommerce accounts have no newsletter flag".into(),
            ));
        }
        let email = trimmed(body.email);
        if email.as_deref() == Some("") {
            return Err(ApiError::BadRequest(
                "email: a WooCommerce account needs one".into(),
            ));
        }
        check_email("email", email.as_deref())?;
        let mut billing = address("billing", body.billing)?;
        if let Some(phone) = trimmed(body.phone) {
            billing.phone = Some(phone);
        }
        Ok(CustomerWrite {
            email,
            first_name: trimmed(body.first_name),
            last_name: trimmed(body.last_name),
            billing,
            shipping: address("shipping", body.shipping)?,
            ..CustomerWrite::default()
        })
    }
}

fn address(part: &str, body: Option<WooAddressBody>) -> Result<BillingWrite, ApiError> {
    let Some(a) = body else {
        return Ok(BillingWrite::default());
    };
    let country = trimmed(a.country).map(|c| c.to_ascii_uppercase());
    check_country(&format!("{part}.country"), country.as_deref())?;
    Ok(BillingWrite {
        first_name: trimmed(a.first_name),
        last_name: trimmed(a.last_name),
        company: trimmed(a.company),
        address_1: trimmed(a.address_1),
        address_2: trimmed(a.address_2),
        city: trimmed(a.city),
        state: trimmed(a.state),
        postcode: trimmed(a.postcode),
        country,
        phone: trimmed(a.phone),
        email: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(e: ApiError) -> String {
        e.to_string()
    }

    #[test]
    fn cm_2_bad_bodies_are_refused_naming_the_field() {
        let e = CrmBody::parse(br#"{"first_name":"A","nickname":"x"}"#).unwrap_err();
        assert!(message(e).contains("unknown field `nickname`"));
        let e = CrmBody::parse(br#"{"email":"not-an-address"}"#).unwrap_err();
        assert!(message(e).starts_with("email:"));
        let e = CrmBody::parse(br#"{"group":"vip"}"#).unwrap_err();
        assert!(message(e).starts_with("group:"));
        let e = WooBody::parse(br#"{"newsletter":true}"#).unwrap_err();
        assert!(message(e).starts_with("newsletter:"));
        let e = WooBody::parse(br#"{"billing":{"country":"France"}}"#).unwrap_err();
        assert!(message(e).starts_with("billing.country:"));
        let e = WooBody::parse(br#"{"email":"a@b@c.fr"}"#).unwrap_err();
        assert!(message(e).starts_with("email:"));
    }

    #[test]
    fn cm_2_bodies_become_the_connectors_writes() {
        let edit = CrmBody::parse(
            br#"{"email":" a@b.ru ","newsletter":false,"address":{"country_iso":"ru","city":"Tver","text":"Lenina 1"}}"#,
        )
        .unwrap();
        assert_eq!(edit.email.as_deref(), Some("a@b.ru"));
        assert_eq!(edit.newsletter, Some(false));
        let a = edit.address.unwrap();
        assert_eq!(a.country_iso.as_deref(), Some("RU"));
        assert_eq!(a.line1.as_deref(), Some("Lenina 1"));
        let w = WooBody::parse(br#"{"phone":"+33 1","shipping":{"city":"Lyon"}}"#).unwrap();
        assert_eq!(w.billing.phone.as_deref(), Some("+33 1"));
        assert_eq!(w.shipping.city.as_deref(), Some("Lyon"));
        assert_eq!(w.email, None);
    }
}
