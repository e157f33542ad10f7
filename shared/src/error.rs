//! Library error type. Every error knows whether retrying the same work later
//! may succeed: the worker uses that to leave a message for redelivery or to
//! journal it and let it go to the dead-letter queue.

use std::time::Duration;

/// An error raised anywhere in the library. `Clone`, so one failed request
/// shared by several callers (a coalesced batch) fails each of them.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Input that can never be processed (malformed payload, bad settings).
    #[error("invalid input: {0}")]
    Invalid(String),

    /// The tenant is not configured.
    #[error("unknown tenant {0}")]
    UnknownTenant(String),

    /// A peer answered with an error that retrying will not fix (4xx).
    #[error("{peer} rejected the request ({status}): {message}")]
    PeerRejected {
        peer: &'static str,
        status: u16,
        message: String,
    },

    /// A peer is throttling, unavailable or timed out (429, 5xx, network).
    #[error("{peer} unavailable: {message}")]
    PeerUnavailable {
        peer: &'static str,
        message: String,
        retry_after: Option<Duration>,
    },

    /// A peer's credentials were refused: a human must fix the settings.
    #[error("{peer} refused our credentials: {message}")]
    PeerAuth { peer: &'static str, message: String },

    /// This worker held a link claim past its limit and another worker took
    /// it over; the retry finds the link that worker completed.
    #[error("the claim on link {0} was taken over by another worker")]
    ClaimLost(String),

    /// Another worker holds something this work needs (a job's lease, a
    /// checkpoint that moved); try again later.
    #[error("busy: {0}")]
    Busy(String),

    /// The store or the queue failed (I/O, throttling, connection).
    #[error("storage error: {0}")]
    Storage(String),

    /// The database file was written by a newer release (its schema version
    /// is past the last migration this binary knows). Refused before any
    /// use; retrying will not help: run the newer release or restore a
    /// backup taken before the upgrade.
    #[error(
        "the database schema is version {found}, newer than this release knows ({known}); run the release that wrote it"
    )]
    SchemaTooNew { found: i64, known: i64 },
}

impl Error {
    /// Whether the same work may succeed if tried again later.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::PeerUnavailable { .. }
                | Error::ClaimLost(_)
                | Error::Busy(_)
                | Error::Storage(_)
        )
    }

    /// Whether the work only has to wait (another worker's claim or lease,
    /// a peer's rate limit that said when to come back): a retry then is
    /// not a failed attempt, and never brings the message closer to the
    /// dead letters.
    pub fn is_wait(&self) -> bool {
        matches!(
            self,
            Error::ClaimLost(_)
                | Error::Busy(_)
                | Error::PeerUnavailable {
                    retry_after: Some(_),
                    ..
                }
        )
    }

    /// The delay a peer asked for before the next attempt, if it gave one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::PeerUnavailable { retry_after, .. } => *retry_after,
            Error::ClaimLost(_) => Some(Duration::from_millis(200)),
            _ => None,
        }
    }

    pub fn storage(e: impl std::fmt::Display) -> Self {
        Error::Storage(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_on_others_or_a_rate_limit_is_not_a_failure() {
        let unavailable = |retry_after| Error::PeerUnavailable {
            peer: "retailcrm",
            message: "503".into(),
            retry_after,
        };
        assert!(unavailable(Some(Duration::from_secs(1))).is_wait());
        assert!(Error::Busy("lease".into()).is_wait());
        assert!(Error::ClaimLost("link".into()).is_wait());
        // Retryable, but a failed attempt: nobody said when to come back.
        let failure = unavailable(None);
        assert!(failure.is_retryable() && !failure.is_wait());
        assert!(!Error::Storage("io".into()).is_wait());
        assert!(!Error::Invalid("x".into()).is_wait());
    }
}
