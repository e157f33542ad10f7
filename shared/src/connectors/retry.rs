//! When and how long to wait before repeating a request a peer could not
//! serve (throttling 429/503, other 5xx, timeouts, connection errors). One
//! policy for every connector, built once by `peers::Peers`; whether a
//! failed request may be sent again at all (a create without an idempotency
//! key after a timeout) stays the connector's call.

use rand::Rng;
use std::time::Duration;

/// Retry policy for one logical call: `attempts` tries in total, exponential
/// backoff from `base_delay` with jitter, never sleeping longer than
/// `max_delay` in-process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries, including the first one. `1` disables retrying.
    pub attempts: u32,
    /// The pause before the second try; doubled for each further try.
    pub base_delay: Duration,
    /// The longest pause we take in-process. A `Retry-After` above it ends the
    /// retries: the error goes back to the worker, which redelivers later.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The pause after failed try number `attempt` (1-based), or `None` if we
    /// should stop retrying in-process.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if attempt >= self.attempts {
            return None;
        }
        if let Some(asked) = retry_after {
            // The peer knows best; but a Lambda must not sleep for minutes.
            return (asked <= self.max_delay).then_some(asked);
        }
        let exp = self
            .base_delay
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.max_delay);
        // "Equal jitter": half fixed, half random, so concurrent workers that
        // were throttled together do not come back together.
        let half = exp / 2;
        let jitter_ms = rand::rng().random_range(0..=half.as_millis() as u64);
        Some(half + Duration::from_millis(jitter_ms))
    }
}

/// `Retry-After` in seconds (the HTTP-date form is not used by our peers).
pub fn parse_retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let raw = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    raw.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_bounds() {
        let p = RetryPolicy {
            attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
        };
        let d1 = p.delay(1, None).unwrap();
        assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
        let d3 = p.delay(3, None).unwrap();
        assert!(d3 >= Duration::from_millis(150) && d3 <= Duration::from_millis(300));
        assert_eq!(p.delay(5, None), None, "no pause after the last try");
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(p.delay(1, Some(Duration::from_secs(60))), None);
    }
}
