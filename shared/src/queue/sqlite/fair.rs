//! Which messages one receive of the embedded queue may hand out, and in
//! what order: the visible heads of groups (the oldest live message of each
//! group), taken from the tenants in turns.
//!
//! Why turns: heads in global `seq` order put a tenant's single event behind
//! every message another tenant queued before it (10,000 of them after a
//! flood). Taking each tenant's oldest head first, then each one's second,
//! and so on, puts it at most one place per other tenant behind the front,
//! whatever their backlogs. Within a tenant the order stays `seq` order, and
//! a group still yields only its head, so per-group FIFO is untouched.
//!
//! A tenant's messages in flight count as turns it has had. Workers receive
//! one message at a time, so without that every receive took the globally
//! oldest head, and all 16 workers of the 10,000-event soak worked one
//! tenant's backlog at once: its orders waited on each other's link claims
//! (the same buyers) while 19 tenants' queues sat still, and the whole
//! process drained about 3 messages a second with its cores idle.
//!
//! A tenant's flow has at most `flow_cap` messages in flight
//! (`MAX_IN_FLIGHT_PER_FLOW` by default), as on SQS (see the constant).
//!
//! Cost: one index seek per tenant with live messages (a skip scan of
//! `queue_by_tenant`) and a read of its few messages in flight (the partial
//! index `queue_in_flight`), then per tenant a walk in `seq` order that stops
//! after `per_tenant` visible heads of flows not full, or `WALK` heads:
//! independent of the backlog's size except for the in-flight messages it
//! steps over.

use crate::queue::{LANES_PER_FLOW, tenant_and_flow};
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// A group head that may be received.
pub(super) struct Head {
    pub seq: i64,
    pub message_id: String,
    pub group: String,
    pub body: String,
    /// Receives so far, abandoned ones included.
    pub receives: u32,
    /// Receives whose process died before settling them (see `super`).
    pub abandoned: u32,
    /// Received and never settled.
    pub unsettled: bool,
}

/// One tenant's visible heads, and how many of its messages are in flight.
pub(super) struct TenantHeads {
    pub in_flight: usize,
    pub heads: Vec<Head>,
}

/// Messages of one tenant's flow in flight at once by default (the
/// setting `max_in_flight_per_flow`), as SQS's lanes allow
/// (`LANES_PER_FLOW`). Four requests in flight already fill a tenant's CRM
/// budget of 10 a second; more only split it thinner, so that under the
/// chaos soak's kills every 1–3 s sixteen workers on one tenant each got a
/// request or two per life and none finished (its messages neared
/// `MAX_ABANDONED`). Per flow, so that one flow's slow peer does not hold
/// up the tenant's other flows.
pub(super) const MAX_IN_FLIGHT_PER_FLOW: usize = LANES_PER_FLOW as usize;

/// Visible heads a receive looks through per tenant for flows not full: a
/// bound on the walk, so a flow's flood behind a full flow costs no more.
const WALK: usize = 256;

/// Up to `per_tenant` visible heads of every tenant whose flow may take one
/// more in flight, interleaved: each tenant's first (oldest first), then
/// each one's second, and so on, a tenant's messages in flight counting as
/// turns already taken.
pub(super) fn heads_in_turns(
    c: &Connection,
    now_ms: i64,
    per_tenant: usize,
    flow_cap: usize,
) -> rusqlite::Result<Vec<Head>> {
    let mut queues = Vec::new();
    for tenant in tenants(c)? {
        let mut flows = in_flight(c, &tenant, now_ms)?;
        let in_flight = flows.values().sum();
        let heads = heads_of(c, &tenant, now_ms, per_tenant, flow_cap, &mut flows)?;
        if !heads.is_empty() {
            queues.push(TenantHeads { in_flight, heads });
        }
    }
    Ok(interleave(queues))
}

/// The tenant's messages received and still hidden (being handled, or
/// waiting to be tried again by the worker that holds them), by flow.
fn in_flight(
    c: &Connection,
    tenant: &str,
    now_ms: i64,
) -> rusqlite::Result<HashMap<String, usize>> {
    let mut stmt = c.prepare_cached(
        "SELECT message_group FROM queue_messages INDEXED BY queue_in_flight
         WHERE handle IS NOT NULL AND dead = 0 AND tenant = ?1 AND visible_at_ms > ?2",
    )?;
    let mut flows = HashMap::new();
    let mut rows = stmt.query(params![tenant, now_ms])?;
    while let Some(row) = rows.next()? {
        let group: String = row.get(0)?;
        *flows.entry(tenant_and_flow(&group).to_owned()).or_default() += 1;
    }
    Ok(flows)
}

/// The tenants with live messages, by a skip scan of the index (one seek
/// each, not one row per message).
fn tenants(c: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = c.prepare_cached(
        "WITH RECURSIVE t(tenant) AS (
             SELECT MIN(tenant) FROM queue_messages WHERE dead = 0
             UNION ALL
             SELECT (SELECT MIN(tenant) FROM queue_messages WHERE dead = 0 AND tenant > t.tenant)
             FROM t WHERE t.tenant IS NOT NULL)
         SELECT tenant FROM t WHERE tenant IS NOT NULL",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// The tenant's oldest visible group heads, in `seq` order, whose flow has
/// fewer than `flow_cap` in flight (`in_flight`, counting the heads taken
/// here too).
fn heads_of(
    c: &Connection,
    tenant: &str,
    now_ms: i64,
    limit: usize,
    flow_cap: usize,
    in_flight: &mut HashMap<String, usize>,
) -> rusqlite::Result<Vec<Head>> {
    let mut stmt = c.prepare_cached(
        "SELECT m.seq, m.message_id, m.message_group, m.body, m.receive_count,
                m.abandoned, m.handle IS NOT NULL
         FROM queue_messages m
         WHERE m.dead = 0 AND m.tenant = ?1 AND m.visible_at_ms <= ?2
           AND m.seq = (SELECT MIN(seq) FROM queue_messages h
                        WHERE h.dead = 0 AND h.message_group = m.message_group)
         ORDER BY m.seq LIMIT ?3",
    )?;
    let mut heads = Vec::new();
    let mut rows = stmt.query(params![tenant, now_ms, WALK as i64])?;
    while heads.len() < limit
        && let Some(row) = rows.next()?
    {
        let group: String = row.get(2)?;
        let taken = in_flight
            .entry(tenant_and_flow(&group).to_owned())
            .or_default();
        if *taken >= flow_cap {
            continue;
        }
        *taken += 1;
        heads.push(Head {
            seq: row.get(0)?,
            message_id: row.get(1)?,
            group,
            body: row.get(3)?,
            receives: row.get(4)?,
            abandoned: row.get(5)?,
            unsettled: row.get(6)?,
        });
    }
    Ok(heads)
}

/// Round `k` holds every tenant's `k`-th turn, a tenant with `n` messages
/// in flight starting at turn `n`; rounds in order, a round's heads in
/// `seq` order.
fn interleave(queues: Vec<TenantHeads>) -> Vec<Head> {
    let mut ranked: Vec<(usize, Head)> = queues
        .into_iter()
        .flat_map(|q| {
            let skip = q.in_flight;
            q.heads
                .into_iter()
                .enumerate()
                .map(move |(turn, head)| (skip + turn, head))
        })
        .collect();
    ranked.sort_by_key(|(turn, head)| (*turn, head.seq));
    ranked.into_iter().map(|(_, head)| head).collect()
}

#[cfg(test)]
mod tests {
    use super::{Head, TenantHeads, interleave};

    fn head(seq: i64) -> Head {
        Head {
            seq,
            message_id: String::new(),
            group: String::new(),
            body: String::new(),
            receives: 0,
            abandoned: 0,
            unsettled: false,
        }
    }

    fn idle(heads: Vec<Head>) -> TenantHeads {
        TenantHeads {
            in_flight: 0,
            heads,
        }
    }

    #[test]
    fn a_late_tenant_comes_second_not_after_the_backlog() {
        let flood = (1..=5).map(head).collect();
        let single = vec![head(6)];
        let order: Vec<i64> = interleave(vec![idle(flood), idle(single)])
            .iter()
            .map(|h| h.seq)
            .collect();
        assert_eq!(order, [1, 6, 2, 3, 4, 5]);
    }

    #[test]
    fn a_tenant_with_messages_in_flight_lets_the_others_go_first() {
        let busy = TenantHeads {
            in_flight: 2,
            heads: (1..=3).map(head).collect(),
        };
        let late = idle(vec![head(7), head(8)]);
        let order: Vec<i64> = interleave(vec![busy, late]).iter().map(|h| h.seq).collect();
        assert_eq!(order, [7, 8, 1, 2, 3]);
    }
}
