//! Shared batch requests: the items that concurrent callers on one shop send
//! to `customers/batch` (each worker message is one ERP third party, a few
//! accounts) are joined into requests of up to [`BATCH_LIMIT`] items.
//!
//! Why: a first sync of 10,000 third parties would otherwise cost one
//! request per third party, at a shop whose host serves a few requests a
//! second, while WooCommerce takes 100 items a request. Batch items are
//! independent (WooCommerce applies them one by one, no transaction), so
//! joining callers changes no outcome: each caller gets back exactly its
//! own items' outcomes, in its order, and a request that fails as a whole
//! fails every caller in it with the same (retryable or not) error.
//!
//! A request is sent when it is full, or `linger` after its first item
//! arrived: the price of joining is at most that much latency per message.
//! The request runs on a task of its own, so a caller that goes away (its
//! handler cancelled) never strands the others.

use super::batch::{BATCH_LIMIT, BatchOp, ItemOutcome};
use super::client::WooCommerce;
use super::errors::PEER;
use crate::error::{Error, Result};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;

/// The open request of one shop; see the module docs.
pub struct Coalescer {
    linger: Duration,
    open: Mutex<Option<Open>>,
    next_id: AtomicU64,
}

/// Items waiting for their request, and who waits for which.
struct Open {
    id: u64,
    ops: Vec<BatchOp>,
    /// Each caller's item count, in the order its items were added.
    waiters: Vec<(usize, oneshot::Sender<Result<Vec<ItemOutcome>>>)>,
}

impl Coalescer {
    /// A request waits at most `linger` for more items before it is sent.
    pub fn new(linger: Duration) -> Self {
        Coalescer {
            linger,
            open: Mutex::new(None),
            next_id: AtomicU64::new(1),
        }
    }

    /// Runs `ops` (at most [`BATCH_LIMIT`]) inside a shared request sent
    /// with `client`; returns their outcomes in order.
    pub(super) async fn run(
        self: Arc<Self>,
        client: &WooCommerce,
        ops: Vec<BatchOp>,
    ) -> Result<Vec<ItemOutcome>> {
        debug_assert!(ops.len() <= BATCH_LIMIT);
        let (tx, rx) = oneshot::channel();
        let mut ready = Vec::new();
        let mut timer = None;
        {
            let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
            if open
                .as_ref()
                .is_some_and(|o| o.ops.len() + ops.len() > BATCH_LIMIT)
            {
                ready.extend(open.take());
            }
            let batch = open.get_or_insert_with(|| {
                let id = self.next_id.fetch_add(1, Ordering::Relaxed);
                timer = Some(id);
                Open {
                    id,
                    ops: Vec::new(),
                    waiters: Vec::new(),
                }
            });
            batch.waiters.push((ops.len(), tx));
            batch.ops.extend(ops);
            if batch.ops.len() >= BATCH_LIMIT {
                ready.extend(open.take());
                timer = None;
            }
        }
        for batch in ready {
            tokio::spawn(send(client.clone(), batch));
        }
        if let Some(id) = timer {
            let client = client.clone();
            let this = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(this.linger).await;
                let batch = {
                    let mut open = this.open.lock().unwrap_or_else(|e| e.into_inner());
                    match open.as_ref() {
                        Some(o) if o.id == id => open.take(),
                        _ => None,
                    }
                };
                if let Some(batch) = batch {
                    send(client, batch).await;
                }
            });
        }
        rx.await.unwrap_or_else(|_| {
            Err(Error::PeerUnavailable {
                peer: PEER,
                message: "the shared batch request was abandoned".into(),
                retry_after: None,
            })
        })
    }
}

/// Sends one request and hands each caller its own outcomes.
async fn send(client: WooCommerce, batch: Open) {
    match client.batch_once(&batch.ops).await {
        Ok(outcomes) => {
            let mut outcomes = outcomes.into_iter();
            for (count, waiter) in batch.waiters {
                let _ = waiter.send(Ok(outcomes.by_ref().take(count).collect()));
            }
        }
        Err(error) => {
            for (_, waiter) in batch.waiters {
                let _ = waiter.send(Err(error.clone()));
            }
        }
    }
}
