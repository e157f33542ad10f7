//! What the retail-sale flow reads from and writes to CRM orders: items with
//! their CRM ids, payments, custom and delivery fields. They serialize as
//! they are for the dry run, not as the wire's JSON.

use super::types::CrmBuyer;
use std::collections::BTreeMap;

/// An order item as the CRM has it (`id` is the item's CRM id; `None` for a new one).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CrmItem {
    pub id: Option<i64>,
    /// The offer's `xmlId`: MoySklad's external code (`product#variant`, MS-B9).
    pub xml_id: Option<String>,
    pub name: String,
    pub quantity: f64,
    /// Unit price in the order's currency.
    pub price: f64,
}

/// A payment of an order. `kind` is the CRM payment type code.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CrmPayment {
    pub id: Option<i64>,
    pub kind: String,
    pub status: String,
    pub amount: f64,
}

/// A CRM order with the parts the retail rules compare.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmRetailOrder {
    pub id: i64,
    pub external_id: Option<String>,
    pub site: Option<String>,
    pub buyer: Option<CrmBuyer>,
    pub items: Vec<CrmItem>,
    pub payments: Vec<CrmPayment>,
}

/// `delivery.code`, `delivery.date` (`Y-m-d`) and `delivery.time.custom`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryFields {
    pub code: Option<String>,
    pub date: Option<String>,
    pub time: Option<String>,
}

impl DeliveryFields {
    pub fn is_empty(&self) -> bool {
        *self == DeliveryFields::default()
    }
}

/// Order fields a retail sale writes; absent parts are left as they are.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct OrderFields {
    /// CRM custom field code → value.
    pub custom_fields: BTreeMap<String, serde_json::Value>,
    pub customer_comment: Option<String>,
    pub delivery: DeliveryFields,
}

/// A change to an existing order. `items`, when set, is the full list: items
/// with an `id` are kept (and updated), without one added, the rest removed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct RetailOrderPatch {
    pub items: Option<Vec<CrmItem>>,
    pub buyer: Option<CrmBuyer>,
    pub fields: OrderFields,
}

impl RetailOrderPatch {
    pub fn is_empty(&self) -> bool {
        *self == RetailOrderPatch::default()
    }
}

/// A new order made from a retail sale.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NewRetailOrder {
    /// The sale's MoySklad id: a repeated create finds the first order.
    pub external_id: String,
    /// The CRM shop (MS-R4 retail shop mapping).
    pub site: String,
    pub buyer: CrmBuyer,
    pub items: Vec<CrmItem>,
    pub fields: OrderFields,
}
