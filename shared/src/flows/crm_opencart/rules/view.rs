//! What the rules look at, and the checks that need no look-up: whether a
//! CRM change concerns the buyer at all, and OC-X1.

use crate::connectors::opencart::{ABANDONED_STATUS, OcOrder};
use crate::connectors::retailcrm::{CrmBuyer, CrmOrderBuyer};
use crate::model::Person;

/// Everything `decide` needs. The worker fills it from the CRM order, the
/// OpenCart order and the links.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The CRM order's buyer side.
    pub crm: &'a CrmOrderBuyer,
    /// Whether the CRM account has corporate customers on.
    pub corporate_customers: bool,
    /// The OpenCart order as it is now.
    pub order: &'a OcOrder,
    /// The CRM customer that the OpenCart order's current customer is linked
    /// to (the forward direction's customer link), if any.
    pub order_customer_in_crm: Option<i64>,
}

/// The OpenCart account of the CRM order's person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    pub customer_id: i64,
    pub customer_group_id: i64,
}

/// Why an event changes nothing without reading further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// OC-X1: the OpenCart order is an abandoned checkout.
    Abandoned,
}

/// Order fields a history entry may name that never change what OpenCart
/// shows in the Customer, payment and shipping sections (snake_case as the
/// CRM's history writes them, or the API's camelCase; compared without `_`
/// and case, first path segment only).
const UNRELATED: [&str; 25] = [
    "status",
    "statuscomment",
    "items",
    "managercomment",
    "customercomment",
    "shipmentstore",
    "shipmentdate",
    "shipped",
    "manager",
    "ordertype",
    "ordermethod",
    "weight",
    "length",
    "width",
    "height",
    "number",
    "externalid",
    "summ",
    "totalsumm",
    "prepaysum",
    "purchasesumm",
    "fullpaidat",
    "call",
    "expired",
    "customfields",
];
const UNRELATED_PREFIXES: [&str; 5] = [
    "orderproduct",
    "payment",
    "delivery",
    "discount",
    "markdate",
];

/// Whether a CRM order change may concern its buyer (customer, contact
/// person, company, legal details or the person's data). A change of
/// statuses, items, payments or delivery alone does not, and costs no read:
/// the CRM's request budget is the merchant's. Unknown field names count as
/// concerning it.
pub fn concerns_buyer(fields: &[String]) -> bool {
    fields.is_empty()
        || fields.iter().any(|field| {
            let name: String = field
                .split('.')
                .next()
                .unwrap_or_default()
                .chars()
                .filter(|c| *c != '_')
                .collect::<String>()
                .to_lowercase();
            !(UNRELATED.contains(&name.as_str())
                || UNRELATED_PREFIXES.iter().any(|p| name.starts_with(p)))
        })
}

/// OC-X1 on the OpenCart side.
pub fn precheck(order: &OcOrder) -> Option<Skip> {
    (order.order_status_id == ABANDONED_STATUS).then_some(Skip::Abandoned)
}

/// The CRM id of the person on the order: the private customer, or the
/// corporate customer's contact person.
pub fn person_id(buyer: Option<&CrmBuyer>) -> Option<i64> {
    match buyer? {
        CrmBuyer::Private { customer_id } => Some(*customer_id),
        CrmBuyer::Corporate { contact_id, .. } => Some(*contact_id).filter(|id| *id > 0),
    }
}

/// Whether the CRM put another person on the order than the one OpenCart's
/// order is linked to (OC-R2, OC-R3, OC-R5's contact change).
pub fn buyer_changed(input: &Input<'_>) -> bool {
    let person = person_id(input.crm.buyer.as_ref());
    person.is_some() && person != input.order_customer_in_crm
}

/// The person to show: the order's own contact data, each field falling
/// back to the customer's or contact person's record.
pub fn person(crm: &CrmOrderBuyer) -> Person {
    let pick = |own: &Option<String>, record: &Option<String>| {
        own.clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| record.clone())
    };
    let (own, record) = (&crm.person, &crm.party);
    Person {
        first_name: pick(&own.first_name, &record.first_name),
        last_name: pick(&own.last_name, &record.last_name),
        patronymic: pick(&own.patronymic, &record.patronymic),
        email: pick(&own.email, &record.email),
        phone: pick(&own.phone, &record.phone),
    }
}
