//! Pulls messages from a `Queue` and runs the `Worker` on them (the local
//! runtime's counterpart of the SQS event source mapping).

use crate::queue::{Queue, Received};
use crate::worker::{Disposition, Worker, disposition, record_failure, record_retry};
use std::time::Duration;
use tokio::sync::watch;

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
    // Messages of the batch not settled yet: kept hidden while they wait or
    // run (an ICML export may outlast the visibility timeout), so no other
    // worker takes one of them meanwhile.
    let unsettled =
        std::sync::Mutex::new(batch.iter().map(|m| m.handle.clone()).collect::<Vec<_>>());
    let work = async {
        for message in &batch {
            settle(queue, worker, message).await?;
            unsettled
                .lock()
                .expect("not poisoned")
                .retain(|h| h != &message.handle);
        }
        Ok::<_, crate::Error>(batch.len())
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

/// Handles one message and tells the queue what became of it.
pub async fn settle(queue: &dyn Queue, worker: &Worker, message: &Received) -> crate::Result<()> {
    let result = worker.handle(&message.message_id, &message.body).await;
    match &result {
        Ok(outcome) => tracing::info!(message = "Handled.", id = %message.message_id, ?outcome),
        Err(error) => {
            tracing::warn!(message = "Failed.", id = %message.message_id, %error, receives = message.receive_count)
        }
    }
    match disposition(&result, message.receive_count) {
        Disposition::Delete => queue.delete(&message.handle).await,
        Disposition::Retry(delay) => {
            if let Err(error) = &result {
                let store = worker.store().as_ref();
                record_retry(store, &message.body, error, message.receive_count, delay).await;
            }
            queue.retry_after(&message.handle, delay).await
        }
        Disposition::DeadLetter => {
            if let Err(error) = &result {
                record_failure(worker.store().as_ref(), &message.body, error).await;
            }
            queue.dead_letter(message).await
        }
    }
}

/// Runs until `shutdown` turns true.
pub async fn run(
    queue: std::sync::Arc<dyn Queue>,
    worker: Worker,
    settings: LoopSettings,
    mut shutdown: watch::Receiver<bool>,
) {
    while !*shutdown.borrow() {
        tokio::select! {
            result = run_once(queue.as_ref(), &worker, settings) => {
                if let Err(error) = result {
                    tracing::error!(message = "Worker loop error.", %error);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            _ = shutdown.changed() => break,
        }
    }
}
