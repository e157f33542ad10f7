//! Partial edits by CRM id, for the MoySklad sync: an order's status,
//! manager comment, items (with purchase prices, MS-S10) and custom fields
//! (MS-S5, MS-B10, MS-M12); a customer's
//! names, address and custom fields (MS-B4, MS-B10); a corporate customer's
//! address (MS-B4) and custom fields (MS-B10). Only the fields set are sent,
//! so the CRM keeps the rest. The patches serialize as they are (the dry
//! run shows them), not as the wire's JSON.

use super::client::{RetailCrm, by_params};
use super::mapping::address_to_wire;
use super::types::By;
use super::wire::{IdAnswer, WireAddress, WireCorporate, to_field};
use crate::error::Result;
use crate::model::Address;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A partial order edit by CRM id: only the fields set are written.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OrderPatch {
    pub status: Option<String>,
    pub manager_comment: Option<String>,
    /// The complete new item list: the CRM updates items sent with their
    /// `id`, creates those without, and removes the ones left out.
    pub items: Option<Vec<ItemEdit>>,
    /// Merged into the order's values (MS-B10 strings, MS-M12 any JSON value).
    pub custom_fields: BTreeMap<String, Value>,
}

/// One item of an `OrderPatch`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemEdit {
    /// The existing item's id; `None` adds an item.
    pub id: Option<i64>,
    /// The offer of a new item, by xmlId (MS-B9).
    pub xml_id: Option<String>,
    pub quantity: f64,
    /// A new unit price; manual discounts are cleared so it is the price charged.
    pub price: Option<f64>,
    /// A new purchase (cost) price per unit (MS-S10).
    pub purchase_price: Option<f64>,
}

/// A partial customer edit by CRM id: only the fields set are written.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CustomerPatch {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub patronymic: Option<String>,
    /// Written whole: the CRM replaces the address object.
    pub address: Option<Address>,
    pub custom_fields: BTreeMap<String, String>,
}

/// A partial corporate customer edit by CRM id: only the fields set are written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorporatePatch {
    /// Merged into the record's values; the codes must exist for `customer_corporate`.
    pub custom_fields: BTreeMap<String, String>,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct WirePatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manager_comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<WireItemEdit>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patronymic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<WireAddress>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    custom_fields: BTreeMap<String, Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireItemEdit {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offer: Option<WireOfferRef>,
    quantity: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    initial_price: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount_manual_amount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount_manual_percent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purchase_price: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireOfferRef {
    xml_id: String,
}

fn item_to_wire(i: &ItemEdit) -> WireItemEdit {
    let cleared = i.price.map(|_| 0.0);
    WireItemEdit {
        id: i.id,
        offer: i.xml_id.clone().map(|xml_id| WireOfferRef { xml_id }),
        quantity: i.quantity,
        initial_price: i.price,
        discount_manual_amount: cleared,
        discount_manual_percent: cleared,
        purchase_price: i.purchase_price,
    }
}

impl RetailCrm {
    /// `POST /orders/{id}/edit?by=id` with only the fields of `patch`.
    pub async fn order_patch(&self, id: i64, site: &str, patch: &OrderPatch) -> Result<()> {
        let wire = WirePatch {
            status: patch.status.clone(),
            manager_comment: patch.manager_comment.clone(),
            items: patch
                .items
                .as_ref()
                .map(|items| items.iter().map(item_to_wire).collect()),
            custom_fields: patch.custom_fields.clone(),
            ..WirePatch::default()
        };
        let form = vec![
            ("by".into(), "id".into()),
            ("site".into(), site.into()),
            ("order".into(), to_field(&wire)),
        ];
        self.post::<IdAnswer>(&format!("orders/{id}/edit"), form)
            .await?;
        Ok(())
    }

    /// `POST /customers/{id}/edit?by=id` with only the fields of `patch`.
    pub async fn customer_patch(&self, id: i64, patch: &CustomerPatch) -> Result<()> {
        let wire = WirePatch {
            first_name: patch.first_name.clone(),
            last_name: patch.last_name.clone(),
            patronymic: patch.patronymic.clone(),
            address: patch.address.as_ref().map(address_to_wire),
            custom_fields: patch
                .custom_fields
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
            ..WirePatch::default()
        };
        let form = vec![
            ("by".into(), "id".into()),
            ("customer".into(), to_field(&wire)),
        ];
        self.post::<IdAnswer>(&format!("customers/{id}/edit"), form)
            .await?;
        Ok(())
    }

    /// `POST /customers-corporate/{id}/edit?by=id` with `customerCorporate=`
    /// holding only the fields of `patch` (by id, so no `site` is needed).
    pub async fn corporate_patch(&self, id: i64, patch: &CorporatePatch) -> Result<()> {
        let custom_fields = patch
            .custom_fields
            .iter()
            .map(|(code, value)| (code.clone(), value.clone().into()))
            .collect();
        let wire = WireCorporate {
            custom_fields: Some(custom_fields),
            ..WireCorporate::default()
        };
        let mut form = by_params(self, By::Id);
        form.push(("customerCorporate".into(), to_field(&wire)));
        self.post::<IdAnswer>(&format!("customers-corporate/{id}/edit"), form)
            .await?;
        Ok(())
    }

    /// `POST /customers-corporate/{id}/addresses/{address_id}/edit` with
    /// `by=id`, `entityBy=id`: rewrites one address of a corporate customer.
    pub async fn corporate_address_edit(
        &self,
        corporate_id: i64,
        address_id: i64,
        address: &Address,
    ) -> Result<()> {
        let form = vec![
            ("by".into(), "id".into()),
            ("entityBy".into(), "id".into()),
            ("site".into(), self.site().into()),
            ("address".into(), to_field(&address_to_wire(address))),
        ];
        let path = format!("customers-corporate/{corporate_id}/addresses/{address_id}/edit");
        self.post::<IdAnswer>(&path, form).await?;
        Ok(())
    }
}
