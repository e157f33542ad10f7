//! Journal entries of the flow, each written at most once per event: an
//! event retried after its note was written (its peer call failed later)
//! does not write it again. The key is claimed before the note, so a crash
//! between the two loses the note rather than doubling it.

use crate::error::Result;
use crate::flows::{FlowCtx, journal};
use crate::model::Envelope;
use std::time::Duration;

/// How long a note's key is remembered (beyond any redelivery).
const KEPT: Duration = Duration::from_secs(7 * 24 * 3600);

/// Notes `message` about order `order_id`, once for `envelope`.
pub(super) async fn once(
    ctx: &FlowCtx<'_>,
    envelope: &Envelope,
    order_id: i64,
    message: &str,
) -> Result<()> {
    use sha2::{Digest, Sha256};
    let digest = hex::encode(Sha256::digest(message.as_bytes()));
    let key = format!("note:{}:{}", envelope.dedupe_key, &digest[..12]);
    let claimed = ctx
        .store
        .idempotency
        .claim_idempotency_key(&ctx.tenant.id, &key, KEPT)
        .await?;
    if let crate::store::PutOutcome::Created = claimed {
        journal::note(
            ctx.store,
            ctx.tenant,
            "order",
            &order_id.to_string(),
            message,
        )
        .await;
    }
    Ok(())
}
