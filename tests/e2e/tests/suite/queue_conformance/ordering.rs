//! Message groups: one group is delivered in send order with nothing more of
//! it while a message is in flight; other groups are not held up.

use super::{Fresh, HIDDEN, assert_nothing, message, receive_one};

async fn send_a1_a2_a3_b1(queue: &Fresh) {
    for (group, body) in [("A", "a1"), ("A", "a2"), ("A", "a3"), ("B", "b1")] {
        queue.send(message(group, body, body)).await.unwrap();
    }
}

pub async fn one_group_in_order_groups_in_parallel(queue: Fresh) {
    send_a1_a2_a3_b1(&queue).await;

    // While a1 is in flight, group B still flows.
    let mut first_two = [
        receive_one(&*queue, HIDDEN).await,
        receive_one(&*queue, HIDDEN).await,
    ];
    first_two.sort_by(|x, y| x.body.cmp(&y.body));
    let bodies: Vec<_> = first_two.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, vec!["a1", "b1"]);
    assert_nothing(&*queue, "a2 waits while a1 is in flight").await;

    queue.delete(&first_two[0].handle).await.unwrap();
    let a2 = receive_one(&*queue, HIDDEN).await;
    assert_eq!((a2.body.as_str(), a2.group.as_str()), ("a2", "A"));
    assert_nothing(&*queue, "a3 waits while a2 is in flight").await;

    queue.delete(&a2.handle).await.unwrap();
    assert_eq!(receive_one(&*queue, HIDDEN).await.body, "a3");
}

/// One receive may hand out several messages of a group (SQS does); they come
/// in send order, and the group is held until all of them are done.
pub async fn a_batch_keeps_group_order(queue: Fresh) {
    send_a1_a2_a3_b1(&queue).await;
    let batch = queue.receive(10, HIDDEN, super::WAIT).await.unwrap();
    let of_a: Vec<_> = batch
        .iter()
        .filter(|m| m.group == "A")
        .map(|m| m.body.as_str())
        .collect();
    assert!(!batch.is_empty());
    assert_eq!(
        of_a,
        ["a1", "a2", "a3"][..of_a.len()],
        "a group's messages in send order"
    );

    if !of_a.is_empty() {
        let more = queue.receive(10, HIDDEN, super::NONE_WAIT).await.unwrap();
        assert!(
            more.iter().all(|m| m.group != "A"),
            "group A is held while in flight: {more:?}"
        );
    }
}
