//! MoySklad account and the CRM ⇄ MoySklad sync options (RULES.md block MS:
//! settings MS-S*, mappings MS-M*, stock MS-P*, retail MS-R*). Every option
//! is per tenant and off unless said; mappings are validated when saved.

use super::{IcmlOptions, RetailOptions, StockOptions};
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
    /// MS-S1: delivery as an order line (only when its cost is not zero),
    /// on the MoySklad service `delivery_service`.
    pub delivery_as_line: bool,
    /// MS-S1: the MoySklad service id of the plain delivery line (required
    /// with MS-S1: a MoySklad position must name a good or a service).
    pub delivery_service: Option<String>,
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
    /// MS-M6 / MS-M7: shipment and shipment-cancel statuses; copy the
    /// order's custom fields into a new shipment where it has fields of the same name.
    pub shipment_statuses: Vec<String>,
    pub shipment_cancel_statuses: Vec<String>,
    pub copy_custom_fields_to_shipment: bool,
    /// MS-M8: CRM item statuses whose lines are reserved (needs MS-S2); empty = all.
    pub reserve_item_statuses: Vec<String>,
    /// MS-M9 / MS-M10: CRM payment type → `paymentin` or `cashin`; payment
    /// statuses that conduct the document; copy the order's custom fields
    /// into a new payment document where it has fields of the same name.
    pub payment_documents: BTreeMap<String, String>,
    pub payment_conduct_statuses: Vec<String>,
    pub copy_custom_fields_to_payments: bool,
    /// MS-M11: payment type → (organization id → that organization's account id).
    pub bank_accounts: BTreeMap<String, BTreeMap<String, String>>,
    /// MS-M12: CRM order custom field ⇄ MoySklad customer-order attribute,
    /// in order (MoySklad → CRM: when several attributes feed one CRM field,
    /// the last mapping wins).
    pub custom_fields: Vec<FieldMapping>,
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

/// One MS-M12 custom field pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMapping {
    /// The CRM order custom field's code.
    pub crm: String,
    /// The MoySklad customer-order attribute's id.
    pub moysklad: String,
}

fn one() -> u32 {
    1
}
