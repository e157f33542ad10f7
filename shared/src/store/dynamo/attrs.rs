//! Attribute-value helpers, expiry stamps and SDK error mapping shared by the
//! `DynamoStore` modules.

use crate::error::{Error, Result};
use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

/// One DynamoDB item.
pub(super) type Item = HashMap<String, AttributeValue>;

pub(super) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub(super) fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// The JSON encoding of `value` as a string attribute.
pub(super) fn json(value: &impl Serialize) -> Result<AttributeValue> {
    serde_json::to_string(value)
        .map(AttributeValue::S)
        .map_err(Error::storage)
}

pub(super) fn get_s<'a>(item: &'a Item, name: &str) -> Result<&'a str> {
    match item.get(name) {
        Some(AttributeValue::S(value)) => Ok(value),
        _ => Err(malformed(name)),
    }
}

pub(super) fn get_n<T: FromStr>(item: &Item, name: &str) -> Result<T> {
    match item.get(name) {
        Some(AttributeValue::N(value)) => value.parse().map_err(|_| malformed(name)),
        _ => Err(malformed(name)),
    }
}

pub(super) fn get_json<T: DeserializeOwned>(item: &Item, name: &str) -> Result<T> {
    serde_json::from_str(get_s(item, name)?)
        .map_err(|e| Error::Storage(format!("attribute {name}: {e}")))
}

fn malformed(name: &str) -> Error {
    Error::Storage(format!("stored item has no valid attribute {name}"))
}

/// Whether an item carrying `expires_ms` has expired at `now_ms`. Items
/// without the attribute never expire.
pub(super) fn is_expired(item: &Item, now_ms: i64) -> bool {
    get_n::<i64>(item, "expires_ms").is_ok_and(|at| at <= now_ms)
}

/// The two expiry attributes of an item that lives `ttl` from `now_ms`:
/// `expires_at` in whole seconds rounded up (the TTL reaper must never delete
/// early) and the exact `expires_ms` that reads compare with.
pub(super) fn expiry(now_ms: i64, ttl: Duration) -> [(&'static str, AttributeValue); 2] {
    let at_ms = now_ms.saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
    let at_s = at_ms.div_euclid(1000) + i64::from(at_ms.rem_euclid(1000) != 0);
    [("expires_at", n(at_s)), ("expires_ms", n(at_ms))]
}

/// Any SDK failure is a storage error: throttling, network and service faults
/// may all pass when the work is retried.
pub(super) fn sdk_error<E, R>(error: SdkError<E, R>) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    Error::Storage(format!("dynamodb: {}", DisplayErrorContext(error)))
}
