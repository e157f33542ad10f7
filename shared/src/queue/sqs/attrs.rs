//! Conversions between the `Queue` port's types and SQS's: message decoding,
//! id rules, whole seconds and error mapping.

use crate::error::{Error, Result};
use crate::queue::Received;
use aws_sdk_sqs::error::{DisplayErrorContext, SdkError};
use aws_sdk_sqs::types::{Message, MessageSystemAttributeName};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// A received message and when it was first sent (to order dead letters).
pub(super) struct Delivered {
    pub received: Received,
    pub sent_ms: u64,
}

pub(super) fn decode(message: &Message) -> Result<Delivered> {
    let attribute =
        |name: MessageSystemAttributeName| message.attributes().and_then(|a| a.get(&name));
    let missing = |what: &str| Error::Storage(format!("sqs message without {what}"));
    let number = |name: MessageSystemAttributeName| -> Result<u64> {
        let raw = attribute(name.clone()).ok_or_else(|| missing(name.as_str()))?;
        raw.parse()
            .map_err(|_| Error::Storage(format!("sqs attribute {} = {raw:?}", name.as_str())))
    };
    let received = Received {
        message_id: message
            .message_id()
            .ok_or_else(|| missing("MessageId"))?
            .to_owned(),
        handle: message
            .receipt_handle()
            .ok_or_else(|| missing("ReceiptHandle"))?
            .to_owned(),
        // The record's group; messages sent before tenant lanes have only
        // their SQS group, which was the record's.
        group: match message
            .message_attributes()
            .and_then(|a| a.get(super::lanes::GROUP_ATTRIBUTE))
            .and_then(|v| v.string_value())
        {
            Some(group) => group.to_owned(),
            None => attribute(MessageSystemAttributeName::MessageGroupId)
                .ok_or_else(|| missing("MessageGroupId"))?
                .clone(),
        },
        body: message.body().unwrap_or_default().to_owned(),
        receive_count: u32::try_from(number(MessageSystemAttributeName::ApproximateReceiveCount)?)
            .unwrap_or(u32::MAX),
    };
    Ok(Delivered {
        received,
        sent_ms: number(MessageSystemAttributeName::SentTimestamp)?,
    })
}

/// SQS group and deduplication ids: 1..=128 characters, alphanumeric or ASCII punctuation.
pub(super) fn is_valid_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b.is_ascii_punctuation())
}

/// The dedupe id as SQS accepts it: unchanged when valid, else its SHA-256
/// (the same input always maps to the same id, so deduplication still holds).
pub(super) fn dedupe_id(raw: &str) -> String {
    if is_valid_id(raw) {
        raw.to_owned()
    } else {
        hex::encode(Sha256::digest(raw.as_bytes()))
    }
}

/// Whole seconds, rounded up: SQS takes integers, and rounding down could
/// make a message visible before its holder expects.
pub(super) fn seconds(duration: Duration) -> i32 {
    let whole = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
    i32::try_from(whole).unwrap_or(i32::MAX)
}

/// Any SDK failure is a storage error, retryable by the caller.
pub(super) fn sdk_error<E, R>(error: SdkError<E, R>) -> Error
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    Error::Storage(format!("sqs: {}", DisplayErrorContext(error)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_up() {
        assert_eq!(seconds(Duration::ZERO), 0);
        assert_eq!(seconds(Duration::from_millis(1)), 1);
        assert_eq!(seconds(Duration::from_millis(1000)), 1);
        assert_eq!(seconds(Duration::from_millis(1500)), 2);
    }

    #[test]
    fn dedupe_ids_outside_the_sqs_alphabet_are_hashed_stably() {
        assert_eq!(dedupe_id("crm:order:42#7"), "crm:order:42#7");
        let spaced = dedupe_id("has space");
        assert_eq!(spaced.len(), 64);
        assert_eq!(spaced, dedupe_id("has space"));
        assert_ne!(spaced, dedupe_id("has  space"));
        assert_eq!(dedupe_id(&"x".repeat(129)).len(), 64);
    }
}
