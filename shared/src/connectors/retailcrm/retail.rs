//! Orders as the retail-sale flow needs them: read with items and payments,
//! created in a given shop, patched (items, buyer, custom and delivery
//! fields), and payments added.
//!
//! Contract (RetailCRM API v5; github.com/retailcrm/api-client-go `types.go`,
//! `client.go`): `GET /orders/{id}?by=id` shows `payments` as an object keyed
//! by payment id (`[]` when empty) and `items[]` with their `id`;
//! `POST /orders/{id}/edit?by=id` with `order=` keeps items sent with their
//! `id`, adds those without and removes the rest;
//! `POST /orders/payments/create` takes `payment={order:{id},type,status,amount}`;
//! `GET /reference/delivery-types` lists `deliveryTypes` keyed by code.

use super::client::{RetailCrm, by_params, segment};
use super::errors::none_if_not_found;
use super::retail_types::*;
use super::types::{By, CrmBuyer};
use super::wire::{IdAnswer, WireItem, WireOffer, WireRef, to_field};
use crate::error::Result;
use serde::Deserialize;
use serde_json::{Map, Value, json};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireRetailOrder {
    id: Option<i64>,
    external_id: Option<String>,
    site: Option<String>,
    customer: Option<WireRef>,
    contact: Option<WireRef>,
    company: Option<WireRef>,
    items: Option<Vec<WireItem>>,
    /// An object keyed by payment id, or `[]` when there are none.
    payments: Value,
}

#[derive(Debug, Deserialize)]
struct RetailOrderAnswer {
    order: WireRetailOrder,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryTypesAnswer {
    #[serde(default)]
    delivery_types: Value,
}

impl RetailCrm {
    /// `GET /orders/{x}?by=` with items and payments; `None` on 404.
    pub async fn retail_order_get(&self, by: By, id: &str) -> Result<Option<CrmRetailOrder>> {
        let path = format!("orders/{}", segment(id));
        let answer = self
            .get::<RetailOrderAnswer>(&path, by_params(self, by))
            .await;
        Ok(none_if_not_found(answer)?.map(|a| order_from_wire(a.order)))
    }

    /// `POST /orders/create` in `order.site`; returns the CRM id. The same
    /// externalId twice returns the first order's id.
    pub async fn retail_order_create(&self, order: &NewRetailOrder) -> Result<i64> {
        let mut body = fields_json(&order.fields);
        body.insert("externalId".into(), json!(order.external_id));
        body.extend(buyer_json(&order.buyer));
        body.insert("items".into(), items_json(&order.items));
        let form = vec![
            ("site".into(), order.site.clone()),
            ("order".into(), to_field(&Value::Object(body))),
        ];
        match self.post::<IdAnswer>("orders/create", form).await {
            Ok(a) => Ok(a.id),
            Err(f) if f.is_duplicate_external_id() => {
                let mut params = vec![("by".to_owned(), "externalId".to_owned())];
                params.push(("site".into(), order.site.clone()));
                let path = format!("orders/{}", segment(&order.external_id));
                match self.get::<RetailOrderAnswer>(&path, params).await {
                    Ok(a) => Ok(a.order.id.unwrap_or_default()),
                    Err(_) => Err(f.into()),
                }
            }
            Err(f) => Err(f.into()),
        }
    }

    /// `POST /orders/{id}/edit?by=id` with the parts of `patch` that are set.
    pub async fn retail_order_patch(&self, id: i64, patch: &RetailOrderPatch) -> Result<()> {
        if patch.is_empty() {
            return Ok(());
        }
        let mut body = fields_json(&patch.fields);
        if let Some(buyer) = &patch.buyer {
            body.extend(buyer_json(buyer));
        }
        if let Some(items) = &patch.items {
            body.insert("items".into(), items_json(items));
        }
        let mut form = by_params(self, By::Id);
        form.push(("order".into(), to_field(&Value::Object(body))));
        self.post::<IdAnswer>(&format!("orders/{id}/edit"), form)
            .await?;
        Ok(())
    }

    /// `POST /orders/payments/create`; returns the payment's CRM id.
    pub async fn order_payment_create(&self, order_id: i64, payment: &CrmPayment) -> Result<i64> {
        let wire = json!({
            "order": {"id": order_id},
            "type": payment.kind,
            "status": payment.status,
            "amount": payment.amount,
        });
        let form = vec![("payment".into(), to_field(&wire))];
        Ok(self
            .post::<IdAnswer>("orders/payments/create", form)
            .await?
            .id)
    }

    /// Codes of the account's delivery types (`GET /reference/delivery-types`).
    pub async fn delivery_type_codes(&self) -> Result<Vec<String>> {
        let answer: DeliveryTypesAnswer = self.get("reference/delivery-types", Vec::new()).await?;
        Ok(match answer.delivery_types {
            Value::Object(m) => m.keys().cloned().collect(),
            _ => Vec::new(),
        })
    }
}

fn order_from_wire(w: WireRetailOrder) -> CrmRetailOrder {
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
    let payments = match &w.payments {
        Value::Object(m) => m.values().map(payment_from_wire).collect(),
        Value::Array(a) => a.iter().map(payment_from_wire).collect(),
        _ => Vec::new(),
    };
    CrmRetailOrder {
        id: w.id.unwrap_or_default(),
        external_id: w.external_id,
        site: w.site,
        buyer,
        items: w.items.iter().flatten().map(item_from_wire).collect(),
        payments,
    }
}

fn payment_from_wire(p: &Value) -> CrmPayment {
    CrmPayment {
        id: p["id"].as_i64(),
        kind: p["type"].as_str().unwrap_or_default().to_owned(),
        status: p["status"].as_str().unwrap_or_default().to_owned(),
        amount: p["amount"].as_f64().unwrap_or_default(),
    }
}

fn item_from_wire(w: &WireItem) -> CrmItem {
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
fn items_json(items: &[CrmItem]) -> Value {
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

fn buyer_json(buyer: &CrmBuyer) -> Map<String, Value> {
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

fn fields_json(f: &OrderFields) -> Map<String, Value> {
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
