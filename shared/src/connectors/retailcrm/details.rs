//! What the MoySklad sync reads of CRM customers beyond the OC flows: their
//! legal details and custom fields (orders are in `order_details`; partial
//! edits in `patch`).

use super::client::RetailCrm;
use super::errors::none_if_not_found;
use super::mapping::address_from_wire;
use super::wire::{WireAddress, WireContragent, WirePhone};
use crate::error::Result;
use crate::model::{BankAccount, Company, Customer, LegalDetails, Person};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The kind of CRM customer, from its legal details (`contragentType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrmContragent {
    Individual,
    Entrepreneur,
    Legal,
}

/// A private customer with its legal details and custom fields.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmCustomerDetails {
    pub id: i64,
    pub customer: Customer,
    pub contragent: CrmContragent,
    /// Legal details when the customer is an entrepreneur or a legal entity.
    pub company: Option<Company>,
    pub custom_fields: BTreeMap<String, Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireCustomerDetails {
    id: Option<i64>,
    first_name: Option<String>,
    last_name: Option<String>,
    patronymic: Option<String>,
    email: Option<String>,
    phones: Vec<WirePhone>,
    address: Option<WireAddress>,
    contragent: Option<WireContragent>,
    #[serde(deserialize_with = "super::php::map")]
    custom_fields: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
pub(super) struct CustomerDetailsAnswer {
    customer: WireCustomerDetails,
}

impl RetailCrm {
    /// `GET /customers/{id}?by=id`; `None` on 404.
    pub async fn customer_details(&self, id: i64) -> Result<Option<CrmCustomerDetails>> {
        let query = vec![("by".into(), "id".into())];
        let answer = self
            .get::<CustomerDetailsAnswer>(&format!("customers/{id}"), query)
            .await;
        Ok(none_if_not_found(answer)?.map(|a| customer_from_wire(a.customer)))
    }
}

fn customer_from_wire(w: WireCustomerDetails) -> CrmCustomerDetails {
    let c = w.contragent.unwrap_or_default();
    // The CRM spells it "enterpreneur".
    let contragent = match c.contragent_type.as_deref() {
        Some("legal-entity") => CrmContragent::Legal,
        Some("enterpreneur" | "entrepreneur") => CrmContragent::Entrepreneur,
        _ => CrmContragent::Individual,
    };
    let bank = BankAccount {
        bank_name: c.bank.clone(),
        bik: c.bik.clone(),
        account: c.bank_account.clone(),
        corr_account: c.corr_account.clone(),
    };
    let company = (contragent != CrmContragent::Individual).then(|| Company {
        name: c.legal_name.clone().unwrap_or_default(),
        legal: LegalDetails {
            legal_name: c.legal_name.clone(),
            tax_id: c.inn.clone(),
            kpp: c.kpp.clone(),
            ogrn: c.ogrn.clone(),
            legal_address: c.legal_address.clone(),
            bank: (bank != BankAccount::default()).then_some(bank),
        },
        address: None,
    });
    CrmCustomerDetails {
        id: w.id.unwrap_or_default(),
        customer: Customer {
            person: Person {
                first_name: w.first_name,
                last_name: w.last_name,
                patronymic: w.patronymic,
                email: w.email,
                phone: w.phones.into_iter().find_map(|p| p.number),
            },
            address: w.address.map(|a| address_from_wire(&a)),
        },
        contragent,
        company,
        custom_fields: w.custom_fields,
    }
}
