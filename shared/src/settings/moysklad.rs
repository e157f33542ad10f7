//! MoySklad account and the CRM ⇄ MoySklad sync options (RULES.md block MS:
//! settings MS-S*, mappings MS-M*, stock MS-P*, retail MS-R*). Every option
//! is per tenant and off unless said; mappings are validated when saved.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// MoySklad JSON API 1.2 account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoySkladSettings {
    /// e.g. `https://api.moysklad.ru/api/remap/1.2` (no trailing slash).
    pub base_url: String,
    /// Bearer token (a solution's or a user's access token).
    pub token: Secret,
    /// URL prefixes of our own webhook receivers, sent as
    /// `X-Lognex-WebHook-DisableByPrefix` on every write so our writes do not
    /// come back to us as webhooks. Each must include scheme and host.
    #[serde(default)]
    pub disable_webhook_prefixes: Vec<String>,
    /// Limit units one ordinary request costs: 1 for a solution's token; user
    /// tokens cost 2..4 on MoySklad's schedule (see `connectors::moysklad::rate`).
    #[serde(default = "one")]
    pub request_weight: u32,
    /// Secret path segment of our MoySklad webhook receiver
    /// (`/hooks/{tenant}/moysklad/{token}`): MoySklad does not sign its
    /// notifications, so the unguessable URL is the authentication.
    #[serde(default)]
    pub webhook_token: Secret,
    /// Our own public base URL (scheme and host, e.g. `https://sync.example.com`)
    /// where MoySklad posts webhooks. Registration builds the receiver URL from
    /// it, and it is always sent as a DisableByPrefix prefix on our writes.
    #[serde(default)]
    pub public_base_url: Option<String>,
    /// What to sync and how (absent: the CRM ⇄ MoySklad sync is off).
    #[serde(default)]
    pub sync: Option<MoySkladSync>,
}

/// CRM ⇄ MoySklad sync options and mappings. Codes are the CRM's symbolic
/// codes (shops, stores, statuses, payment types); MoySklad sides are entity ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MoySkladSync {
    /// MS-S1: delivery as an order line (only when its cost is not zero).
    pub delivery_as_line: bool,
    /// MS-S2: create reserves automatically.
    pub auto_reserve: bool,
    /// MS-S3 / MS-S4: create moves when a line's warehouse differs; conduct them at once.
    pub create_moves: bool,
    pub conduct_moves: bool,
    /// MS-S5: accept order changes from MoySklad (status, manager comment, lines).
    pub accept_order_changes: bool,
    /// MS-S9: do not pass the order number (MoySklad numbers it).
    pub skip_order_number: bool,
    /// MS-S10 / MS-S11: load cost prices on shipment; overwrite existing ones.
    pub load_cost_on_shipment: bool,
    pub overwrite_cost_on_shipment: bool,
    /// MS-S12: export services as ordinary goods.
    pub services_as_goods: bool,
    /// MS-S13: CRM delivery type code → MoySklad service id (needs MS-S1).
    pub delivery_services: BTreeMap<String, String>,
    /// MS-S14 / MS-S15: let MoySklad number shipments / payments.
    pub skip_shipment_number: bool,
    pub skip_payment_number: bool,
    /// MS-S16: push CRM customer changes to already linked counterparties.
    pub push_customer_changes: bool,
    /// MS-B4: receive counterparty changes from MoySklad (address → address notes; name → individuals only).
    pub receive_counterparty_address: bool,
    pub receive_counterparty_name: bool,
    /// MS-M1: CRM shop code → MoySklad organization (legal entity) id.
    pub shops: BTreeMap<String, String>,
    /// MS-M1: CRM shop code → MoySklad sales channel id (optional).
    pub channels: BTreeMap<String, String>,
    /// MS-M2: CRM store code → MoySklad store id, one to one.
    pub stores: BTreeMap<String, String>,
    /// MS-M3: CRM status code → MoySklad customer-order state id, one to one.
    pub statuses: BTreeMap<String, String>,
    /// MS-M4: CRM statuses in which an order is first exported; empty = any.
    pub export_statuses: Vec<String>,
    /// MS-M6 / MS-M7: shipment and shipment-cancel statuses.
    pub shipment_statuses: Vec<String>,
    pub shipment_cancel_statuses: Vec<String>,
    pub copy_custom_fields_to_shipment: bool,
    /// MS-M8: CRM item statuses whose lines are reserved (needs MS-S2); empty = all.
    pub reserve_item_statuses: Vec<String>,
    /// MS-M9 / MS-M10: CRM payment type → `paymentin` or `cashin`; statuses that conduct.
    pub payment_documents: BTreeMap<String, String>,
    pub payment_conduct_statuses: Vec<String>,
    /// MS-M11: (payment type, organization id) → organization account id.
    pub bank_accounts: BTreeMap<String, BTreeMap<String, String>>,
    /// MS-M12: CRM custom field code → MoySklad attribute id.
    pub custom_fields: BTreeMap<String, String>,
    /// MS-B3: counterparty group (tag) for new counterparties.
    pub counterparty_group: Option<String>,
    /// MS-B5 / MS-B6: unreserve cancelled lines instead of deleting; force-delete with documents.
    pub unreserve_cancelled_lines: bool,
    pub force_delete: bool,
    /// MS-B7: CRM user (id) who gets a task on integration problems.
    pub problem_user: Option<i64>,
    /// MS-C1: MoySklad "employee" attribute id for the manager.
    pub manager_attribute: Option<String>,
    pub stock: StockOptions,
    pub retail: RetailOptions,
    /// The ICML catalogue (MS-B9) the CRM loads from a URL.
    pub icml: IcmlOptions,
}

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

fn one() -> u32 {
    1
}
