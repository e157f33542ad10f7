//! MS-M9, MS-M10, MS-M11, MS-S15: CRM payments → MoySklad payment documents.
//!
//! - Every CRM payment whose type is mapped becomes its own `paymentin` or
//!   `cashin`, linked to the customer order for its whole sum; unmapped
//!   types make no document.
//! - It is conducted when the payment's status is one of the conducting
//!   statuses, and un-conducted when it no longer is.
//! - A `paymentin` carries the legal entity's account mapped for its type;
//!   the customer order's account (and its shipment's) follows the payment
//!   changed last: the first payment the change names, as the seed says
//!   ("если за одну итерацию добавлено/изменено несколько платежей в заказе,
//!   то учитывается первый в списке"); without one, the decision kept from
//!   before, and for an order seen first, its newest payment.
//! - Numbered `{order number}-{payment id}` unless MS-S15 lets MoySklad do it.
//!
//! Choice where the seed is silent: a payment whose type moves to the other
//! document kind gets a new document and the old one is deleted.

use crate::connectors::moysklad::mapping::to_kopecks;
use crate::connectors::moysklad::{
    AttributeValue, Document, DocumentKind, Meta, MetaRef, Operation,
};
use crate::connectors::retailcrm::{CrmOrderDetails, CrmPayment};
use crate::settings::MoySkladSync;

/// The document of one payment.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentDoc {
    pub kind: DocumentKind,
    pub body: Document,
}

/// The kind of document payment type `kind` makes, if it is mapped.
pub fn document_kind(sync: &MoySkladSync, kind: &str) -> Option<DocumentKind> {
    match sync.payment_documents.get(kind)?.as_str() {
        "paymentin" => Some(DocumentKind::PaymentIn),
        "cashin" => Some(DocumentKind::CashIn),
        _ => None,
    }
}

/// MS-M11: the account of legal entity `org` for payment type `kind`.
pub fn account_of(sync: &MoySkladSync, kind: &str, org: &str) -> Option<String> {
    sync.bank_accounts.get(kind)?.get(org).cloned()
}

/// `meta` of account `account` of organization `org`.
pub fn account_ref(base_url: &str, org: &str, account: &str) -> MetaRef {
    MetaRef {
        meta: Meta {
            href: format!(
                "{}/entity/organization/{org}/accounts/{account}",
                base_url.trim_end_matches('/')
            ),
            kind: Some("account".into()),
            ..Meta::entity(base_url, "account", account)
        },
    }
}

/// The document of payment `p` of `order` (in MoySklad as `ms_order_id`,
/// bought by counterparty `agent`, sold by legal entity `org`); `None` when
/// its type makes no document.
pub fn payment_doc(
    sync: &MoySkladSync,
    base_url: &str,
    order: &CrmOrderDetails,
    p: &CrmPayment,
    parties: (&str, &str, &str),
    attributes: Vec<AttributeValue>,
) -> Option<PaymentDoc> {
    let (ms_order_id, agent, org) = parties;
    let kind = document_kind(sync, &p.kind)?;
    let sum = to_kopecks(p.amount);
    let account = (kind == DocumentKind::PaymentIn)
        .then(|| account_of(sync, &p.kind, org))
        .flatten();
    let number = order.number.as_deref().unwrap_or_default();
    let body = Document {
        name: (!sync.skip_payment_number && !number.is_empty())
            .then(|| format!("{number}-{}", p.id.unwrap_or_default())),
        applicable: Some(sync.payment_conduct_statuses.contains(&p.status)),
        organization: Some(MetaRef::entity(base_url, "organization", org)),
        organization_account: account.map(|a| account_ref(base_url, org, &a)),
        agent: Some(MetaRef::entity(base_url, "counterparty", agent)),
        sum: Some(sum),
        operations: Some(vec![Operation {
            meta: Meta::entity(base_url, "customerorder", ms_order_id),
            linked_sum: Some(sum),
        }]),
        attributes: (!attributes.is_empty()).then_some(attributes),
        ..Document::default()
    };
    Some(PaymentDoc { kind, body })
}

/// MS-M11: the account the customer order takes: from the first payment of
/// `changed` (ids, in the change's order) whose type has one for `org`;
/// else `kept` (decided before); else from the newest payment that has one.
pub fn order_account(
    sync: &MoySkladSync,
    org: &str,
    payments: &[CrmPayment],
    changed: &[i64],
    kept: Option<&str>,
) -> Option<String> {
    let of = |p: &CrmPayment| account_of(sync, &p.kind, org);
    let first_changed = changed
        .iter()
        .find_map(|id| payments.iter().find(|p| p.id == Some(*id)))
        .and_then(of);
    first_changed
        .or_else(|| kept.map(str::to_owned))
        .or_else(|| payments.iter().rev().find_map(of))
}
