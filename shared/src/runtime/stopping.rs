//! Stopping the local process within a stated time (SIGTERM or ctrl-c on
//! `synclane serve`): the hooks stop taking connections and drain their open
//! requests (`http_server::SHUTDOWN_GRACE`), each worker loop finishes or
//! gives back its messages (`worker_loop::WORKER_GRACE`), the schedules stop
//! after their current run. All of them run at once; whatever is still
//! running at `STOP_BOUND` is dropped, as a kill would, which the queue's
//! redelivery and the links make harmless (see `worker_loop`).

use super::http_server::SHUTDOWN_GRACE;
use super::worker_loop::{Drained, WORKER_GRACE};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// `Local::stop` returns within this of the stop: the longer grace, plus the
/// worker's receive wait (a receive is not cancelled) and a margin to settle.
pub const STOP_BOUND: Duration = Duration::from_secs(
    if SHUTDOWN_GRACE.as_secs() > WORKER_GRACE.as_secs() {
        SHUTDOWN_GRACE.as_secs()
    } else {
        WORKER_GRACE.as_secs()
    } + 2,
);

/// The tasks of a running local process.
#[derive(Default)]
pub struct Tasks {
    pub http: Option<JoinHandle<bool>>,
    pub workers: Vec<JoinHandle<Drained>>,
    pub schedules: Vec<JoinHandle<()>>,
}

/// What the stop drained, logged in one line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// The worker loops' messages.
    pub messages: Drained,
    /// Every open hook request finished within the grace.
    pub requests_drained: bool,
    /// Tasks still running at `STOP_BOUND`, dropped.
    pub dropped_tasks: usize,
    pub took: Duration,
}

impl Tasks {
    /// Waits for every task (their stop flag is already set) until
    /// `STOP_BOUND` from `since`; drops those still running then.
    pub async fn join(self, since: Instant) -> Stopped {
        let deadline = since + STOP_BOUND;
        let mut stopped = Stopped {
            requests_drained: true,
            ..Stopped::default()
        };
        if let Some(http) = self.http {
            match finish(http, deadline).await {
                Some(drained) => stopped.requests_drained = drained,
                None => {
                    stopped.requests_drained = false;
                    stopped.dropped_tasks += 1;
                }
            }
        }
        for worker in self.workers {
            match finish(worker, deadline).await {
                Some(drained) => stopped.messages += drained,
                None => stopped.dropped_tasks += 1,
            }
        }
        for schedule in self.schedules {
            if finish(schedule, deadline).await.is_none() {
                stopped.dropped_tasks += 1;
            }
        }
        stopped.took = since.elapsed();
        tracing::info!(
            message = "Synclane stopped.",
            finished = stopped.messages.finished,
            returned = stopped.messages.returned,
            abandoned = stopped.messages.abandoned,
            requests_drained = stopped.requests_drained,
            dropped_tasks = stopped.dropped_tasks,
            took_ms = stopped.took.as_millis() as u64,
        );
        stopped
    }
}

/// The task's result, or `None` if it panicked or is still running at
/// `deadline` (then it is aborted).
async fn finish<T>(mut task: JoinHandle<T>, deadline: Instant) -> Option<T> {
    match tokio::time::timeout_at(deadline, &mut task).await {
        Ok(Ok(value)) => Some(value),
        Ok(Err(_panicked)) => None,
        Err(_late) => {
            task.abort();
            None
        }
    }
}
