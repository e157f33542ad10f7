//! Configuration read from the environment (the Lambda functions' settings).

use crate::error::{Error, Result};

/// A non-empty environment variable, or an error that names it.
pub fn required(name: &str) -> Result<String> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        _ => Err(Error::Invalid(format!(
            "environment variable {name} is not set"
        ))),
    }
}
