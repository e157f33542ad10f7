//! The `Queue` contract (SQS FIFO semantics), run against every implementation.
//!
//! Each case is a plain async function over a fresh, empty queue whose
//! messages go to the dead letters after `MAX_RECEIVES` receives;
//! `queue_suite!` makes one `#[tokio::test]` per case and backend
//! (`queue_conformance::sqs::<case>`, `..::sqlite::<case>`).

mod delivery;
mod ordering;
mod redrive;

use std::sync::Arc;
use std::time::Duration;
use synclane::queue::{Outgoing, Queue, Received};

/// A fresh, empty queue behind the port.
pub type Fresh = Arc<dyn Queue>;

/// `max_receives` of every queue under test.
pub const MAX_RECEIVES: u32 = 2;
/// Long enough that a message never reappears during a case by itself.
pub const HIDDEN: Duration = Duration::from_secs(30);
/// How long a case waits for a message it expects.
pub const WAIT: Duration = Duration::from_secs(4);
/// How long a case waits to be sure that no message comes.
pub const NONE_WAIT: Duration = Duration::from_secs(1);

/// `queue_suite!(backend, fn(max_receives) -> future of a fresh queue)`: one test per case.
macro_rules! queue_suite {
    ($backend:ident, $fresh:path) => {
        queue_suite!(@cases $backend, $fresh, [
            send_receive_delete,
            dedupe_id_within_window_is_dropped,
            visibility_timeout_redelivers,
            retry_after_makes_visible_sooner,
            keep_hidden_extends_the_visibility,
            depth_counts_waiting_and_in_flight,
            one_group_in_order_groups_in_parallel,
            a_batch_keeps_group_order,
            dead_letters_after_max_receives,
            dead_letter_moves_a_message_now,
            dead_letter_keeps_a_group_sqs_would_refuse,
        ]);
    };
    (@cases $backend:ident, $fresh:path, [$($case:ident),* $(,)?]) => {
        mod $backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case($fresh(super::MAX_RECEIVES).await).await;
                }
            )*
        }
    };
}

use delivery::{
    dedupe_id_within_window_is_dropped, depth_counts_waiting_and_in_flight,
    keep_hidden_extends_the_visibility, retry_after_makes_visible_sooner, send_receive_delete,
    visibility_timeout_redelivers,
};
use ordering::{a_batch_keeps_group_order, one_group_in_order_groups_in_parallel};
use redrive::{
    dead_letter_keeps_a_group_sqs_would_refuse, dead_letter_moves_a_message_now,
    dead_letters_after_max_receives,
};

queue_suite!(sqs, crate::support::aws::sqs_queue);

queue_suite!(sqlite, crate::support::sqlite::queue);

pub fn message(group: &str, dedupe_id: &str, body: &str) -> Outgoing {
    Outgoing {
        group: group.into(),
        dedupe_id: dedupe_id.into(),
        body: body.into(),
    }
}

/// Receives exactly one message, hidden for `visibility`.
pub async fn receive_one(queue: &dyn Queue, visibility: Duration) -> Received {
    let mut got = queue.receive(1, visibility, WAIT).await.unwrap();
    assert_eq!(got.len(), 1, "expected one message, got {got:?}");
    got.pop().unwrap()
}

/// Asserts that no message is delivered within `NONE_WAIT`.
pub async fn assert_nothing(queue: &dyn Queue, why: &str) {
    let got = queue.receive(10, HIDDEN, NONE_WAIT).await.unwrap();
    assert!(got.is_empty(), "{why}: got {got:?}");
}

/// Receives and deletes until the queue stays empty; the bodies in delivery order.
pub async fn drain(queue: &dyn Queue) -> Vec<String> {
    let mut bodies = Vec::new();
    loop {
        let got = queue.receive(10, HIDDEN, NONE_WAIT).await.unwrap();
        if got.is_empty() {
            return bodies;
        }
        for message in got {
            queue.delete(&message.handle).await.unwrap();
            bodies.push(message.body);
        }
    }
}
