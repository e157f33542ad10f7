//! A full CRM order as the MoySklad sync reads it (`GET /orders/{id}?by=id`):
//! site, status, shipment store, manager, delivery (type and cost, MS-S1/S13),
//! items with their offer's xmlId, status, cancel flag and purchase price
//! (MS-M8, MS-B5, MS-S10), payments (MS-M9..M11) and custom fields (MS-M12).
//!
//! Contract (RetailCRM API v5; github.com/retailcrm/api-client-go `types.go`:
//! `Order`, `OrderItem` with `isCanceled` and `purchasePrice`, `OrderDelivery`
//! with `code` and `cost`, `Payment`): `payments` and `customFields` are maps
//! that PHP sends as `[]` when empty (`php::map`).

use super::client::RetailCrm;
use super::errors::none_if_not_found;
use super::mapping::address_from_wire;
use super::retail_types::CrmPayment;
use super::retail_wire::payment_from_wire;
use super::types::CrmBuyer;
use super::wire::{WireAddress, WireRef};
use crate::error::Result;
use crate::model::{Address, Person};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A CRM order with what the MoySklad export and its documents need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrmOrderDetails {
    pub id: i64,
    pub number: Option<String>,
    pub site: Option<String>,
    pub status: Option<String>,
    /// The CRM store code the order ships from.
    pub shipment_store: Option<String>,
    pub manager_comment: Option<String>,
    /// The responsible manager (a CRM user id, MS-C1).
    pub manager_id: Option<i64>,
    pub buyer: Option<CrmBuyer>,
    pub person: Person,
    pub delivery_address: Option<Address>,
    /// Delivery type and cost (MS-S1, MS-S13); `None` without a delivery.
    pub delivery: Option<CrmDelivery>,
    pub lines: Vec<CrmLine>,
    /// In the CRM's order (by payment id).
    pub payments: Vec<CrmPayment>,
    pub custom_fields: BTreeMap<String, Value>,
}

/// One order item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrmLine {
    pub id: Option<i64>,
    /// The offer's xmlId: MoySklad's external code (`product#variant` for variants, MS-B9).
    pub xml_id: Option<String>,
    pub name: String,
    pub quantity: f64,
    pub price: f64,
    /// The item status code (MS-M8).
    pub status: Option<String>,
    /// The item's status is a cancel status (`isCanceled`, MS-B5).
    pub canceled: bool,
    /// The purchase (cost) price per unit; `None` or 0 when not set (MS-S10).
    pub purchase_price: Option<f64>,
}

/// The order's delivery type code and cost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CrmDelivery {
    pub code: Option<String>,
    pub cost: f64,
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
    is_canceled: Option<bool>,
    purchase_price: Option<f64>,
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
    code: Option<String>,
    cost: Option<f64>,
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
    manager_id: Option<i64>,
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
    payments: BTreeMap<String, Value>,
    #[serde(deserialize_with = "super::php::map")]
    custom_fields: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
pub(super) struct OrderDetailsAnswer {
    order: WireOrderDetails,
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
}

fn buyer_of(w: &WireOrderDetails) -> Option<CrmBuyer> {
    let c = w.customer.as_ref()?;
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
}

fn line_from_wire(i: WireItemDetails) -> CrmLine {
    let offer = i.offer.unwrap_or_default();
    // discountTotal is per unit in the CRM: the unit price actually charged.
    let price = i.initial_price.unwrap_or_default() - i.discount_total.unwrap_or_default();
    CrmLine {
        id: i.id,
        xml_id: offer.xml_id,
        name: i.product_name.or(offer.name).unwrap_or_default(),
        quantity: i.quantity.unwrap_or(1.0),
        price,
        status: i.status,
        canceled: i.is_canceled.unwrap_or(false),
        purchase_price: i.purchase_price,
    }
}

fn order_from_wire(w: WireOrderDetails) -> CrmOrderDetails {
    let buyer = buyer_of(&w);
    let mut payments: Vec<CrmPayment> = w.payments.values().map(payment_from_wire).collect();
    payments.sort_by_key(|p| p.id);
    let delivery = w.delivery.unwrap_or_default();
    CrmOrderDetails {
        id: w.id.unwrap_or_default(),
        number: w.number,
        site: w.site,
        status: w.status,
        shipment_store: w.shipment_store,
        manager_comment: w.manager_comment,
        manager_id: w.manager_id,
        buyer,
        person: Person {
            first_name: w.first_name,
            last_name: w.last_name,
            patronymic: w.patronymic,
            email: w.email,
            phone: w.phone,
        },
        delivery_address: delivery.address.as_ref().map(address_from_wire),
        delivery: (delivery.code.is_some() || delivery.cost.is_some()).then(|| CrmDelivery {
            code: delivery.code,
            cost: delivery.cost.unwrap_or(0.0),
        }),
        lines: w.items.into_iter().map(line_from_wire).collect(),
        payments,
        custom_fields: w.custom_fields,
    }
}
