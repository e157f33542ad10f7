//! What makes the emulator unkind on purpose: injected faults (the next n
//! requests, or the next n requests to one path, fail with a status) and
//! the CRM's rate limit (about 10 requests per second per API key, answered
//! 503 above it), so tests see what production does to a burst.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// The next `remaining` requests (to `path`, if set) fail with `status`
/// (and `Retry-After`, if set).
#[derive(Debug, Clone)]
pub(crate) struct Fault {
    pub remaining: u32,
    pub status: u16,
    pub retry_after: Option<u64>,
    /// Only requests to this path (after `/api/v5`, e.g. `/orders/create`).
    pub path: Option<String>,
    /// Only requests one of whose parameters contains this text.
    pub mentioning: Option<String>,
    /// Matching requests to let through before the first failure.
    pub skip: u32,
}

impl Fault {
    /// The next `remaining` requests, whatever they are.
    pub fn next(remaining: u32, status: u16) -> Self {
        Fault {
            remaining,
            status,
            retry_after: None,
            path: None,
            mentioning: None,
            skip: 0,
        }
    }
}

/// The next `remaining` answers to `path` are held back for `delay` after
/// the request was applied: a client that gives up (or dies) meanwhile has
/// made a write it never heard about.
#[derive(Debug, Clone)]
pub(crate) struct SlowAnswer {
    pub path: String,
    pub remaining: u32,
    pub delay: std::time::Duration,
}

/// The delay of the next answer to `path`, spent by one.
pub(crate) fn take_delay(slow: &mut [SlowAnswer], path: &str) -> Option<std::time::Duration> {
    let hit = slow
        .iter_mut()
        .find(|s| s.remaining > 0 && s.path == path)?;
    hit.remaining -= 1;
    Some(hit.delay)
}

/// A sliding one-second window of request arrivals per API key.
#[derive(Debug, Default)]
pub(crate) struct RateLimit {
    pub per_second: u32,
    arrivals: VecDeque<Instant>,
    /// Requests refused for going over the limit.
    pub refused: u64,
}

impl RateLimit {
    pub fn new(per_second: u32) -> Self {
        RateLimit {
            per_second,
            ..RateLimit::default()
        }
    }

    /// Counts one arrival; `false` when it is over the limit (the CRM
    /// counts refused requests too: hammering keeps you throttled).
    pub fn admit(&mut self, now: Instant) -> bool {
        while self
            .arrivals
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            self.arrivals.pop_front();
        }
        let admitted = (self.arrivals.len() as u32) < self.per_second;
        if admitted {
            self.arrivals.push_back(now);
        } else {
            self.refused += 1;
        }
        admitted
    }
}

/// The first fault that applies to a request, spent by one.
pub(crate) fn take_fault(
    faults: &mut [Fault],
    path: &str,
    params: &[(String, String)],
) -> Option<(u16, Option<u64>)> {
    let applies = |f: &Fault| {
        f.remaining > 0
            && f.path.as_deref().is_none_or(|p| p == path)
            && f.mentioning
                .as_deref()
                .is_none_or(|text| params.iter().any(|(_, v)| v.contains(text)))
    };
    let fault = faults.iter_mut().find(|f| applies(f))?;
    if fault.skip > 0 {
        fault.skip -= 1;
        return None;
    }
    fault.remaining -= 1;
    Some((fault.status, fault.retry_after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_slides() {
        let mut limit = RateLimit::new(2);
        let t0 = Instant::now();
        assert!(limit.admit(t0));
        assert!(limit.admit(t0 + Duration::from_millis(10)));
        assert!(!limit.admit(t0 + Duration::from_millis(500)));
        assert!(limit.admit(t0 + Duration::from_millis(1000)));
        assert_eq!(limit.refused, 1);
    }
}
