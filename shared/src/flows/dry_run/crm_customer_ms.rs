//! `crm_moysklad`'s dry run for a CRM customer or corporate customer
//! (MS-S16): the flow's own plan (`apply::customer_push::plan`: the link
//! read, the CRM record read, `rules::counterparty` asked) as if the
//! customer had just been edited (a dry run has no history entry, so it is
//! neither a creation nor a deletion).

use super::{Command, FlowPlan, Reads};
use crate::error::Result;
use crate::flows::crm_moysklad::apply::{Ctx, customer_push};
use crate::model::EntityKind;

const FLOW: &str = "crm_moysklad";

pub(super) async fn plan(reads: &Reads<'_>, entity: EntityKind, id: &str) -> Result<FlowPlan> {
    let ctx = Ctx::new(reads.peers, reads.tenant)?;
    let push = match customer_push::plan(reads.store, &ctx, entity, id, false, false).await? {
        Ok(push) => push,
        Err(reason) => return Ok(FlowPlan::skip(FLOW, reason)),
    };
    Ok(FlowPlan::apply(
        FLOW,
        vec![
            Command::new("moysklad", "update_counterparty")
                .rule("MS-S16")
                .record(&push.ms_id)
                .data(&push.changes),
            Command::new("synclane", "record_fingerprint")
                .rule("MS-S16")
                .record(push.key.sort_key()),
        ],
    ))
}
