//! The CRM JSON of the retail flow: the order as read (with `payments` as an
//! object keyed by id, or `[]`), and the `order=` fields we write: items
//! (kept ones by `id`, new ones by offer `xmlId`), buyer references and the
//! custom, comment and delivery fields.

use super::retail_types::*;
use super::types::CrmBuyer;
use super::wire::{WireItem, WireOffer, WireRef};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct WireRetailOrder {
    pub id: Option<i64>,
    pub external_id: Option<String>,
    pub site: Option<String>,
    pub customer: Option<WireRef>,
    pub contact: Option<WireRef>,
    pub company: Option<WireRef>,
    pub items: Option<Vec<WireItem>>,
    /// Keyed by payment id; `[]` when there are none (PHP).
    #[serde(deserialize_with = "super::php::map")]
    pub payments: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RetailOrderAnswer {
    pub order: WireRetailOrder,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DeliveryTypesAnswer {
    /// Keyed by delivery type code; `[]` when there are none (PHP).
    #[serde(default, deserialize_with = "super::php::map")]
    pub delivery_types: BTreeMap<String, Value>,
}

pub(super) fn order_from_wire(w: WireRetailOrder) -> CrmRetailOrder {
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
    let payments = w.payments.values().map(payment_from_wire).collect();
    CrmRetailOrder {
        id: w.id.unwrap_or_default(),
        external_id: w.external_id,
        site: w.site,
        buyer,
        items: w.items.iter().flatten().map(item_from_wire).collect(),
        payments,
    }
}

pub(super) fn payment_from_wire(p: &Value) -> CrmPayment {
    CrmPayment {
        id: p["id"].as_i64(),
        kind: p["type"].as_str().unwrap_or_default().to_owned(),
        status: p["status"].as_str().unwrap_or_default().to_owned(),
        amount: p["amount"].as_f64().unwrap_or_default(),
    }
}

pub(super) fn item_from_wire(w: &WireItem) -> CrmItem {
    let offer = w.offer.clone().unwrap_or_default();
    CrmItem {
        id: w.id,
        xml_id: offer.xml_id,
        name: w.product_name.clone().or(offer.name).unwrap_or_default(),
        quantity: w.quantity.unwrap_or(1.0),
        price: w.initial_price.unwrap_or_default(),
    }
}

/// Kept items are sent by `id` with their quantity; new ones by offer `xmlId`.
pub(super) fn items_json(items: &[CrmItem]) -> Value {
    let wire: Vec<WireItem> = items
        .iter()
        .map(|i| match i.id {
            Some(id) => WireItem {
                id: Some(id),
                quantity: Some(i.quantity),
                ..WireItem::default()
            },
            None => WireItem {
                offer: Some(WireOffer {
                    xml_id: i.xml_id.clone(),
                    ..WireOffer::default()
                }),
                product_name: Some(i.name.clone()),
                initial_price: Some(i.price),
                quantity: Some(i.quantity),
                ..WireItem::default()
            },
        })
        .collect();
    serde_json::to_value(wire).unwrap_or_default()
}

pub(super) fn buyer_json(buyer: &CrmBuyer) -> Map<String, Value> {
    let mut m = Map::new();
    match buyer {
        CrmBuyer::Private { customer_id } => {
            m.insert("customer".into(), json!({"id": customer_id}));
            m.insert("contragent".into(), json!({"contragentType": "individual"}));
        }
        CrmBuyer::Corporate {
            corporate_id,
            contact_id,
            company_id,
        } => {
            m.insert("customer".into(), json!({"id": corporate_id}));
            m.insert("contact".into(), json!({"id": contact_id}));
            if let Some(company) = company_id {
                m.insert("company".into(), json!({"id": company}));
            }
            m.insert(
                "contragent".into(),
                json!({"contragentType": "legal-entity"}),
            );
        }
    }
    m
}

pub(super) fn fields_json(f: &OrderFields) -> Map<String, Value> {
    let mut m = Map::new();
    if !f.custom_fields.is_empty() {
        let custom: Map<String, Value> = f.custom_fields.clone().into_iter().collect();
        m.insert("customFields".into(), Value::Object(custom));
    }
    if let Some(comment) = &f.customer_comment {
        m.insert("customerComment".into(), json!(comment));
    }
    let d = &f.delivery;
    if !d.is_empty() {
        let mut delivery = Map::new();
        if let Some(code) = &d.code {
            delivery.insert("code".into(), json!(code));
        }
        if let Some(date) = &d.date {
            delivery.insert("date".into(), json!(date));
        }
        if let Some(time) = &d.time {
            delivery.insert("time".into(), json!({"custom": time}));
        }
        m.insert("delivery".into(), Value::Object(delivery));
    }
    m
}
