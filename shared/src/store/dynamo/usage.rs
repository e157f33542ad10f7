//! Usage counters: one `TransactWriteItems` of the done-key's conditional
//! put and an `ADD` on the day's counter item, so the count is exactly
//! once. A lost condition cancels the whole transaction (nothing counted).
//!
//! The SDK retries a transaction whose answer was lost; the request's
//! `ClientRequestToken` makes DynamoDB answer such a retry with the first
//! attempt's success instead of running it again (for ten minutes), the
//! transactional counterpart of `conditional`'s writer token.

use super::DynamoStore;
use super::attrs::{Item, expiry, get_n, get_s, n, s, sdk_error};
use super::schema::{idempotency_sk, tenant_pk, usage_sk};
use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Day, Meter, PutOutcome, UsageRow};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{Put, TransactWriteItem, Update};
use std::time::Duration;

#[async_trait::async_trait]
impl crate::store::Usage for DynamoStore {
    async fn claim_metered(
        &self,
        tenant: &TenantId,
        key: &str,
        ttl: Duration,
        meter: Meter<'_>,
    ) -> Result<PutOutcome<()>> {
        let now = now_ms();
        let mut put = Put::builder()
            .table_name(self.table())
            .item("pk", s(tenant_pk(tenant)))
            .item("sk", s(idempotency_sk(key)))
            .condition_expression("attribute_not_exists(pk) OR expires_ms <= :now")
            .expression_attribute_values(":now", n(now));
        for (name, value) in expiry(now, ttl) {
            put = put.item(name, value);
        }
        let count = Update::builder()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(usage_sk(meter.day, meter.flow)))
            .update_expression("ADD ops :one SET #day = :day, flow = :flow")
            .expression_attribute_names("#day", "day")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":day", s(meter.day.to_string()))
            .expression_attribute_values(":flow", s(meter.flow));
        let sent = self
            .client
            .transact_write_items()
            .client_request_token(uuid::Uuid::new_v4().to_string())
            .transact_items(
                TransactWriteItem::builder()
                    .put(put.build().map_err(Error::storage)?)
                    .build(),
            )
            .transact_items(
                TransactWriteItem::builder()
                    .update(count.build().map_err(Error::storage)?)
                    .build(),
            )
            .send()
            .await;
        let error = match sent {
            Ok(_) => return Ok(PutOutcome::Created),
            Err(error) => error,
        };
        if let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
            error.as_service_error()
        {
            let key_taken = cancelled
                .cancellation_reasons()
                .first()
                .and_then(|reason| reason.code())
                == Some("ConditionalCheckFailed");
            if key_taken {
                return Ok(PutOutcome::Exists(()));
            }
        }
        Err(sdk_error(error))
    }

    async fn usage(&self, tenant: &TenantId, from: Day, to: Day) -> Result<Vec<UsageRow>> {
        let mut rows = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let page = self
                .client
                .query()
                .table_name(self.table())
                .key_condition_expression("pk = :pk AND sk BETWEEN :from AND :to")
                .expression_attribute_values(":pk", s(tenant_pk(tenant)))
                .expression_attribute_values(":from", s(format!("U#{from}")))
                // `$` sorts right after `#`: every flow of day `to`, nothing of the next.
                .expression_attribute_values(":to", s(format!("U#{to}$")))
                .consistent_read(true)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(sdk_error)?;
            for item in page.items() {
                rows.push(row(item)?);
            }
            match page.last_evaluated_key() {
                Some(key) if !key.is_empty() => start = Some(key.clone()),
                _ => break,
            }
        }
        Ok(rows)
    }
}

fn row(item: &Item) -> Result<UsageRow> {
    let day = get_s(item, "day")?;
    Ok(UsageRow {
        day: Day::parse(day)
            .ok_or_else(|| Error::Storage(format!("usage counter with a bad day {day:?}")))?,
        flow: get_s(item, "flow")?.to_owned(),
        operations: get_n(item, "ops")?,
    })
}
