//! MS-R3: the payments of the sales of an order.
//!
//! Each non-zero cash, card and QR sum of each sale is one CRM payment of the
//! mapped type, with the "paid" status when the sale is conducted. A CRM
//! payment identical in type, sum and status is that payment already (made
//! by us on an earlier delivery, or entered in the CRM): it is kept and not
//! created again. Matching is one to one, so two sales paying 500 in cash
//! each give two payments. Payments are never deleted: money records the
//! merchant entered in the CRM stay (the reference replaces them).

use super::input::{PayChannel, SalePayment};
use crate::connectors::retailcrm::CrmPayment;
use crate::settings::RetailOptions;

/// The CRM payments the sales stand for.
pub fn desired_payments(options: &RetailOptions, payments: &[SalePayment]) -> Vec<CrmPayment> {
    payments
        .iter()
        .filter(|p| kopecks(p.amount) > 0)
        .map(|p| CrmPayment {
            id: None,
            kind: match p.channel {
                PayChannel::Cash => options.cash_type(),
                PayChannel::Card => options.card_type(),
                PayChannel::Qr => options.qr_type(),
            }
            .to_owned(),
            status: if p.conducted {
                options.paid()
            } else {
                options.unpaid()
            }
            .to_owned(),
            amount: p.amount,
        })
        .collect()
}

/// The desired payments that the order does not have yet.
pub fn missing_payments(desired: &[CrmPayment], existing: &[CrmPayment]) -> Vec<CrmPayment> {
    let mut free: Vec<&CrmPayment> = existing.iter().collect();
    let mut missing = Vec::new();
    for want in desired {
        match free.iter().position(|have| same(have, want)) {
            Some(i) => {
                free.swap_remove(i);
            }
            None => missing.push(want.clone()),
        }
    }
    missing
}

fn same(a: &CrmPayment, b: &CrmPayment) -> bool {
    a.kind == b.kind && a.status == b.status && kopecks(a.amount) == kopecks(b.amount)
}

fn kopecks(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}
