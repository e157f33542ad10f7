//! Failed sign-ins, counted per source address: after `max_failures` wrong
//! keys or tokens within `window`, the source is refused (429 with
//! `Retry-After`) until its window ends, whatever it presents then, so
//! guessing cannot go on behind the refusals.
//!
//! Memory is bounded: at most `capacity` sources are tracked; a full table
//! first drops the windows that have ended, then the oldest one. IPv6
//! sources count per /64, which one client usually holds whole. The counts
//! live in the process (on Lambda: per warm instance), so this slows one
//! source down; API Gateway's throttling bounds the total.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Wrong keys or tokens a source may present per window.
pub const MAX_FAILURES: u32 = 10;
/// How long a source's failures count.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Sources tracked at most (about 50 bytes each).
pub const CAPACITY: usize = 10_000;

/// The per-source failure counts. Cheap to clone (shared).
#[derive(Clone)]
pub struct SignInLimit {
    max_failures: u32,
    window: Duration,
    capacity: usize,
    sources: Arc<Mutex<HashMap<IpAddr, Failures>>>,
}

#[derive(Clone, Copy)]
struct Failures {
    since: Instant,
    count: u32,
}

impl Default for SignInLimit {
    fn default() -> Self {
        SignInLimit::new(MAX_FAILURES, WINDOW, CAPACITY)
    }
}

impl SignInLimit {
    pub fn new(max_failures: u32, window: Duration, capacity: usize) -> Self {
        SignInLimit {
            max_failures,
            window,
            capacity: capacity.max(1),
            sources: Arc::default(),
        }
    }

    /// How long `source` must wait before it may sign in again; `None` if it may now.
    pub fn retry_after(&self, source: IpAddr, now: Instant) -> Option<Duration> {
        let sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        let failures = sources.get(&bucket(source))?;
        let ends = failures.since + self.window;
        (failures.count >= self.max_failures && now < ends).then(|| ends - now)
    }

    /// Counts one failed sign-in of `source`.
    pub fn failed(&self, source: IpAddr, now: Instant) {
        let mut sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        let key = bucket(source);
        if !sources.contains_key(&key) && sources.len() >= self.capacity {
            let window = self.window;
            sources.retain(|_, f| now < f.since + window);
            if sources.len() >= self.capacity
                && let Some(oldest) = sources.iter().min_by_key(|(_, f)| f.since).map(|(k, _)| *k)
            {
                sources.remove(&oldest);
            }
        }
        let failures = sources.entry(key).or_insert(Failures {
            since: now,
            count: 0,
        });
        if now >= failures.since + self.window {
            *failures = Failures {
                since: now,
                count: 0,
            };
        }
        failures.count = failures.count.saturating_add(1);
    }

    /// Sources tracked now.
    pub fn tracked(&self) -> usize {
        self.sources.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// The address failures are counted under: IPv6 per /64.
fn bucket(source: IpAddr) -> IpAddr {
    match source {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap()
    }

    #[test]
    fn refuses_a_source_after_its_failures_until_the_window_ends() {
        let limit = SignInLimit::new(3, Duration::from_secs(60), 100);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limit.retry_after(ip("10.0.0.1"), t0), None);
            limit.failed(ip("10.0.0.1"), t0);
        }
        let t1 = t0 + Duration::from_secs(20);
        assert_eq!(
            limit.retry_after(ip("10.0.0.1"), t1),
            Some(Duration::from_secs(40))
        );
        assert_eq!(
            limit.retry_after(ip("10.0.0.2"), t1),
            None,
            "others sign in"
        );
        let t2 = t0 + Duration::from_secs(60);
        assert_eq!(limit.retry_after(ip("10.0.0.1"), t2), None, "window over");
        limit.failed(ip("10.0.0.1"), t2);
        assert_eq!(limit.retry_after(ip("10.0.0.1"), t2), None, "a new window");
    }

    #[test]
    fn ipv6_counts_per_64_and_memory_stays_bounded() {
        let limit = SignInLimit::new(2, Duration::from_secs(60), 3);
        let t0 = Instant::now();
        limit.failed(ip("2001:db8::1"), t0);
        limit.failed(ip("2001:db8::2"), t0);
        assert!(limit.retry_after(ip("2001:db8::ffff"), t0).is_some());
        for i in 0..1000u32 {
            limit.failed(
                IpAddr::from(i.to_be_bytes()),
                t0 + Duration::from_millis(i.into()),
            );
        }
        assert_eq!(limit.tracked(), 3);
    }
}
