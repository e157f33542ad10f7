//! Pulls messages from a `Queue` and runs the `Worker` on them (the local
//! runtime's counterpart of the SQS event source mapping).
//!
//! On stop (see `run`) a loop takes no new message: the one it is handling
//! gets `WORKER_GRACE` to finish; the rest of its batch goes back to the
//! queue at once (never started, so safe to hand to anyone). A message not
//! finished within the grace is abandoned, not acknowledged: it comes back
//! after its visibility timeout, and its redelivery takes its link claims
//! back at once (they are owned by the message id, see `flows::links`), finds
//! what the abandoned run wrote to the peer, and links it instead of
//! writing twice; its done-key keeps a finished event from applying again.

use crate::queue::{Queue, Received};
use crate::worker::{Disposition, Worker, settle_result};
use std::time::Duration;
use tokio::sync::watch;

/// How long, after a stop, a loop's current message may run on.
pub const WORKER_GRACE: Duration = Duration::from_secs(10);

/// What one loop did with its messages after the stop.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Drained {
    /// Handled to the end (settled) after the stop.
    pub finished: usize,
    /// Received but not started: made visible again at once.
    pub returned: usize,
    /// Still running when the grace ran out: left to their visibility timeout.
    pub abandoned: usize,
}

impl std::ops::AddAssign for Drained {
    fn add_assign(&mut self, other: Drained) {
        self.finished += other.finished;
        self.returned += other.returned;
        self.abandoned += other.abandoned;
    }
}

/// Receive settings of one loop.
#[derive(Debug, Clone, Copy)]
pub struct LoopSettings {
    pub batch: usize,
    pub visibility: Duration,
    pub wait: Duration,
}

impl Default for LoopSettings {
    fn default() -> Self {
        LoopSettings {
            batch: 10,
            visibility: Duration::from_secs(60),
            wait: Duration::from_secs(1),
        }
    }
}

/// Receives one batch and handles it; returns how many messages it handled.
pub async fn run_once(
    queue: &dyn Queue,
    worker: &Worker,
    settings: LoopSettings,
) -> crate::Result<usize> {
    let batch = queue
        .receive(settings.batch, settings.visibility, settings.wait)
        .await?;
    let (_, never) = watch::channel(false);
    handle_batch(queue, worker, settings, &batch, never).await?;
    Ok(batch.len())
}

/// Settles the messages of `batch` in order; once `stop` turns true, see
/// the module docs.
async fn handle_batch(
    queue: &dyn Queue,
    worker: &Worker,
    settings: LoopSettings,
    batch: &[Received],
    stop: watch::Receiver<bool>,
) -> crate::Result<Drained> {
    // Messages of the batch not settled yet: kept hidden while they wait or
    // run (an ICML export may outlast the visibility timeout), so no other
    // worker takes one of them meanwhile.
    let unsettled =
        std::sync::Mutex::new(batch.iter().map(|m| m.handle.clone()).collect::<Vec<_>>());
    let work = async {
        let mut drained = Drained::default();
        for (n, message) in batch.iter().enumerate() {
            if *stop.borrow() {
                drained.returned = give_back(queue, &batch[n..]).await;
                return Ok(drained);
            }
            let mut stopped = stop.clone();
            let grace_over = async move {
                let _ = stopped.wait_for(|stop| *stop).await;
                tokio::time::sleep(WORKER_GRACE).await;
            };
            tokio::select! {
                settled = settle(queue, worker, message) => settled?,
                () = grace_over => {
                    tracing::warn!(message = "Abandoned a message at stop; it is redelivered after its visibility timeout.", id = %message.message_id);
                    drained.abandoned = 1;
                    drained.returned = give_back(queue, &batch[n + 1..]).await;
                    return Ok(drained);
                }
            }
            if *stop.borrow() {
                drained.finished += 1;
            }
            unsettled
                .lock()
                .expect("not poisoned")
                .retain(|h| h != &message.handle);
        }
        Ok::<_, crate::Error>(drained)
    };
    let keep_hidden = async {
        let every = (settings.visibility / 2).max(Duration::from_millis(100));
        loop {
            tokio::time::sleep(every).await;
            let handles = unsettled.lock().expect("not poisoned").clone();
            for handle in handles {
                if let Err(error) = queue.keep_hidden(&handle, settings.visibility).await {
                    tracing::warn!(message = "Could not extend a message's visibility.", %error);
                }
            }
        }
    };
    tokio::select! {
        handled = work => handled,
        never = keep_hidden => never,
    }
}

/// Makes messages never started visible again now; returns how many.
async fn give_back(queue: &dyn Queue, messages: &[Received]) -> usize {
    for message in messages {
        if let Err(error) = queue.give_back(&message.handle).await {
            // It comes back after its visibility timeout instead.
            tracing::warn!(message = "Could not give a message back at stop.", %error);
        }
    }
    messages.len()
}

/// Handles one message and tells the queue what became of it.
pub async fn settle(queue: &dyn Queue, worker: &Worker, message: &Received) -> crate::Result<()> {
    let result = worker.handle(&message.message_id, &message.body).await;
    match &result {
        Ok(outcome) => tracing::info!(message = "Handled.", id = %message.message_id, ?outcome),
        Err(error) => {
            tracing::warn!(message = "Failed.", id = %message.message_id, %error, receives = message.receive_count)
        }
    }
    match settle_result(worker, queue, message, &result).await? {
        Disposition::Delete => queue.delete(&message.handle).await,
        Disposition::Retry(delay) => queue.retry_after(&message.handle, delay).await,
        Disposition::Wait(delay) => queue.wait(&message.handle, delay).await,
        Disposition::DeadLetter => queue.dead_letter(message).await,
    }
}

/// Runs until `shutdown` turns true, then drains (see the module docs);
/// returns within the receive wait plus `WORKER_GRACE` of the stop.
pub async fn run(
    queue: std::sync::Arc<dyn Queue>,
    worker: Worker,
    settings: LoopSettings,
    shutdown: watch::Receiver<bool>,
) -> Drained {
    let mut drained = Drained::default();
    while !*shutdown.borrow() {
        // A receive is not cancelled at stop (it waits `settings.wait` at
        // most): a batch received is then given back rather than left hidden.
        let handled = match queue
            .receive(settings.batch, settings.visibility, settings.wait)
            .await
        {
            Ok(batch) => {
                handle_batch(queue.as_ref(), &worker, settings, &batch, shutdown.clone()).await
            }
            Err(error) => Err(error),
        };
        match handled {
            Ok(batch) => drained += batch,
            Err(error) => {
                tracing::error!(message = "Worker loop error.", %error);
                let mut stopped = shutdown.clone();
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = stopped.wait_for(|stop| *stop) => {}
                }
            }
        }
    }
    drained
}
