//! A string that must never reach a log: API keys, tokens, webhook secrets.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Holds a secret; `Debug` and `Display` print a placeholder.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends or checks it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `presented` is this secret, compared in constant time (of
    /// SHA-256 digests, so lengths do not leak either). An empty secret
    /// matches nothing: an unset token never opens a door.
    pub fn matches(&self, presented: &str) -> bool {
        use sha2::{Digest, Sha256};
        let (a, b) = (
            Sha256::digest(self.0.as_bytes()),
            Sha256::digest(presented.as_bytes()),
        );
        let same = a
            .iter()
            .zip(b.iter())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0;
        !self.is_empty() && same
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn matches_only_the_same_non_empty_secret() {
        let s = Secret::new("0123456789abcdef");
        assert!(s.matches("0123456789abcdef"));
        assert!(!s.matches("0123456789abcdeF") && !s.matches(""));
        assert!(
            !Secret::default().matches(""),
            "an unset secret matches nothing"
        );
    }
}
