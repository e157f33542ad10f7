//! Conditional puts that survive the SDK's own retries.
//!
//! The SDK retries a request whose answer was lost (timeout, reset
//! connection). If the first attempt had in fact been written, the retry fails
//! its own condition and a naive caller would report "someone else was
//! first" about its own write, e.g. skip work guarded by an idempotency key
//! nobody else holds. Every conditional write therefore carries a fresh
//! `writer` token; a failed condition on an item bearing our token is a
//! success.

use super::attrs::{Item, get_s, s, sdk_error};
use crate::error::Result;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::put_item::builders::PutItemFluentBuilder;
use aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure;

/// What became of a conditional put.
pub(super) enum Written {
    /// Our item is stored.
    Done,
    /// The condition failed; the item that made it fail, when there is one.
    Lost(Option<Item>),
}

/// Sends `put` (which carries its condition) tagged with a new writer token.
pub(super) async fn conditional_put(put: PutItemFluentBuilder) -> Result<Written> {
    let token = uuid::Uuid::new_v4().to_string();
    let sent = put
        .item("writer", s(&token))
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .send()
        .await;
    let error = match sent {
        Ok(_) => return Ok(Written::Done),
        Err(error) => error,
    };
    let Some(PutItemError::ConditionalCheckFailedException(failed)) = error.as_service_error()
    else {
        return Err(sdk_error(error));
    };
    let current = failed.item().cloned();
    let ours = current
        .as_ref()
        .is_some_and(|item| get_s(item, "writer").is_ok_and(|w| w == token));
    Ok(if ours {
        Written::Done
    } else {
        Written::Lost(current)
    })
}
