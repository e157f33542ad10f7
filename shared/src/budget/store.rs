//! `StoreRateBudget`: one tenant's budget for a peer (its MoySklad account,
//! a CRM API key) shared through the store by every process and Lambda
//! instance of that tenant.
//!
//! - The window is a sliding log (as in `LocalRateBudget`) kept in one cursor
//!   (`ratelimit:{key}`), updated with the cursor's compare-and-swap: two
//!   processes that read the same log cannot both append to it. Its text is
//!   `b={blocked_until_ms};{at_ms}:{units},...` (unix ms, wall clock).
//! - Each of the `parallel` request slots is a short lease
//!   (`ratelimit:{key}:slot:{i}`, `SLOT_LEASE`) that its holder renews every
//!   `SLOT_RENEW_EVERY` while the request runs, as a worker keeps its message
//!   hidden. A slot of a worker that died (killed, a Lambda timed out) comes
//!   back within one lease, whatever the request's timeout: with a lease as
//!   long as the longest request, a few deaths left every slot of a
//!   MoySklad account to the dead, and every live worker waited (the chaos
//!   soak on moto, finding 10).
//!
//! When a grant counts: the server counts a request when it arrives, and the
//! log must record that moment, not the moment the grant was decided (a
//! conditional write to the store takes a while, long under contention).
//! So a grant is booked a *lead* ahead (twice the recent time a write
//! took, learnt as it goes), and the request waits until then before it
//! goes out: it is sent when the log says. A grant whose write took longer
//! than the lead (plus a little) is given up, spent, and another one is
//! booked: sending it late could put two requests closer than the window. The window is still kept a little longer than the server's (see
//! `RateLimits`) to absorb the send itself.

use super::local::RateLimits;
use super::{Permit, RateBudget};
use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use crate::store::{PutOutcome, Store};
use async_trait::async_trait;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

/// Bounds of how far ahead a grant is booked. The upper bound must stay
/// above twice the slowest write the store may take for a while: a grant
/// whose write outlasts the lead is given up, so with writes slower than
/// the cap every grant would be given up and no request would ever go out
/// (it was 2 s, and moto at full load took longer). A store that takes
/// over 15 s a write is down, not slow.
const MIN_LEAD_MS: u64 = 20;
const MAX_LEAD_MS: u64 = 30_000;
/// How late a booked grant may still be used.
const LATE_MS: i64 = 20;

/// A tenant's budget held in the store.
pub struct StoreRateBudget {
    store: Store,
    tenant: TenantId,
    key: String,
    limits: RateLimits,
    /// How far ahead grants are booked now (ms): see the module docs.
    lead_ms: AtomicU64,
    /// Alive as long as this budget: its slots' renewals stop once it is
    /// gone, as they do when the process dies.
    life: Arc<()>,
}

/// The window log as stored.
#[derive(Debug, Default, PartialEq)]
struct Log {
    blocked_until: i64,
    grants: Vec<(i64, u32)>,
}

impl Log {
    fn parse(raw: &str) -> Log {
        let mut log = Log::default();
        for part in raw.split([';', ',']).filter(|p| !p.is_empty()) {
            if let Some(b) = part.strip_prefix("b=") {
                log.blocked_until = b.parse().unwrap_or(0);
            } else if let Some((Ok(at), Ok(n))) = part
                .split_once(':')
                .map(|(at, n)| (at.parse::<i64>(), n.parse::<u32>()))
            {
                log.grants.push((at, n));
            }
        }
        log
    }

    fn render(&self) -> String {
        let grants: Vec<String> = self
            .grants
            .iter()
            .map(|(at, n)| format!("{at}:{n}"))
            .collect();
        format!("b={};{}", self.blocked_until, grants.join(","))
    }

    /// Grants `units` at `now` (true), or says how long to wait.
    fn spend(&mut self, now: i64, units: u32, limits: &RateLimits) -> Result<(), i64> {
        if self.blocked_until > now {
            return Err(self.blocked_until - now);
        }
        let window = limits.window.as_millis() as i64;
        self.grants.retain(|(at, _)| now - at < window);
        let units = units.min(limits.units);
        let used: u32 = self.grants.iter().map(|g| g.1).sum();
        if used + units <= limits.units {
            self.grants.push((now, units));
            return Ok(());
        }
        let mut freed = 0;
        for (at, n) in &self.grants {
            freed += n;
            if used - freed + units <= limits.units {
                return Err((at + window - now).max(1));
            }
        }
        Err(window)
    }
}

impl StoreRateBudget {
    /// How long a slot stays taken once its holder stops renewing it.
    pub const SLOT_LEASE: Duration = Duration::from_secs(4);
    /// How often a holder renews its slot: three tries before it lapses,
    /// so a slow store write or a busy runtime does not lose it.
    const SLOT_RENEW_EVERY: Duration = Duration::from_secs(1);

    /// The budget named `key` (a tenant id, or a tenant's token user) of `tenant`.
    pub fn new(store: Store, tenant: TenantId, key: impl Into<String>, limits: RateLimits) -> Self {
        StoreRateBudget {
            store,
            tenant,
            key: key.into(),
            limits,
            lead_ms: AtomicU64::new(4 * MIN_LEAD_MS),
            life: Arc::new(()),
        }
    }

    /// Keeps the lead about twice a write's recent duration.
    fn learn(&self, took_ms: u64) {
        let old = self.lead_ms.load(Ordering::Relaxed);
        let new = (3 * old + 2 * 2 * took_ms) / 5;
        self.lead_ms
            .store(new.clamp(MIN_LEAD_MS, MAX_LEAD_MS), Ordering::Relaxed);
    }

    fn window_cursor(&self) -> String {
        format!("ratelimit:{}", self.key)
    }

    /// Takes a free parallel slot, waiting while all are busy.
    async fn take_slot(&self, owner: &str) -> Result<String> {
        let mut pause = 5u64;
        loop {
            // Start at a random slot so waiters do not all fight over slot 0.
            let first = rand::random_range(0..self.limits.parallel.max(1));
            for k in 0..self.limits.parallel.max(1) {
                let name = format!(
                    "ratelimit:{}:slot:{}",
                    self.key,
                    (first + k) % self.limits.parallel.max(1)
                );
                if self
                    .store
                    .leases
                    .try_acquire_lease(&self.tenant, &name, owner, Self::SLOT_LEASE)
                    .await?
                {
                    return Ok(name);
                }
            }
            tokio::time::sleep(Duration::from_millis(pause + rand::random_range(0..pause))).await;
            pause = (pause * 2).min(100);
        }
    }

    /// Appends a grant of `units` to the shared log, waiting until it fits.
    async fn spend(&self, units: u32) -> Result<()> {
        let name = self.window_cursor();
        loop {
            let current = self.store.cursors.get_cursor(&self.tenant, &name).await?;
            let (mut log, version) =
                current.map_or((Log::default(), 0), |c| (Log::parse(&c.value), c.version));
            let asked = now_ms();
            let at = asked + self.lead_ms.load(Ordering::Relaxed) as i64;
            match log.spend(at, units, &self.limits) {
                Ok(()) => {
                    let written = self
                        .store
                        .cursors
                        .put_cursor(&self.tenant, &name, &log.render(), version)
                        .await?;
                    self.learn((now_ms() - asked).max(0) as u64);
                    if written != PutOutcome::Created {
                        continue; // another process appended first: read again
                    }
                    let early = at - now_ms();
                    if early >= -LATE_MS {
                        tokio::time::sleep(Duration::from_millis(early.max(0) as u64)).await;
                        return Ok(());
                    }
                    // Booked for a moment already past: spent, book another.
                }
                Err(wait_ms) => tokio::time::sleep(Duration::from_millis(wait_ms as u64)).await,
            }
        }
    }
}

#[async_trait]
impl RateBudget for StoreRateBudget {
    async fn acquire(&self, units: u32) -> Result<Permit> {
        if !self.limits.caps_parallel() {
            self.spend(units).await?;
            return Ok(Permit::new(|| {}));
        }
        let owner = uuid::Uuid::new_v4().to_string();
        // The slot first: units are then spent right before the request goes out.
        let slot = self.take_slot(&owner).await?;
        // Renewed from now on: waiting for the window may outlast a lease.
        let renewal = tokio::spawn(keep_slot(
            self.store.clone(),
            self.tenant.clone(),
            slot.clone(),
            owner.clone(),
            Arc::downgrade(&self.life),
        ));
        if let Err(e) = self.spend(units).await {
            renewal.abort();
            let _ = self
                .store
                .leases
                .release_lease(&self.tenant, &slot, &owner)
                .await;
            return Err(e);
        }
        let (store, tenant) = (self.store.clone(), self.tenant.clone());
        let runtime = tokio::runtime::Handle::current();
        Ok(Permit::new(move || {
            renewal.abort();
            runtime.spawn(async move {
                if let Err(error) = store.leases.release_lease(&tenant, &slot, &owner).await {
                    // The lease expires by itself; the slot is only late to come back.
                    tracing::warn!(message = "Could not give a rate budget slot back.", %error);
                }
            });
        }))
    }

    async fn throttled(&self, wait: Duration) {
        let name = self.window_cursor();
        let until = now_ms() + wait.as_millis() as i64;
        for _ in 0..5 {
            let Ok(current) = self.store.cursors.get_cursor(&self.tenant, &name).await else {
                return;
            };
            let (mut log, version) =
                current.map_or((Log::default(), 0), |c| (Log::parse(&c.value), c.version));
            if log.blocked_until >= until {
                return;
            }
            log.blocked_until = until;
            if matches!(
                self.store
                    .cursors
                    .put_cursor(&self.tenant, &name, &log.render(), version)
                    .await,
                Ok(PutOutcome::Created)
            ) {
                return;
            }
        }
    }
}

/// Renews a slot's lease until its permit is released (the task is
/// aborted), the budget is gone, or the lease was lost.
async fn keep_slot(store: Store, tenant: TenantId, slot: String, owner: String, life: Weak<()>) {
    loop {
        tokio::time::sleep(StoreRateBudget::SLOT_RENEW_EVERY).await;
        if life.upgrade().is_none() {
            return;
        }
        match store
            .leases
            .renew_lease(&tenant, &slot, &owner, StoreRateBudget::SLOT_LEASE)
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                // Lapsed and taken: one request more than the cap may be in
                // flight; the peer's 429 (and `throttled`) covers it.
                tracing::warn!(message = "A rate budget slot lapsed while its request ran.", %slot);
                return;
            }
            // The next renewal may get through before the lease lapses.
            Err(error) => tracing::warn!(message = "Could not renew a rate budget slot.", %error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::Db;
    use crate::store::{Cursor, Cursors, SqliteStore};

    /// Cursors whose writes take `delay` (a store under heavy load).
    struct SlowWrites {
        inner: Arc<dyn Cursors>,
        delay: Duration,
    }

    #[async_trait]
    impl Cursors for SlowWrites {
        async fn get_cursor(&self, tenant: &TenantId, name: &str) -> Result<Option<Cursor>> {
            self.inner.get_cursor(tenant, name).await
        }
        async fn put_cursor(
            &self,
            tenant: &TenantId,
            name: &str,
            value: &str,
            expected_version: u64,
        ) -> Result<PutOutcome<Cursor>> {
            tokio::time::sleep(self.delay).await;
            self.inner
                .put_cursor(tenant, name, value, expected_version)
                .await
        }
    }

    #[tokio::test]
    async fn grants_still_go_out_when_every_store_write_takes_over_two_seconds() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::from_backend(SqliteStore::new(Db::open(dir.path().join("s.db")).unwrap()));
        let delay = Duration::from_millis(2_100);
        store.cursors = Arc::new(SlowWrites {
            inner: store.cursors.clone(),
            delay,
        });
        let limits = RateLimits {
            units: 10,
            window: Duration::from_secs(1),
            parallel: RateLimits::UNCAPPED,
        };
        let budget = StoreRateBudget::new(store, TenantId::parse("t1").unwrap(), "crm", limits);
        // Each late grant teaches the budget a longer lead; a lead capped
        // below the write's time gave every grant up, for ever.
        let granted = tokio::time::timeout(delay * 8, budget.acquire(1)).await;
        assert!(granted.is_ok(), "no grant within {:?}", delay * 8);
        let lead = budget.lead_ms.load(Ordering::Relaxed);
        assert!(lead > delay.as_millis() as u64, "lead {lead} ms");
    }

    #[test]
    fn log_round_trips_and_keeps_the_window() {
        let limits = RateLimits {
            units: 10,
            window: Duration::from_millis(1000),
            parallel: 1,
        };
        let mut log = Log::default();
        assert_eq!(log.spend(0, 5, &limits), Ok(()));
        assert_eq!(log.spend(100, 5, &limits), Ok(()));
        assert_eq!(
            log.spend(200, 5, &limits),
            Err(800),
            "the first grant leaves at 1000"
        );
        let mut again = Log::parse(&log.render());
        assert_eq!(again, log);
        assert_eq!(again.spend(1000, 5, &limits), Ok(()));
        again.blocked_until = 5000;
        assert_eq!(
            Log::parse(&again.render()).spend(1500, 1, &limits),
            Err(3500)
        );
    }
}
