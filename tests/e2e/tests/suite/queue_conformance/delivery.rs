//! Delivery of single messages: receive, delete, dedupe, visibility, depth.

use super::{Fresh, HIDDEN, WAIT, assert_nothing, drain, message, receive_one};
use std::time::{Duration, Instant};

pub async fn send_receive_delete(queue: Fresh) {
    assert_eq!(queue.depth().await.unwrap(), 0);
    queue
        .send(message("t1#order", "d-1", r#"{"n":1}"#))
        .await
        .unwrap();
    assert_eq!(queue.depth().await.unwrap(), 1);

    let got = receive_one(&*queue, HIDDEN).await;
    assert_eq!(
        (got.group.as_str(), got.body.as_str(), got.receive_count),
        ("t1#order", r#"{"n":1}"#, 1)
    );
    assert!(!got.message_id.is_empty() && !got.handle.is_empty());
    assert_eq!(queue.depth().await.unwrap(), 1, "in flight still counts");

    queue.delete(&got.handle).await.unwrap();
    assert_eq!(queue.depth().await.unwrap(), 0);
    assert_nothing(&*queue, "a deleted message is gone").await;
}

pub async fn dedupe_id_within_window_is_dropped(queue: Fresh) {
    queue.send(message("g", "same", "first")).await.unwrap();
    queue.send(message("g", "same", "second")).await.unwrap();
    queue.send(message("g", "other", "third")).await.unwrap();
    assert_eq!(drain(&*queue).await, vec!["first", "third"]);
    // The window counts from the first send, not from the delete: SQS drops
    // a resend of a finished message too (moto forgot deleted ids until
    // `infra/moto_sqs_depth.py` made it keep them, as SQS does).
    queue.send(message("g", "same", "resent")).await.unwrap();
    queue.send(message("g", "new", "fourth")).await.unwrap();
    assert_eq!(drain(&*queue).await, vec!["fourth"]);
}

pub async fn visibility_timeout_redelivers(queue: Fresh) {
    queue.send(message("g", "d", "body")).await.unwrap();
    let first = receive_one(&*queue, Duration::from_secs(2)).await;
    assert_eq!(first.receive_count, 1);
    let hidden = queue.receive(10, HIDDEN, Duration::ZERO).await.unwrap();
    assert!(hidden.is_empty(), "hidden while in flight: {hidden:?}");

    let again = receive_one(&*queue, HIDDEN).await;
    assert_eq!(
        (again.message_id.as_str(), again.body.as_str()),
        (first.message_id.as_str(), "body")
    );
    // Whether a receive nobody settled counts is the backend's (see the
    // `queue` docs): SQS counts it (2), the embedded queue does not (1).
    assert!((1..=2).contains(&again.receive_count), "{again:?}");
    queue.delete(&again.handle).await.unwrap();
    assert_eq!(queue.depth().await.unwrap(), 0);
}

pub async fn retry_after_makes_visible_sooner(queue: Fresh) {
    // Each message is received twice at most: a third receive would dead-letter it.
    queue
        .send(message("now", "d-now", "at once"))
        .await
        .unwrap();
    let first = receive_one(&*queue, HIDDEN).await;
    queue
        .retry_after(&first.handle, Duration::ZERO)
        .await
        .unwrap();
    let again = queue
        .receive(1, HIDDEN, Duration::from_secs(1))
        .await
        .unwrap();
    assert_eq!(
        again.len(),
        1,
        "retry_after(0) makes the message visible now"
    );
    assert_eq!(
        (&again[0].message_id, again[0].receive_count),
        (&first.message_id, 2)
    );
    queue.delete(&again[0].handle).await.unwrap();

    queue
        .send(message("later", "d-later", "in a second"))
        .await
        .unwrap();
    let first = receive_one(&*queue, HIDDEN).await;
    queue
        .retry_after(&first.handle, Duration::from_secs(1))
        .await
        .unwrap();
    let started = Instant::now();
    let again = receive_one(&*queue, HIDDEN).await;
    assert!(
        started.elapsed() <= WAIT,
        "redelivered after {:?}, not after {HIDDEN:?}",
        started.elapsed()
    );
    assert_eq!(
        (again.message_id, again.receive_count),
        (first.message_id, 2)
    );
}

pub async fn depth_counts_waiting_and_in_flight(queue: Fresh) {
    for i in 0..3 {
        queue
            .send(message(&format!("g{i}"), &format!("d{i}"), "x"))
            .await
            .unwrap();
    }
    queue.send(message("g0", "d0", "duplicate")).await.unwrap();
    assert_eq!(
        queue.depth().await.unwrap(),
        3,
        "a dropped duplicate does not count"
    );

    let got = receive_one(&*queue, HIDDEN).await;
    assert_eq!(queue.depth().await.unwrap(), 3);
    queue.delete(&got.handle).await.unwrap();
    assert_eq!(queue.depth().await.unwrap(), 2);
}

/// A handler that outlasts the visibility timeout keeps its message hidden;
/// the handle it received still deletes the message afterwards.
pub async fn keep_hidden_extends_the_visibility(queue: Fresh) {
    queue.send(message("g", "d", "long job")).await.unwrap();
    let first = receive_one(&*queue, Duration::from_secs(2)).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    queue
        .keep_hidden(&first.handle, Duration::from_secs(4))
        .await
        .unwrap();
    // Past the first 2 s: without the extension it would be delivered again.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let hidden = queue.receive(10, HIDDEN, Duration::ZERO).await.unwrap();
    assert!(hidden.is_empty(), "still hidden: {hidden:?}");
    queue.delete(&first.handle).await.unwrap();
    assert_eq!(queue.depth().await.unwrap(), 0);
}
