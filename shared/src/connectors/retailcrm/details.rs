//! What the MoySklad sync reads from the CRM beyond the OC flows: full
//! orders (site, shipment store, item offers' xmlId, statuses, manager
//! comment, custom fields) and customers with their legal details. Partial
//! edits are in `patch`.

use super::client::RetailCrm;
use super::errors::none_if_not_found;
use super::mapping::address_from_wire;
use super::types::CrmBuyer;
use super::wire::{WireAddress, WireContragent, WirePhone, WireRef};
use crate::error::Result;
use crate::model::{Address, BankAccount, Company, Customer, LegalDetails, Person};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A CRM order with what the MoySklad export needs.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmOrderDetails {
    pub id: i64,
    pub number: Option<String>,
    pub site: Option<String>,
    pub status: Option<String>,
    /// The CRM store code the order ships from.
    pub shipment_store: Option<String>,
    pub manager_comment: Option<String>,
    pub buyer: Option<CrmBuyer>,
    pub person: Person,
    pub delivery_address: Option<Address>,
    pub lines: Vec<CrmLine>,
    pub custom_fields: BTreeMap<String, Value>,
}

/// One order item.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmLine {
    pub id: Option<i64>,
    /// The offer's xmlId: MoySklad's external code (`product#variant` for variants, MS-B9).
    pub xml_id: Option<String>,
    pub name: String,
    pub quantity: f64,
    pub price: f64,
    /// The item status code (MS-M8, MS-B5).
    pub status: Option<String>,
}

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
struct WireItemDetails {
    id: Option<i64>,
    offer: Option<WireOfferDetails>,
    product_name: Option<String>,
    initial_price: Option<f64>,
    discount_total: Option<f64>,
    quantity: Option<f64>,
    status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireOfferDetails {
    xml_id: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireDeliveryDetails {
    address: Option<WireAddress>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireOrderDetails {
    id: Option<i64>,
    number: Option<String>,
    site: Option<String>,
    status: Option<String>,
    shipment_store: Option<String>,
    manager_comment: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    patronymic: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    customer: Option<WireRef>,
    contact: Option<WireRef>,
    company: Option<WireRef>,
    delivery: Option<WireDeliveryDetails>,
    items: Vec<WireItemDetails>,
    #[serde(deserialize_with = "super::php::map")]
    custom_fields: BTreeMap<String, Value>,
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
struct OrderDetailsAnswer {
    order: WireOrderDetails,
}

#[derive(Deserialize)]
struct CustomerDetailsAnswer {
    customer: WireCustomerDetails,
}

impl RetailCrm {
    /// `GET /orders/{id}?by=id`; `None` on 404.
    pub async fn order_details(&self, id: i64) -> Result<Option<CrmOrderDetails>> {
        let query = vec![("by".into(), "id".into())];
        let answer = self
            .get::<OrderDetailsAnswer>(&format!("orders/{id}"), query)
            .await;
        Ok(none_if_not_found(answer)?.map(|a| order_from_wire(a.order)))
    }

    /// `GET /customers/{id}?by=id`; `None` on 404.
    pub async fn customer_details(&self, id: i64) -> Result<Option<CrmCustomerDetails>> {
        let query = vec![("by".into(), "id".into())];
        let answer = self
            .get::<CustomerDetailsAnswer>(&format!("customers/{id}"), query)
            .await;
        Ok(none_if_not_found(answer)?.map(|a| customer_from_wire(a.customer)))
    }
}

fn order_from_wire(w: WireOrderDetails) -> CrmOrderDetails {
    let buyer = w.customer.as_ref().and_then(|c| {
        let id = c.id?;
        Some(if c.kind.as_deref() == Some("customer_corporate") {
            CrmBuyer::Corporate {
                corporate_id: id,
                contact_id: w.contact.as_ref().and_then(|r| r.id).unwrap_or_default(),
                company_id: w.company.as_ref().and_then(|r| r.id),
            }
        } else {
            CrmBuyer::Private { customer_id: id }
        })
    });
    let lines = w
        .items
        .into_iter()
        .map(|i| {
            let offer = i.offer.unwrap_or_default();
            let quantity = i.quantity.unwrap_or(1.0);
            // discountTotal is per unit in the CRM: the unit price actually charged.
            let price = i.initial_price.unwrap_or_default() - i.discount_total.unwrap_or_default();
            CrmLine {
                id: i.id,
                xml_id: offer.xml_id,
                name: i.product_name.or(offer.name).unwrap_or_default(),
                quantity,
                price,
                status: i.status,
            }
        })
        .collect();
    CrmOrderDetails {
        id: w.id.unwrap_or_default(),
        number: w.number,
        site: w.site,
        status: w.status,
        shipment_store: w.shipment_store,
        manager_comment: w.manager_comment,
        buyer,
        person: Person {
            first_name: w.first_name,
            last_name: w.last_name,
            patronymic: w.patronymic,
            email: w.email,
            phone: w.phone,
        },
        delivery_address: w
            .delivery
            .and_then(|d| d.address)
            .map(|a| address_from_wire(&a)),
        lines,
        custom_fields: w.custom_fields,
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
