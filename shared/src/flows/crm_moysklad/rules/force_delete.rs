//! MS-B6: a CRM order deleted takes its MoySklad order and every document
//! linked to it along, when the option is on ("принудительно удалять заказ
//! из МС вместе со связанными документами"). Off, the MoySklad order stays.
//!
//! Documents go before what they are based on: returns (on demands), then
//! demands, payments and moves (on the order); the order last.

use crate::connectors::moysklad::{CustomerOrder, DocumentKind, MetaRef};

/// Whether a deleted CRM order is deleted in MoySklad too.
pub fn force_delete_due(force_delete: bool, deleted: bool) -> Result<(), String> {
    match (deleted, force_delete) {
        (false, _) => Err("the CRM order no longer exists".into()),
        (true, false) => Err("MS-B6: the CRM order was deleted; force-delete is off".into()),
        (true, true) => Ok(()),
    }
}

/// The documents to delete, in order, before the order itself: `returns`
/// are those of the order's demands.
pub fn deletions(order: &CustomerOrder, returns: &[MetaRef]) -> Vec<(DocumentKind, String)> {
    let linked = |refs: &Option<Vec<MetaRef>>| refs.clone().unwrap_or_default();
    let mut out = Vec::new();
    let all = returns
        .iter()
        .cloned()
        .chain(linked(&order.demands))
        .chain(linked(&order.payments))
        .chain(linked(&order.moves));
    for r in all {
        let kind = r.meta.kind.as_deref().and_then(DocumentKind::parse);
        if let Some(kind) = kind {
            let entry = (kind, r.meta.id().to_owned());
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}
