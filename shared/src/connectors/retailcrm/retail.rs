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
use super::retail_wire::*;
use super::types::By;
use super::wire::{IdAnswer, to_field};
use crate::error::Result;
use serde_json::{Value, json};

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
        // Each entry names its own code: PHP may have sent the map as a list.
        Ok(answer
            .delivery_types
            .iter()
            .map(|(key, v)| v["code"].as_str().unwrap_or(key).to_owned())
            .collect())
    }
}
