//! `Queue` on the embedded SQLite database, with SQS FIFO semantics.
//!
//! Only the oldest live message of a group can be received, and only when it
//! is visible, so a group never has two messages in flight and never skips
//! ahead. A message whose attempts failed `max_receives` times moves to the
//! dead letters (kept in the same table with `dead = 1`) on its next
//! receive, as SQS's redrive policy does.
//!
//! Unlike SQS, only *failed* attempts count. A receive is settled by
//! `delete`, `retry_after` (the handler failed: the attempt counts) or
//! `dead_letter`; its `handle` is cleared when it is settled. A message
//! received again while it still holds a handle was left by a process that
//! died (SIGKILL, power loss) or gave it back unstarted at stop: that
//! receive is *abandoned*, counted in `abandoned`, and not charged, so a
//! message that could still succeed is never dead-lettered because the
//! process kept dying under it (found by the chaos soak, issue 18). A
//! message abandoned `MAX_ABANDONED` times is dead-lettered all the same: it
//! may be what kills the process.
//!
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

/// Abandoned receives after which a message is dead-lettered anyway: far
/// more process deaths than any peer outage explains, so the message itself
/// is the likely cause (a handler that crashes the process).
pub const MAX_ABANDONED: u32 = 100;

/// The embedded queue.
#[derive(Clone)]
pub struct SqliteQueue {
    db: Db,
    max_receives: u32,
    /// Messages of one tenant's flow in flight at once (see `fair`).
    flow_cap: usize,
    sent: Arc<Notify>,
}

impl SqliteQueue {
    pub fn new(db: Db, max_receives: u32) -> Self {
        SqliteQueue {
            db,
            max_receives,
            flow_cap: fair::MAX_IN_FLIGHT_PER_FLOW,
            sent: Arc::new(Notify::new()),
        }
    }

    /// At most `cap` messages of one tenant's flow in flight (at least 1;
    /// `fair::MAX_IN_FLIGHT_PER_FLOW` by default).
    pub fn with_max_in_flight_per_flow(mut self, cap: usize) -> Self {
        self.flow_cap = cap.max(1);
        self
    }

    /// Visible again after `delay`; `settle` clears the handle (see the module docs).
    async fn set_visible(&self, handle: &str, delay: Duration, settle: bool) -> Result<()> {
        let handle = handle.to_owned();
        let visible_at = now_ms() + delay.as_millis() as i64;
        let sql = if settle {
            "UPDATE queue_messages SET visible_at_ms = ?2, handle = NULL WHERE handle = ?1 AND dead = 0"
        } else {
            "UPDATE queue_messages SET visible_at_ms = ?2 WHERE handle = ?1 AND dead = 0"
        };
        self.db
            .call(move |c| c.execute(sql, params![handle, visible_at]))
            .await?;
        Ok(())
    }

    async fn try_receive(&self, max: usize, visibility: Duration) -> Result<Vec<Received>> {
        let (max_receives, flow_cap) = (self.max_receives, self.flow_cap);
        let visible_at = now_ms() + visibility.as_millis() as i64;
        self.db
            .call(move |c| {
                let now = now_ms();
                let heads = fair::heads_in_turns(c, now, max * 2, flow_cap)?;
                let mut received = Vec::new();
                for head in heads {
                    // The last receive was never settled: its process is gone.
                    let abandoned = head.abandoned + u32::from(head.unsettled);
                    let failed = head.receives - abandoned;
                    if failed >= max_receives || abandoned >= MAX_ABANDONED {
                        c.execute(
                            "UPDATE queue_messages SET dead = 1, handle = NULL, abandoned = ?2 WHERE seq = ?1",
                            params![head.seq, abandoned],
                        )?;
                        continue;
                    }
                    if received.len() == max {
                        break;
                    }
                    let handle = uuid::Uuid::new_v4().to_string();
                    c.execute(
                        "UPDATE queue_messages SET receive_count = receive_count + 1, abandoned = ?4,
                                visible_at_ms = ?2, handle = ?3
                         WHERE seq = ?1",
                        params![head.seq, visible_at, handle, abandoned],
                    )?;
                    received.push(Received {
                        message_id: head.message_id,
                        handle,
                        group: head.group,
                        body: head.body,
                        // Attempts charged, this one included.
                        receive_count: failed + 1,
                    });
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

    /// A failed attempt: settled (the handle is cleared), so it counts.
    async fn retry_after(&self, handle: &str, delay: Duration) -> Result<()> {
        self.set_visible(handle, delay, true).await
    }

    /// The receive stays unsettled: still running.
    async fn keep_hidden(&self, handle: &str, visibility: Duration) -> Result<()> {
        self.set_visible(handle, visibility, false).await
    }

    /// Left unsettled, as a dead process's receive: not charged (waits are
    /// bounded by `MAX_ABANDONED` all the same).
    async fn wait(&self, handle: &str, delay: Duration) -> Result<()> {
        self.set_visible(handle, delay, false).await
    }

    fn counts_failed_attempts(&self) -> bool {
        true
    }

    /// Never started: left unsettled, so the next receive does not charge it.
    async fn give_back(&self, handle: &str) -> Result<()> {
        self.set_visible(handle, Duration::ZERO, false).await?;
        self.sent.notify_waiters();
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

#[cfg(test)]
mod tests;
