//! Echoes of the reverse direction. When `crm_opencart` has changed an
//! OpenCart order from the CRM, the CRM already holds what that order now
//! says. The extension fires no event for the change; but if one comes
//! anyway (an admin re-saving the order, an extension without the echo
//! guard), this flow must find nothing to write. `crm_opencart` stores the
//! fingerprint of what this flow would write for the changed order on the
//! order's link, and `apply::sync` compares against it as for any
//! redelivery.

use super::rules::{self, OrderStep};
use crate::connectors::retailcrm::{CrmBuyer, NewOrder};
use crate::flows::fingerprint;
use crate::model::Order;
use std::collections::BTreeMap;

/// The fingerprint of the CRM order edit this flow would make for `order`
/// (as OpenCart has it) on CRM order `crm_id` with `buyer`.
pub fn edit_fingerprint(
    order: &Order,
    status_map: &BTreeMap<String, String>,
    crm_id: i64,
    buyer: CrmBuyer,
) -> String {
    let draft = NewOrder {
        buyer,
        ..rules::draft(order, status_map, &OrderStep::Edit { crm_id })
    };
    fingerprint::of(&draft)
}
