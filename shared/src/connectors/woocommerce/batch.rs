//! `POST /customers/batch {create, update, delete}`: WooCommerce takes at
//! most [`BATCH_LIMIT`] items a request, applies them one by one (no
//! transaction) and answers 200 with, for each item, the customer or
//! `{id, error:{code, message, data}}`. We split larger sets and hand back
//! one outcome per operation, in the order given.

use super::batch_ops::{BATCH_LIMIT, BatchOp, ItemOutcome};
use super::client::WooCommerce;
use super::coalesce::BatchSender;
use super::errors::{EMAIL_EXISTS, PEER};
use super::wire::{CustomerWrite, WooCustomer};
use crate::budget::Permit;
use crate::error::{Error, Result};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize, Default)]
#[serde(default)]
struct BatchAnswer {
    create: Vec<Value>,
    update: Vec<Value>,
    delete: Vec<Value>,
}

impl WooCommerce {
    /// Runs `ops` in requests of at most [`BATCH_LIMIT`] items. A request that
    /// fails as a whole (auth, unavailable) ends the run with its error; the
    /// requests before it are done (WooCommerce has no transaction to undo).
    ///
    /// With a coalescer (`with_coalescer`), each request may also carry other
    /// callers' items (see `coalesce`); the outcomes handed back are ours.
    pub async fn customers_batch(&self, ops: Vec<BatchOp>) -> Result<Vec<ItemOutcome>> {
        let mut outcomes = Vec::with_capacity(ops.len());
        let mut ops = ops.into_iter().peekable();
        while ops.peek().is_some() {
            let chunk: Vec<BatchOp> = ops.by_ref().take(BATCH_LIMIT).collect();
            outcomes.extend(match &self.coalescer {
                Some(coalescer) => coalescer.clone().run(self, chunk).await?,
                None => self.batch_once(&chunk, None).await?,
            });
        }
        Ok(outcomes)
    }

    /// One `customers/batch` request of at most [`BATCH_LIMIT`] items;
    /// `granted`: a budget permit already taken for it.
    pub(super) async fn batch_once(
        &self,
        ops: &[BatchOp],
        granted: Option<Permit>,
    ) -> Result<Vec<ItemOutcome>> {
        let (mut create, mut update, mut delete) = (Vec::new(), Vec::new(), Vec::new());
        for op in ops {
            match op {
                BatchOp::Create(c) => create.push(to_json(c)?),
                // WooCommerce skips a delete of id 0 without a word, which
                // would shift every outcome after it.
                BatchOp::Update { id, .. } | BatchOp::Delete(id) if *id <= 0 => {
                    return Err(Error::Invalid(format!("no customer has id {id}")));
                }
                BatchOp::Update { id, fields } => {
                    let mut v = to_json(fields)?;
                    v["id"] = json!(id);
                    update.push(v);
                }
                BatchOp::Delete(id) => delete.push(json!(id)),
            }
        }
        let body = json!({"create": create, "update": update, "delete": delete});
        let answer: BatchAnswer = self
            .wc(
                Method::POST,
                "customers/batch",
                Vec::new(),
                Some(body),
                granted,
            )
            .await?
            .value;
        // Each section answers its items in the order sent.
        let (mut c, mut u, mut d) = (
            answer.create.into_iter(),
            answer.update.into_iter(),
            answer.delete.into_iter(),
        );
        ops.iter()
            .map(|op| {
                let (item, id) = match op {
                    BatchOp::Create(_) => (c.next(), 0),
                    BatchOp::Update { id, .. } => (u.next(), *id),
                    BatchOp::Delete(id) => (d.next(), *id),
                };
                let item = item.ok_or_else(|| short_answer(op))?;
                outcome(op, id, item)
            })
            .collect()
    }
}

fn outcome(op: &BatchOp, id: i64, item: Value) -> Result<ItemOutcome> {
    if let Some(error) = item.get("error") {
        let code = error["code"].as_str().unwrap_or_default().to_owned();
        let message = error["message"].as_str().unwrap_or_default().to_owned();
        let status = error["data"]["status"].as_u64().map(|s| s as u16);
        return Ok(match code.as_str() {
            EMAIL_EXISTS => ItemOutcome::EmailExists { message },
            // 404 from delete (`wc_user_invalid_id`), 400 from update.
            "wc_user_invalid_id" | "woocommerce_rest_invalid_id" => ItemOutcome::NotFound { id },
            _ => ItemOutcome::Failed {
                code,
                message,
                status,
            },
        });
    }
    let customer: WooCustomer = serde_json::from_value(item).map_err(|e| Error::PeerRejected {
        peer: PEER,
        status: 200,
        message: format!("unexpected batch item: {e}"),
    })?;
    Ok(match op {
        BatchOp::Create(_) => ItemOutcome::Created(customer),
        BatchOp::Update { .. } => ItemOutcome::Updated(customer),
        BatchOp::Delete(_) => ItemOutcome::Deleted(customer),
    })
}

fn to_json(c: &CustomerWrite) -> Result<Value> {
    serde_json::to_value(c).map_err(|e| Error::Invalid(e.to_string()))
}

fn short_answer(op: &BatchOp) -> Error {
    Error::PeerRejected {
        peer: PEER,
        status: 200,
        message: format!("the batch answer has no item for {op:?}"),
    }
}

/// The coalescer sends its shared requests through the client.
impl BatchSender for WooCommerce {
    async fn permit(&self) -> Result<Option<Permit>> {
        WooCommerce::permit(self).await.map_err(Into::into)
    }

    async fn batch_once(
        &self,
        ops: &[BatchOp],
        granted: Option<Permit>,
    ) -> Result<Vec<ItemOutcome>> {
        WooCommerce::batch_once(self, ops, granted).await
    }
}
