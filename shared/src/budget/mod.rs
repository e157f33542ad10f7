//! Rate budgets: how a peer client asks for permission to send, so that
//! every worker, job and process of a tenant together stays within the
//! peer's limits (the merchant's budget, shared with their other
//! integrations: a refused request is budget wasted).
//!
//! A budget grants *units* within a sliding window and, where the peer caps
//! requests in flight, a parallel slot. MoySklad: 45 units per 3 s, 5 in
//! flight per user. RetailCRM: about 10 requests per second per API key, no
//! published cap in flight. Two implementations: in-process (`local`, the
//! local runtime: one process) and store-backed (`store`, AWS: every Lambda
//! container of a tenant shares it through the table).

mod ledger;
mod local;
mod store;

pub use local::{LocalRateBudget, LocalRateBudgets, RateLimits};
pub use store::StoreRateBudget;

use crate::error::Result;
use async_trait::async_trait;
use std::time::Duration;

/// Permission to send one request: holds one parallel slot until released.
///
/// Dropping the permit releases the slot. A store-backed budget releases by
/// deleting a lease; it must also give the lease an expiry so a slot held by a
/// crashed worker comes back by itself.
pub struct Permit {
    release: Option<Box<dyn FnOnce() + Send>>,
}

impl Permit {
    /// A permit that runs `release` once, when released or dropped.
    pub fn new(release: impl FnOnce() + Send + 'static) -> Self {
        Permit {
            release: Some(Box::new(release)),
        }
    }

    /// Gives the parallel slot back now.
    pub fn release(mut self) {
        self.run_release();
    }

    fn run_release(&mut self) {
        if let Some(release) = self.release.take() {
            release();
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.run_release();
    }
}

impl std::fmt::Debug for Permit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Permit")
    }
}

/// One shared budget (a tenant's MoySklad user, a CRM API key).
#[async_trait]
pub trait RateBudget: Send + Sync {
    /// Waits until `units` may be spent in the current window and a parallel
    /// slot is free, spends them and returns the slot as a permit. Returns an
    /// error only when the budget itself is unreachable (e.g. the store).
    async fn acquire(&self, units: u32) -> Result<Permit>;

    /// The peer answered 429 anyway (another client of the same user, clock
    /// skew): nobody sharing this budget may send before `wait` has passed.
    async fn throttled(&self, wait: Duration);
}
