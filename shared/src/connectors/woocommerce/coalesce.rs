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
//! Each request has a sender task. It waits `linger` after the first item
//! (or until the request is full), then for the shop's rate budget, and
//! only then closes the request: while the budget holds it back, the
//! request keeps filling, so a throttled shop gets fuller requests rather
//! than more of them. The task owns the request, so a caller that goes away
//! (its handler cancelled) never strands the others.

use super::batch_ops::{BATCH_LIMIT, BatchOp, ItemOutcome};
use super::errors::PEER;
use crate::budget::Permit;
use crate::error::{Error, Result};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{Notify, oneshot};

type Waiter = oneshot::Sender<Result<Vec<ItemOutcome>>>;

/// What sends a shared request: the shop's client (kept as a trait so this
/// file does not depend on the client that holds it).
pub(super) trait BatchSender: Clone + Send + Sync + 'static {
    /// A permit of the shop's budget, if it has one.
    fn permit(&self) -> impl Future<Output = Result<Option<Permit>>> + Send;
    /// One `customers/batch` request with `ops`, spending `granted`.
    fn batch_once(
        &self,
        ops: &[BatchOp],
        granted: Option<Permit>,
    ) -> impl Future<Output = Result<Vec<ItemOutcome>>> + Send;
}

/// The requests of one shop; see the module docs.
pub struct Coalescer {
    linger: Duration,
    /// The request taking items, if any.
    open: Mutex<Option<Arc<Request>>>,
}

/// One shared request being filled.
#[derive(Default)]
struct Request {
    items: Mutex<Items>,
    /// Told when the request is full: it leaves without lingering.
    full: Notify,
}

#[derive(Default)]
struct Items {
    ops: Vec<BatchOp>,
    /// Each caller's item count, in the order its items were added.
    waiters: Vec<(usize, Waiter)>,
    /// Takes no more items: full, or being sent.
    closed: bool,
}

impl Coalescer {
    /// A request waits at least `linger` for more items before it is sent.
    pub fn new(linger: Duration) -> Self {
        Coalescer {
            linger,
            open: Mutex::new(None),
        }
    }

    /// Runs `ops` (at most [`BATCH_LIMIT`]) inside a shared request sent
    /// with `client`; returns their outcomes in order.
    pub(super) async fn run<S: BatchSender>(
        self: Arc<Self>,
        client: &S,
        ops: Vec<BatchOp>,
    ) -> Result<Vec<ItemOutcome>> {
        let (tx, rx) = oneshot::channel();
        {
            let mut open = lock(&self.open);
            let refused = match open.as_ref() {
                Some(request) => request.offer(ops, tx).err(),
                None => Some((ops, tx)),
            };
            if let Some((ops, tx)) = refused {
                // The open request is closing or too full for these items:
                // it leaves now, and they open the next one.
                if let Some(old) = open.as_ref() {
                    old.close();
                }
                let request = Arc::new(Request::default());
                if let Err((_, tx)) = request.offer(ops, tx) {
                    let _ = tx.send(Err(Error::Invalid("a batch of more than 100 items".into())));
                }
                *open = Some(request.clone());
                tokio::spawn(self.clone().send(client.clone(), request));
            }
        }
        rx.await.unwrap_or_else(|_| {
            Err(Error::PeerUnavailable {
                peer: PEER,
                message: "the shared batch request was abandoned".into(),
                retry_after: None,
            })
        })
    }

    /// The request's sender: lingers (unless it fills up), waits for the
    /// budget while more items join, then sends and hands out the outcomes.
    async fn send<S: BatchSender>(self: Arc<Self>, client: S, request: Arc<Request>) {
        tokio::select! {
            _ = tokio::time::sleep(self.linger) => {}
            _ = request.full.notified() => {}
        }
        let permit = client.permit().await;
        {
            let mut open = lock(&self.open);
            if open.as_ref().is_some_and(|r| Arc::ptr_eq(r, &request)) {
                *open = None;
            }
        }
        let (ops, waiters) = {
            let mut items = lock(&request.items);
            items.closed = true;
            (
                std::mem::take(&mut items.ops),
                std::mem::take(&mut items.waiters),
            )
        };
        let result = match permit {
            Ok(permit) => client.batch_once(&ops, permit).await,
            Err(failure) => Err(failure),
        };
        match result {
            Ok(outcomes) => {
                let mut outcomes = outcomes.into_iter();
                for (count, waiter) in waiters {
                    let _ = waiter.send(Ok(outcomes.by_ref().take(count).collect()));
                }
            }
            Err(error) => {
                for (_, waiter) in waiters {
                    let _ = waiter.send(Err(error.clone()));
                }
            }
        }
    }
}

impl Request {
    /// Adds a caller's items, unless the request is closed or they do not
    /// fit; then hands them back.
    fn offer(&self, ops: Vec<BatchOp>, waiter: Waiter) -> Result<(), (Vec<BatchOp>, Waiter)> {
        let mut items = lock(&self.items);
        if items.closed || items.ops.len() + ops.len() > BATCH_LIMIT {
            return Err((ops, waiter));
        }
        items.waiters.push((ops.len(), waiter));
        items.ops.extend(ops);
        if items.ops.len() == BATCH_LIMIT {
            items.closed = true;
            self.full.notify_one();
        }
        Ok(())
    }

    /// Takes no more items and leaves as soon as the budget allows.
    fn close(&self) {
        lock(&self.items).closed = true;
        self.full.notify_one();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
