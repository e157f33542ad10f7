//! What counts towards the dead letters in the embedded queue: failed
//! attempts do; receives left by a dead process, and messages given back
//! unstarted at stop, do not (up to `MAX_ABANDONED`). The port's shared
//! rules are the e2e `queue_conformance` suite's.

use super::{MAX_ABANDONED, SqliteQueue};
use crate::queue::{Outgoing, Queue, Received};
use crate::sqlite::Db;
use std::time::Duration;

const MAX_RECEIVES: u32 = 3;
/// Short enough that an unsettled receive expires within a test.
const LEASE: Duration = Duration::from_millis(100);
const WAIT: Duration = Duration::from_secs(2);

fn queue(dir: &tempfile::TempDir) -> SqliteQueue {
    let db = Db::open(dir.path().join("queue.db")).expect("a database");
    SqliteQueue::new(db, MAX_RECEIVES)
}

async fn send(queue: &SqliteQueue, body: &str) {
    let message = Outgoing {
        group: "t#order-1".into(),
        dedupe_id: body.into(),
        body: body.into(),
    };
    queue.send(message).await.expect("sent");
}

async fn receive(queue: &SqliteQueue) -> Option<Received> {
    let mut got = queue.receive(1, LEASE, WAIT).await.expect("received");
    got.pop()
}

/// The chaos soak killed `synclane serve` every 1–3 s: a message whose
/// handling outlasted a process's life was charged a receive at each kill
/// and dead-lettered after `max_receives` though nothing ever failed.
#[tokio::test]
async fn receives_of_a_killed_process_are_not_charged() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue(&dir);
    send(&queue, "slow").await;
    // Each receive's process dies: nobody settles it, the lease runs out.
    for _ in 0..MAX_RECEIVES * 3 {
        let got = receive(&queue).await.expect("redelivered after each death");
        assert_eq!(got.receive_count, 1, "no attempt failed yet");
    }
    let alive = receive(&queue).await.expect("still deliverable");
    queue.delete(&alive.handle).await.unwrap();
    assert_eq!(queue.depth().await.unwrap(), 0);
    assert!(queue.dead_letters(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn failed_attempts_count_and_dead_letter_after_max_receives() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue(&dir);
    send(&queue, "poison").await;
    for attempt in 1..=MAX_RECEIVES {
        // A death between two failures changes nothing in the count.
        let got = receive(&queue).await.expect("delivered");
        assert_eq!(got.receive_count, attempt);
        let got = receive(&queue).await.expect("redelivered after a death");
        assert_eq!(got.receive_count, attempt, "the death was not charged");
        queue
            .retry_after(&got.handle, Duration::ZERO)
            .await
            .unwrap();
    }
    assert!(receive(&queue).await.is_none(), "used up");
    let dead = queue.dead_letters(10).await.unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0].body, "poison");
}

#[tokio::test]
async fn a_message_given_back_at_stop_is_not_charged() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue(&dir);
    send(&queue, "unstarted").await;
    for _ in 0..MAX_RECEIVES * 2 {
        let mut got = queue.receive(1, WAIT * 10, WAIT).await.unwrap();
        let got = got.pop().expect("given back at once");
        assert_eq!(got.receive_count, 1);
        queue.give_back(&got.handle).await.unwrap();
    }
    assert!(queue.dead_letters(10).await.unwrap().is_empty());
}

/// A message under which the process keeps dying may be what kills it: it
/// is dead-lettered after `MAX_ABANDONED` deaths, not redelivered forever.
#[tokio::test]
async fn a_message_abandoned_max_abandoned_times_is_dead_lettered() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue(&dir);
    send(&queue, "crashes the process").await;
    for _ in 0..MAX_ABANDONED {
        let got = queue.receive(1, Duration::ZERO, WAIT).await.unwrap();
        assert_eq!(got.len(), 1, "deliverable until the bound");
    }
    assert!(receive(&queue).await.is_none(), "bound reached");
    assert_eq!(queue.dead_letters(10).await.unwrap().len(), 1);
}

/// A wait (another worker's claim, a rate limit) is not a failed attempt:
/// waited on more often than `max_receives`, the message is still
/// delivered as its first attempt.
#[tokio::test]
async fn waits_are_not_charged() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue(&dir);
    send(&queue, "waits").await;
    assert!(queue.counts_failed_attempts());
    for _ in 0..MAX_RECEIVES * 2 {
        let got = receive(&queue).await.expect("back after its wait");
        assert_eq!(got.receive_count, 1, "no attempt failed");
        queue.wait(&got.handle, Duration::ZERO).await.unwrap();
    }
    assert!(receive(&queue).await.is_some(), "still deliverable");
    assert!(queue.dead_letters(10).await.unwrap().is_empty());
}

/// The 10,000-event soak: one-message receives all went to the tenant whose
/// head was oldest, so every worker worked one tenant's backlog while the
/// others waited. A tenant's messages in flight now count as its turns.
#[tokio::test]
async fn one_message_receives_spread_over_the_tenants() {
    let dir = tempfile::tempdir().unwrap();
    let queue = queue(&dir);
    let to = |tenant: &str, n: usize| Outgoing {
        group: format!("{tenant}#order-{n}"),
        dedupe_id: format!("{tenant}-{n}"),
        body: format!("{tenant}-{n}"),
    };
    // The flood's heads are all older than the others' messages.
    for n in 0..10 {
        queue.send(to("flood", n)).await.unwrap();
    }
    queue.send(to("a", 0)).await.unwrap();
    queue.send(to("b", 0)).await.unwrap();
    let mut taken = Vec::new();
    for _ in 0..4 {
        // Nobody settles: each one stays in flight, as with busy workers.
        let got = queue.receive(1, WAIT, WAIT).await.unwrap().pop().unwrap();
        taken.push(got.body);
    }
    assert_eq!(taken, ["flood-0", "a-0", "b-0", "flood-1"]);
}

/// A tenant's flow has at most `MAX_IN_FLIGHT_PER_FLOW` messages in flight,
/// as SQS's lanes allow; its other flows still go.
#[tokio::test]
async fn a_flow_has_at_most_its_lanes_in_flight_and_other_flows_still_go() {
    use super::fair::MAX_IN_FLIGHT_PER_FLOW;
    let dir = tempfile::tempdir().unwrap();
    let queue = queue(&dir);
    let to = |flow: &str, n: usize| Outgoing {
        group: format!("t#{flow}#order#{n}"),
        dedupe_id: format!("{flow}-{n}"),
        body: format!("{flow}-{n}"),
    };
    for n in 0..MAX_IN_FLIGHT_PER_FLOW + 2 {
        queue.send(to("busy", n)).await.unwrap();
    }
    queue.send(to("other", 0)).await.unwrap();
    let mut taken = Vec::new();
    while let Some(got) = queue.receive(1, WAIT, Duration::ZERO).await.unwrap().pop() {
        taken.push(got);
    }
    let bodies: Vec<&str> = taken.iter().map(|m| m.body.as_str()).collect();
    let expected: Vec<String> = (0..MAX_IN_FLIGHT_PER_FLOW)
        .map(|n| format!("busy-{n}"))
        .chain(["other-0".to_owned()])
        .collect();
    assert_eq!(bodies, expected);
    // One of the flow's settles: the next of its messages may go.
    queue.delete(&taken[0].handle).await.unwrap();
    let next = queue.receive(1, WAIT, Duration::ZERO).await.unwrap().pop();
    assert_eq!(
        next.map(|m| m.body),
        Some(format!("busy-{MAX_IN_FLIGHT_PER_FLOW}"))
    );
}
