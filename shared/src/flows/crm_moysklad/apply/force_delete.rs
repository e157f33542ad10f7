//! MS-B6, the I/O half: a CRM order that no longer exists. Deleted in the
//! CRM with the option on, its MoySklad order goes with every linked
//! document: returns (read from each demand), demands, payments, moves,
//! then the order. Deleting what is already gone counts as deleted, so a
//! redelivery finishes what an earlier delivery began.

use super::context::Ctx;
use crate::connectors::moysklad::DocumentKind;
use crate::error::Result;
use crate::flows::Outcome;
use crate::flows::crm_moysklad::rules::force_delete::{deletions, force_delete_due};

/// Handles CRM order `crm_id`, gone from the CRM (`deleted`: the history says so).
pub(super) async fn run(
    ctx: &Ctx,
    crm_id: i64,
    ms_order_id: Option<&str>,
    deleted: bool,
) -> Result<Outcome> {
    if let Err(reason) = force_delete_due(ctx.sync.force_delete, deleted) {
        return Ok(Outcome::Skipped(reason));
    }
    let Some(ms_id) = ms_order_id else {
        return Ok(Outcome::Skipped(format!(
            "MS-B6: CRM order {crm_id} was never exported"
        )));
    };
    let Some(order) = ctx.ms.customer_order_get(ms_id).await? else {
        return Ok(Outcome::Skipped(
            "MS-B6: the MoySklad order is gone already".into(),
        ));
    };
    let mut returns = Vec::new();
    for demand in order.demands.clone().unwrap_or_default() {
        let id = demand.meta.id();
        if let Some(d) = ctx.ms.document_get(DocumentKind::Demand, id, "").await? {
            returns.extend(d.returns.unwrap_or_default());
        }
    }
    for (kind, id) in deletions(&order, &returns) {
        ctx.ms.document_delete(kind, &id).await?;
    }
    ctx.ms
        .delete(&format!("entity/customerorder/{ms_id}"))
        .await?;
    Ok(Outcome::Applied)
}
