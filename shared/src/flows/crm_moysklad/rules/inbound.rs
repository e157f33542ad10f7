//! MoySklad → CRM (webhooks): order changes (MS-S5) and counterparty changes
//! (MS-B4, for private and corporate customers). Only linked records
//! change; nothing is created.

use super::order_lines::LineChanges;
use crate::connectors::moysklad::{Counterparty, CustomerOrder, id_from_href};
use crate::connectors::retailcrm::{
    CrmContragent, CrmCorporate, CrmCustomerDetails, CrmOrderDetails, CustomerPatch, OrderPatch,
};
use crate::model::Address;
use crate::settings::MoySkladSync;

/// MS-S5: the CRM edit a MoySklad order change asks for; `Err` says why none.
/// Status goes back through the one-to-one MS-M3 mapping; the MoySklad
/// description is the CRM manager comment; `lines` (from
/// `order_lines::line_changes`, when the positions were read) the items.
pub fn order_changes(
    sync: &MoySkladSync,
    ms: &CustomerOrder,
    crm: &CrmOrderDetails,
    lines: Option<LineChanges>,
) -> Result<OrderPatch, String> {
    if !sync.accept_order_changes {
        return Err("MS-S5: accepting order changes from MoySklad is off".into());
    }
    let mut patch = OrderPatch::default();
    if let Some(state) = &ms.state {
        let state_id = id_from_href(&state.meta.href);
        let crm_status = sync
            .statuses
            .iter()
            .find(|(_, ms_id)| ms_id.as_str() == state_id)
            .map(|(code, _)| code.clone());
        if crm_status.is_some() && crm_status != crm.status {
            patch.status = crm_status;
        }
    }
    let comment = ms.description.clone().filter(|d| !d.is_empty());
    if comment.is_some() && comment != crm.manager_comment {
        patch.manager_comment = comment;
    }
    patch.items = lines.and_then(|l| l.items);
    if patch == OrderPatch::default() {
        return Err("MS-S5: nothing the CRM does not have already".into());
    }
    Ok(patch)
}

/// MS-B4: the CRM edit a counterparty change asks for; `Err` says why none.
/// The actual address goes to the address notes; the name only for
/// individuals ("Last First Patronymic").
pub fn customer_changes(
    sync: &MoySkladSync,
    cp: &Counterparty,
    crm: &CrmCustomerDetails,
) -> Result<CustomerPatch, String> {
    let mut patch = CustomerPatch::default();
    if sync.receive_counterparty_address
        && let Some(address) = cp.actual_address.clone().filter(|a| !a.is_empty())
    {
        let mut current = crm.customer.address.clone().unwrap_or_default();
        if current.notes.as_deref() != Some(address.as_str()) {
            current.notes = Some(address);
            patch.address = Some(current);
        }
    }
    let individual = cp.company_type.as_deref().is_none_or(|t| t == "individual")
        && crm.contragent == CrmContragent::Individual;
    if sync.receive_counterparty_name && individual {
        let name = cp.name.clone().unwrap_or_default();
        let mut parts = name.split_whitespace().map(str::to_owned);
        let (last, first, patronymic) = (parts.next(), parts.next(), parts.next());
        let p = &crm.customer.person;
        if last.is_some()
            && (last != p.last_name || first != p.first_name || patronymic != p.patronymic)
        {
            patch.last_name = last;
            patch.first_name = first;
            patch.patronymic = patronymic;
        }
    }
    if patch == CustomerPatch::default() {
        return Err("MS-B4: no change to receive (options off or nothing new)".into());
    }
    Ok(patch)
}

/// MS-B4 for a counterparty linked to a corporate customer: the actual
/// address goes to the notes of the corporate customer's first (main)
/// address, a new address when it has none; the name never changes (only
/// individuals' names are taken). Returns the address id to edit (`None`:
/// add) and the address to write; `Err` says why nothing is written.
pub fn corporate_changes(
    sync: &MoySkladSync,
    cp: &Counterparty,
    corp: &CrmCorporate,
) -> Result<(Option<i64>, Address), String> {
    if !sync.receive_counterparty_address {
        return Err("MS-B4: a corporate customer's name is not changed; address option off".into());
    }
    let Some(actual) = cp.actual_address.clone().filter(|a| !a.is_empty()) else {
        return Err("MS-B4: the counterparty has no actual address".into());
    };
    let current = corp.corporate.addresses.first();
    if current.and_then(|a| a.notes.as_deref()) == Some(actual.as_str()) {
        return Err("MS-B4: the address notes are up to date".into());
    }
    let mut address = current.cloned().unwrap_or_default();
    address.notes = Some(actual);
    Ok((corp.address_ids.first().copied(), address))
}
