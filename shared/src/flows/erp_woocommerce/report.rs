//! What one third party's run tells the merchant: the rules' notes (a
//! contact left without an account and why, an account left alone) and the
//! accounts WooCommerce refused, as one journal entry; and the first error
//! that retrying may fix, which fails the message after everything else was
//! recorded (the redelivery then finishes only what is left).

use crate::error::Error;
use crate::flows::FlowCtx;
use crate::flows::journal;

/// Collected over the rounds of one run.
#[derive(Debug, Default)]
pub(super) struct Report {
    pub notes: Vec<String>,
    /// Accounts refused for good, each with why.
    pub refused: Vec<String>,
    /// The first failure that may pass on a retry.
    pub transient: Option<Error>,
}

impl Report {
    /// Keeps the first retryable failure.
    pub fn retry(&mut self, error: Error) {
        self.transient.get_or_insert(error);
    }

    /// Whether every account was settled (nothing refused, nothing to retry).
    pub fn complete(&self) -> bool {
        self.refused.is_empty() && self.transient.is_none()
    }

    /// One journal entry for the third party, if there is anything to say.
    pub async fn journal(&self, ctx: &FlowCtx<'_>, tiers_id: &str) {
        let mut lines: Vec<String> = self.notes.clone();
        lines.extend(self.refused.iter().map(|r| format!("not applied: {r}")));
        if lines.is_empty() {
            return;
        }
        let message = format!("ERP → WooCommerce: {}", lines.join("; "));
        journal::note(ctx.store, ctx.tenant, "third_party", tiers_id, &message).await;
    }
}
