//! The rate-limit port: how a MoySklad client asks for permission to send.
//!
//! MoySklad counts limit *units* per user (or solution) in a 3-second window
//! (45 units) and at most 5 requests in flight per user. Several workers of
//! one tenant (threads here, Lambda instances on AWS) share that budget, so the
//! budget is a trait: an in-process implementation (`LocalRateBudget`) and,
//! later, a store-backed one for the AWS runtime.
//!
//! Unit costs (dev.moysklad.ru, "Ограничения", checked 2026): `report/stock/all`
//! and `report/stock/bystore` cost 5 units whatever the auth; every other call
//! costs 1 unit with a solution token, and with a user token or login/password
//! 2 units (from 2026-05-12), 3 (from 2026-09-01), 4 (from 2026-12-01).

use crate::error::Result;
use async_trait::async_trait;
use std::time::Duration;

/// What a call costs in limit units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// Any entity read or write.
    Ordinary,
    /// `report/stock/all`, `report/stock/bystore` (and, as a precaution,
    /// `report/stock/all/current`): always 5 units.
    StockReport,
}

impl CallKind {
    /// Units this call takes from the window, given the weight of an ordinary call.
    pub fn units(self, ordinary_weight: u32) -> u32 {
        match self {
            CallKind::Ordinary => ordinary_weight.max(1),
            CallKind::StockReport => 5,
        }
    }
}

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

/// One tenant's shared MoySklad budget.
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
