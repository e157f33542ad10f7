//! MoySklad → CRM (webhooks): order changes (MS-S5) and counterparty changes
//! (MS-B4). Only linked records change; nothing is created.

use crate::connectors::moysklad::{Counterparty, CustomerOrder, id_from_href};
use crate::connectors::retailcrm::{
    CrmContragent, CrmCustomerDetails, CrmOrderDetails, CustomerPatch, OrderPatch,
};
use crate::settings::MoySkladSync;

/// MS-S5: the CRM edit a MoySklad order change asks for; `Err` says why none.
/// Status goes back through the one-to-one MS-M3 mapping; the MoySklad
/// description is the CRM manager comment.
pub fn order_changes(
    sync: &MoySkladSync,
    ms: &CustomerOrder,
    crm: &CrmOrderDetails,
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
