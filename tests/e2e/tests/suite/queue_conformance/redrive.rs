//! The dead-letter queue: a message whose handling failed `MAX_RECEIVES`
//! times (each attempt given back with `retry_after`) is moved there and is
//! not delivered again.

use super::{Fresh, HIDDEN, MAX_RECEIVES, assert_nothing, message, receive_one};
use std::time::Duration;

pub async fn dead_letters_after_max_receives(queue: Fresh) {
    assert_eq!(queue.dead_letters(10).await.unwrap(), vec![]);
    queue
        .send(message("t#order", "poison", "cannot be handled"))
        .await
        .unwrap();
    queue
        .send(message("t#customer", "fine", "handled"))
        .await
        .unwrap();

    let mut poison_id = None;
    for count in 1..=MAX_RECEIVES {
        let mut got = queue
            .receive(10, Duration::from_secs(1), super::WAIT)
            .await
            .unwrap();
        if let Some(i) = got.iter().position(|m| m.body == "handled") {
            queue.delete(&got.remove(i).handle).await.unwrap();
        }
        let poison = match got.as_slice() {
            [one] => one.clone(),
            _ => receive_one(&*queue, Duration::from_secs(1)).await,
        };
        assert_eq!(
            (poison.body.as_str(), poison.receive_count),
            ("cannot be handled", count)
        );
        queue
            .retry_after(&poison.handle, Duration::ZERO)
            .await
            .unwrap();
        poison_id = Some(poison.message_id);
    }

    // The next receive finds it used up: it goes to the dead letters instead.
    let got = queue
        .receive(10, HIDDEN, Duration::from_secs(3))
        .await
        .unwrap();
    assert!(
        got.is_empty(),
        "a used-up message is not delivered again: {got:?}"
    );
    let dead = queue.dead_letters(10).await.unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(
        (dead[0].body.as_str(), dead[0].group.as_str()),
        ("cannot be handled", "t#order")
    );
    assert_eq!(Some(&dead[0].message_id), poison_id.as_ref());

    assert_eq!(
        queue.dead_letters(10).await.unwrap().len(),
        1,
        "reading dead letters does not remove them"
    );
    assert_eq!(
        queue.depth().await.unwrap(),
        0,
        "dead letters are not in the depth"
    );
    assert_nothing(&*queue, "still not delivered").await;
}

/// A hopeless message goes to the dead letters at once, and the rest of its
/// group moves on.
pub async fn dead_letter_moves_a_message_now(queue: Fresh) {
    queue
        .send(message("t#order-9", "bad", "hopeless"))
        .await
        .unwrap();
    queue
        .send(message("t#order-9", "next", "after it"))
        .await
        .unwrap();
    let bad = receive_one(&*queue, HIDDEN).await;
    assert_eq!(bad.body, "hopeless");
    queue.dead_letter(&bad).await.unwrap();

    let dead = queue.dead_letters(10).await.unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(
        (dead[0].body.as_str(), dead[0].group.as_str()),
        ("hopeless", "t#order-9")
    );
    let next = receive_one(&*queue, HIDDEN).await;
    assert_eq!(
        next.body, "after it",
        "the group is not blocked by the dead letter"
    );
    queue.delete(&next.handle).await.unwrap();
    assert_eq!(queue.depth().await.unwrap(), 0);
}

/// A record's group outside SQS's group-id alphabet (a space, Cyrillic,
/// over 128 characters) goes to the dead letters and is listed as itself:
/// on SQS the message group is a lane, the record's group an attribute.
pub async fn dead_letter_keeps_a_group_sqs_would_refuse(queue: Fresh) {
    let group = format!("t#customer#Ёжик {}", "x".repeat(130));
    queue
        .send(message(&group, "odd", "odd group"))
        .await
        .unwrap();
    let odd = receive_one(&*queue, HIDDEN).await;
    assert_eq!(odd.group, group, "received with its own group");
    queue.dead_letter(&odd).await.unwrap();
    let dead = queue.dead_letters(10).await.unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(
        (dead[0].body.as_str(), dead[0].group.as_str()),
        ("odd group", group.as_str())
    );
}
