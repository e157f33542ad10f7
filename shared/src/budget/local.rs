//! In-process `RateBudget`: one per tenant, shared (`Arc`) by every worker of
//! the process.
//!
//! The window is a sliding log rather than a refilling bucket: a bucket that
//! refills 15 units/s lets 45 + 15 units through within 3 s after a burst,
//! which a server counting the last 3 s would refuse. The log only grants
//! `units` when the units granted in the last `window` plus these fit, and the
//! window is kept a little longer than the server's to absorb send delays.

use super::ledger::{Ledger, Recorded};
use super::{Permit, RateBudget};
use crate::clock::now_ms;
use crate::error::Result;
use async_trait::async_trait;
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// The limits a budget keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Units per window (MoySklad: 45).
    pub units: u32,
    /// The window (MoySklad: 3 s, plus a safety margin).
    pub window: Duration,
    /// Requests in flight at once (MoySklad: 5 per user); `UNCAPPED` when
    /// the peer sets no such cap (RetailCRM).
    pub parallel: u32,
}

impl RateLimits {
    /// `parallel` for peers that do not cap requests in flight.
    pub const UNCAPPED: u32 = 0;

    /// RetailCRM: `per_second` requests per API key (about 10 by the CRM's
    /// own limit), counted over a window a quarter longer than a second so
    /// that no second as the CRM counts it ever holds more; no cap in
    /// flight. The CRM counts arrivals, not grants: the margin absorbs the
    /// delay between a grant and the request reaching it (100 ms was too
    /// little on a loaded CI machine: one 503 in 592 requests).
    pub fn retailcrm(per_second: u32) -> RateLimits {
        RateLimits {
            units: per_second.max(1),
            window: Duration::from_millis(1250),
            parallel: RateLimits::UNCAPPED,
        }
    }

    /// WooCommerce: `per_second` requests per shop (a setting, default 5;
    /// WooCommerce has no limit of its own, its host does) and at most
    /// [`RateLimits::WOOCOMMERCE_PARALLEL`] in flight: a WordPress host runs a
    /// handful of PHP workers shared with the shop's visitors, and a batch
    /// of 100 accounts holds one of them for seconds.
    pub fn woocommerce(per_second: u32) -> RateLimits {
        RateLimits {
            units: per_second.max(1),
            window: Duration::from_millis(1100),
            parallel: RateLimits::WOOCOMMERCE_PARALLEL,
        }
    }

    /// Requests in flight to one WooCommerce shop.
    pub const WOOCOMMERCE_PARALLEL: u32 = 4;

    /// A Webasyst install (Shop-Script, CRM): `per_second` requests (a
    /// setting, default 5; Webasyst states no limit, its PHP host does) and
    /// at most [`RateLimits::WOOCOMMERCE_PARALLEL`] in flight, for the same
    /// reason as a WordPress host: a few PHP workers shared with visitors.
    pub fn webasyst(per_second: u32) -> RateLimits {
        RateLimits {
            units: per_second.max(1),
            window: Duration::from_millis(1100),
            parallel: RateLimits::WOOCOMMERCE_PARALLEL,
        }
    }

    /// Whether requests in flight are capped.
    pub fn caps_parallel(&self) -> bool {
        self.parallel != RateLimits::UNCAPPED
    }

    /// MoySklad's published limits, with 10% margin on the window.
    pub const MOYSKLAD: RateLimits = RateLimits {
        units: 45,
        window: Duration::from_millis(3300),
        parallel: 5,
    };

    /// MoySklad's limits for a budget shared through the store: a smaller
    /// margin (200 ms), so a long run stays within 7% of the limit's pace.
    /// MoySklad counts arrivals, not grants: the margin absorbs the delay
    /// between a grant and the request reaching it (100 ms was too little on
    /// a loaded machine: one violation in 121 requests).
    pub const MOYSKLAD_SHARED: RateLimits = RateLimits {
        units: 45,
        window: Duration::from_millis(3200),
        parallel: 5,
    };
}

#[derive(Default)]
struct Window {
    /// When each grant was made and how many units it took, oldest first.
    log: VecDeque<(Instant, u32)>,
    used: u32,
    /// Set after a 429: nothing is granted before this instant.
    blocked_until: Option<Instant>,
}

/// A tenant's budget held in this process.
pub struct LocalRateBudget {
    limits: RateLimits,
    slots: Arc<Semaphore>,
    window: Mutex<Window>,
    /// Where the grants are written for the next process (`ledger`).
    ledger: Option<Ledger>,
}

impl LocalRateBudget {
    pub fn new(limits: RateLimits) -> Self {
        LocalRateBudget {
            limits,
            slots: Arc::new(Semaphore::new(if limits.caps_parallel() {
                limits.parallel as usize
            } else {
                Semaphore::MAX_PERMITS
            })),
            window: Mutex::new(Window::default()),
            ledger: None,
        }
    }

    /// A budget that writes its grants to `ledger` and starts from what
    /// the process before this one wrote there.
    fn with_ledger(limits: RateLimits, ledger: Ledger) -> Self {
        let recorded = ledger.load(limits.window);
        let budget = LocalRateBudget {
            ledger: Some(ledger),
            ..LocalRateBudget::new(limits)
        };
        match recorded {
            Some(recorded) => budget.resume(&recorded),
            // Unreadable: assume the dead process spent the whole window.
            None => budget.block(limits.window),
        }
        budget
    }

    /// Takes over the grants and block a previous process recorded.
    fn resume(&self, recorded: &Recorded) {
        let (now, wall) = (Instant::now(), now_ms());
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        for &(at_ms, units) in &recorded.grants {
            let ago = Duration::from_millis(wall.saturating_sub(at_ms).max(0) as u64);
            w.log
                .push_back((now.checked_sub(ago).unwrap_or(now), units));
            w.used += units;
        }
        if recorded.blocked_until_ms > wall {
            let left = Duration::from_millis((recorded.blocked_until_ms - wall) as u64);
            w.blocked_until = Some(now + left);
        }
    }

    /// Writes the window to the ledger, if any (called with it locked).
    fn record(&self, w: &Window, now: Instant) {
        let Some(ledger) = &self.ledger else { return };
        let wall = now_ms();
        let at = |t: Instant| wall - now.saturating_duration_since(t).as_millis() as i64;
        let recorded = Recorded {
            grants: w.log.iter().map(|&(t, units)| (at(t), units)).collect(),
            blocked_until_ms: w.blocked_until.map_or(0, |t| {
                wall + t.saturating_duration_since(now).as_millis() as i64
            }),
        };
        if let Err(error) = ledger.save(&recorded) {
            tracing::warn!(message = "Could not write a rate budget's ledger; a restart may overrun the peer's limit.", %error);
        }
    }

    /// Grants nothing for `wait` from now.
    fn block(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if w.blocked_until.is_none_or(|t| t < until) {
            w.blocked_until = Some(until);
            self.record(&w, Instant::now());
        }
    }

    /// Spends `units` now, or says how long to wait before trying again.
    fn try_spend(&self, units: u32) -> Option<Duration> {
        let now = Instant::now();
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(until) = w.blocked_until {
            if until > now {
                return Some(until - now);
            }
            w.blocked_until = None;
        }
        while let Some(&(at, n)) = w.log.front() {
            if now.duration_since(at) < self.limits.window {
                break;
            }
            w.log.pop_front();
            w.used -= n;
        }
        // A call dearer than the whole window would never fit: let it through alone.
        let units = units.min(self.limits.units);
        if w.used + units <= self.limits.units {
            w.log.push_back((now, units));
            w.used += units;
            // On disk before the request goes out; and counted from when it
            // goes out, after the write: a slow disk (a loaded machine) must
            // not eat the window's margin (the soak's clean pass drew two
            // CRM 503s before this).
            if self.ledger.is_some() {
                self.record(&w, now);
                if let Some(last) = w.log.back_mut() {
                    last.0 = Instant::now();
                }
            }
            return None;
        }
        let mut freed = 0;
        for &(at, n) in &w.log {
            freed += n;
            if w.used - freed + units <= self.limits.units {
                return Some(self.limits.window.saturating_sub(now.duration_since(at)));
            }
        }
        Some(self.limits.window)
    }
}

#[async_trait]
impl RateBudget for LocalRateBudget {
    async fn acquire(&self, units: u32) -> Result<Permit> {
        // The slot first: units are then spent right before the request goes out.
        let slot = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closed");
        while let Some(wait) = self.try_spend(units) {
            tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
        }
        Ok(Permit::new(move || drop(slot)))
    }

    async fn throttled(&self, wait: Duration) {
        self.block(wait);
    }
}

/// The process's budgets, one per key (a tenant's MoySklad account, a CRM
/// API key).
#[derive(Clone, Default)]
pub struct LocalRateBudgets {
    budgets: Arc<Mutex<HashMap<String, Arc<LocalRateBudget>>>>,
    /// Whether a new budget first waits out one window (see `after_restart`).
    cold: bool,
    /// Where each budget keeps its ledger (see `after_restart`).
    ledgers: Option<PathBuf>,
}

impl LocalRateBudgets {
    /// Budgets for a process that may have just replaced one that crashed:
    /// the peer still counts what the dead process sent in the last window,
    /// which this one cannot know, so each budget grants nothing for its
    /// first window (1.25 s for the CRM, 3.3 s for MoySklad, once per start).
    pub fn after_restart() -> Self {
        LocalRateBudgets {
            budgets: Arc::default(),
            cold: true,
            ledgers: None,
        }
    }

    /// Budgets for a process that may have just replaced one that crashed,
    /// which left its grants in `dir` (`ledger`): each budget starts from
    /// them instead of waiting out a window. A `dir` not there yet may
    /// follow a release without ledgers: that start waits once, as
    /// `after_restart` does.
    pub fn with_ledgers(dir: PathBuf) -> Self {
        let cold = !dir.is_dir();
        if let Err(error) = std::fs::create_dir_all(&dir) {
            tracing::warn!(message = "Could not make the rate budgets' ledger directory.", %error);
            return LocalRateBudgets::after_restart();
        }
        LocalRateBudgets {
            budgets: Arc::default(),
            cold,
            ledgers: Some(dir),
        }
    }

    /// The budget of `key`, created with `limits` on first use and shared afterwards.
    pub fn get(&self, key: &str, limits: RateLimits) -> Arc<LocalRateBudget> {
        let mut map = self.budgets.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(key.to_owned())
            .or_insert_with(|| {
                let budget = match &self.ledgers {
                    Some(dir) => LocalRateBudget::with_ledger(limits, Ledger::new(dir, key)),
                    None => LocalRateBudget::new(limits),
                };
                if self.cold {
                    budget.block(limits.window);
                }
                Arc::new(budget)
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: RateLimits = RateLimits {
        units: 3,
        window: Duration::from_secs(2),
        parallel: RateLimits::UNCAPPED,
    };

    /// Issue 18 (chaos soak): a process killed every 1–3 s used to grant
    /// nothing for a whole window after each start (3.3 s for MoySklad), so
    /// no MoySklad call was ever made. With the ledger the new process
    /// starts from what the dead one spent: no more, and no less.
    #[tokio::test]
    async fn a_restarted_process_takes_over_the_dead_ones_window() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("budgets");
        // Not the first start: the directory is there.
        std::fs::create_dir(&dir).unwrap();
        let first = LocalRateBudgets::with_ledgers(dir.clone());
        let spent = first.get("t/moysklad", LIMITS);
        assert_eq!(spent.try_spend(2), None);
        // SIGKILL: the first process is gone; a second starts on the same dir.
        let second = LocalRateBudgets::with_ledgers(dir.clone());
        let resumed = second.get("t/moysklad", LIMITS);
        assert_eq!(resumed.try_spend(1), None, "one unit left in the window");
        let wait = resumed
            .try_spend(1)
            .expect("the dead process's units count");
        assert!(
            wait <= LIMITS.window && wait > Duration::from_secs(1),
            "{wait:?}"
        );
        let untouched = second.get("t/retailcrm", LIMITS);
        assert_eq!(untouched.try_spend(3), None, "no grant recorded: no wait");
    }

    #[tokio::test]
    async fn a_block_after_a_429_outlives_the_process() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("budgets");
        std::fs::create_dir(&dir).unwrap();
        let first = LocalRateBudgets::with_ledgers(dir.clone());
        first.get("t/crm", LIMITS).block(Duration::from_secs(2));
        let second = LocalRateBudgets::with_ledgers(dir);
        let wait = second
            .get("t/crm", LIMITS)
            .try_spend(1)
            .expect("still blocked");
        assert!(wait > Duration::from_secs(1), "{wait:?}");
    }

    /// No ledger directory yet (the first start, or after a release
    /// without ledgers that may have sent requests): one window's wait.
    #[tokio::test]
    async fn without_a_ledger_directory_the_first_window_waits() {
        let tmp = tempfile::tempdir().unwrap();
        let budgets = LocalRateBudgets::with_ledgers(tmp.path().join("budgets"));
        assert!(budgets.get("t/crm", LIMITS).try_spend(1).is_some());
    }
}
