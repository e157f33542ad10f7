//! `Queue` on the embedded SQLite database, with SQS FIFO semantics.
//!
//! Only the oldest live message of a group can be received, and only when it
//! is visible, so a group never has two messages in flight and never skips
//! ahead. A receive past `max_receives` moves the message to the dead letters
//! (kept in the same table with `dead = 1`), as SQS's redrive policy does.
//! A receive takes the tenants' heads in turns (`fair`), so one tenant's
//! backlog does not hold up another tenant's messages.

mod fair;

use super::{DEDUPE_WINDOW, Outgoing, Queue, Received, tenant_of};
use crate::clock::now_ms;
use crate::error::Result;
use crate::sqlite::Db;
use async_trait::async_trait;
use rusqlite::params;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How often a waiting `receive` looks again when nothing notified it
/// (visibility timeouts expire without a send).
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// The embedded queue.
#[derive(Clone)]
pub struct SqliteQueue {
    db: Db,
    max_receives: u32,
    sent: Arc<Notify>,
}

impl SqliteQueue {
    pub fn new(db: Db, max_receives: u32) -> Self {
        SqliteQueue {
            db,
            max_receives,
            sent: Arc::new(Notify::new()),
        }
    }

    async fn try_receive(&self, max: usize, visibility: Duration) -> Result<Vec<Received>> {
        let max_receives = self.max_receives;
        let visible_at = now_ms() + visibility.as_millis() as i64;
        self.db
            .call(move |c| {
                let now = now_ms();
                let heads = fair::heads_in_turns(c, now, max * 2)?;
                let mut received = Vec::new();
                for fair::Head { seq, message_id, group, body, receive_count: count } in heads {
                    if count >= max_receives {
                        c.execute("UPDATE queue_messages SET dead = 1, handle = NULL WHERE seq = ?1", [seq])?;
                        continue;
                    }
                    if received.len() == max {
                        break;
                    }
                    let handle = uuid::Uuid::new_v4().to_string();
                    c.execute(
                        "UPDATE queue_messages SET receive_count = receive_count + 1, visible_at_ms = ?2, handle = ?3
                         WHERE seq = ?1",
                        params![seq, visible_at, handle],
                    )?;
                    received.push(Received { message_id, handle, group, body, receive_count: count + 1 });
                }
                Ok(received)
            })
            .await
    }
}

#[async_trait]
impl Queue for SqliteQueue {
    async fn send(&self, message: Outgoing) -> Result<()> {
        self.send_batch(vec![message]).await
    }

    /// One transaction (so one fsync) for all of them: the hook's ack stays
    /// as fast with several flows as with one.
    async fn send_batch(&self, messages: Vec<Outgoing>) -> Result<()> {
        if messages.is_empty() {
            return Ok(());
        }
        self.db
            .call(move |c| {
                let now = now_ms();
                for message in messages {
                    let fresh = c.execute(
                        "INSERT INTO queue_dedupe (dedupe_id, expires_at_ms) VALUES (?1, ?2)
                         ON CONFLICT (dedupe_id) DO UPDATE SET expires_at_ms = excluded.expires_at_ms
                         WHERE queue_dedupe.expires_at_ms <= ?3",
                        params![
                            message.dedupe_id,
                            now + DEDUPE_WINDOW.as_millis() as i64,
                            now
                        ],
                    )?;
                    if fresh == 1 {
                        c.execute(
                            "INSERT INTO queue_messages (message_id, message_group, tenant, body, visible_at_ms)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![
                                uuid::Uuid::now_v7().to_string(),
                                message.group,
                                tenant_of(&message.group),
                                message.body,
                                now
                            ],
                        )?;
                    }
                }
                Ok(())
            })
            .await?;
        self.sent.notify_waiters();
        Ok(())
    }

    async fn receive(
        &self,
        max: usize,
        visibility: Duration,
        wait: Duration,
    ) -> Result<Vec<Received>> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let notified = self.sent.notified();
            let batch = self.try_receive(max, visibility).await?;
            let now = tokio::time::Instant::now();
            if !batch.is_empty() || now >= deadline {
                return Ok(batch);
            }
            let nap = POLL_INTERVAL.min(deadline - now);
            let _ = tokio::time::timeout(nap, notified).await;
        }
    }

    async fn delete(&self, handle: &str) -> Result<()> {
        let handle = handle.to_owned();
        self.db
            .call(move |c| {
                c.execute(
                    "DELETE FROM queue_messages WHERE handle = ?1 AND dead = 0",
                    [handle],
                )
            })
            .await?;
        self.sent.notify_waiters();
        Ok(())
    }

    async fn retry_after(&self, handle: &str, delay: Duration) -> Result<()> {
        let handle = handle.to_owned();
        let visible_at = now_ms() + delay.as_millis() as i64;
        self.db
            .call(move |c| {
                c.execute(
                    "UPDATE queue_messages SET visible_at_ms = ?2 WHERE handle = ?1 AND dead = 0",
                    params![handle, visible_at],
                )
            })
            .await?;
        Ok(())
    }

    async fn dead_letter(&self, message: &Received) -> Result<()> {
        let handle = message.handle.clone();
        self.db
            .call(move |c| {
                c.execute(
                    "UPDATE queue_messages SET dead = 1, handle = NULL WHERE handle = ?1",
                    [handle],
                )
            })
            .await?;
        self.sent.notify_waiters();
        Ok(())
    }

    async fn dead_letters(&self, max: usize) -> Result<Vec<Received>> {
        self.db
            .read(move |c| {
                let mut stmt = c.prepare(
                    "SELECT message_id, message_group, body, receive_count FROM queue_messages
                     WHERE dead = 1 ORDER BY seq LIMIT ?1",
                )?;
                stmt.query_map([max as i64], |r| {
                    Ok(Received {
                        message_id: r.get(0)?,
                        handle: String::new(),
                        group: r.get(1)?,
                        body: r.get(2)?,
                        receive_count: r.get(3)?,
                    })
                })?
                .collect()
            })
            .await
    }

    async fn depth(&self) -> Result<u64> {
        self.db
            .read(|c| {
                c.query_row(
                    "SELECT COUNT(*) FROM queue_messages WHERE dead = 0",
                    [],
                    |r| r.get(0),
                )
            })
            .await
    }
}
