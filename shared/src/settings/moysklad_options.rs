//! The MoySklad options that are not about orders and documents: the ICML
//! catalogue (MS-B9), the stock and price pulls (MS-P*, MS-S6..S8) and retail
//! sales (MS-R*). Kept apart from `moysklad` so each file holds one concern.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The ICML catalogue the CRM loads: like a shop module's `retailcrm.xml`,
/// regenerated on a schedule and served at a stable URL
/// `/catalogue/{tenant}/{feed_token}.xml` that goes into the CRM's shop settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IcmlOptions {
    /// Regenerate when the current catalogue is this many hours old (0: only on request).
    pub every_hours: u32,
    /// The secret part of the public URL (at least 16 characters); empty: no public URL.
    pub feed_token: Secret,
}

/// Stock and purchase-price pulls (MS-P1..MS-P3, MS-S6..MS-S8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StockOptions {
    pub stock_enabled: bool,
    pub prices_enabled: bool,
    /// MS-S6: do not zero CRM stock for goods with MoySklad stock <= 0.
    pub keep_stock_when_out: bool,
    /// MS-S7: do not sync stock of inactive (archived) goods.
    pub skip_inactive: bool,
    /// MS-S8: subtract expected ("in transit") goods from available stock.
    pub subtract_in_transit: bool,
    /// Minutes between pulls.
    pub every_minutes: u32,
    /// MS-P3: hours between full resyncs (delta pushes in between).
    pub full_resync_hours: u32,
}

impl Default for StockOptions {
    fn default() -> Self {
        StockOptions {
            stock_enabled: false,
            prices_enabled: false,
            keep_stock_when_out: false,
            skip_inactive: false,
            subtract_in_transit: false,
            every_minutes: 15,
            full_resync_hours: 24,
        }
    }
}

/// Retail sales (MS-R1..MS-R4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetailOptions {
    /// MS-R1: subscribe to `retaildemand` CREATE.
    pub enabled: bool,
    /// MS-R2: line reconciliation options for sales made from existing orders.
    pub increase_quantity: bool,
    pub decrease_quantity: bool,
    pub add_new_goods: bool,
    pub remove_missing_goods: bool,
    /// MS-R4: MoySklad organization id → CRM shop code for new orders.
    pub shops: BTreeMap<String, String>,
    /// MS-R4: MoySklad attribute id → CRM custom field code (one CRM field per MoySklad field).
    pub custom_fields: BTreeMap<String, String>,
    /// MS-R4: MoySklad attribute ids for the standard fields.
    pub customer_comment_attribute: Option<String>,
    pub delivery_date_attribute: Option<String>,
    pub delivery_time_attribute: Option<String>,
    pub delivery_method_attribute: Option<String>,
    /// MS-R3: CRM payment type codes for the sale's cash, card and QR sums
    /// (defaults `cash`, `bank-card`, `sbp`) and the payment statuses for a
    /// conducted / not conducted sale (defaults `paid`, `not-paid`); see `retail.rs`.
    pub cash_payment_type: Option<String>,
    pub card_payment_type: Option<String>,
    pub qr_payment_type: Option<String>,
    pub paid_status: Option<String>,
    pub unpaid_status: Option<String>,
}
