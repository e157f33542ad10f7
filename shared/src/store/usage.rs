//! Usage metering (issue 16, item 3): every applied sync operation counted
//! once per tenant, flow and UTC day, for pay-per-use billing.
//!
//! What is counted: one operation per event a flow applied (its
//! `Outcome::Applied`: records created or updated in a peer, a document, an
//! ICML export). Exactly once under redelivery and
//! crash, because the count is not a separate write: `claim_metered` claims
//! the event's done-key (the idempotency record that says "applied") and
//! adds one to the day's counter in the same transaction (SQLite) or
//! `TransactWriteItems` (DynamoDB). A redelivery finds the key and adds
//! nothing; a crash before the commit leaves neither, and the redelivery
//! that finishes the work commits both.
//!
//! Stock and price pulls are scheduled jobs rather than events: each upload
//! they make is counted under flow `stock` with a key of its own, made of
//! the pass's checkpoint and the upload's content (`flows::stock::push`).

use crate::error::Result;
use crate::model::TenantId;
use crate::store::PutOutcome;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// A UTC calendar day, written `YYYY-MM-DD` (text order is time order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(time::Date);

const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl Day {
    /// `YYYY-MM-DD`, or `None`.
    pub fn parse(raw: &str) -> Option<Day> {
        time::Date::parse(raw, FORMAT).ok().map(Day)
    }

    /// The UTC day of a unix time in milliseconds.
    pub fn of_ms(at_ms: i64) -> Day {
        let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_ms) * 1_000_000)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        Day(at.date())
    }

    /// Today (UTC).
    pub fn today() -> Day {
        Day::of_ms(crate::clock::now_ms())
    }

    /// Days from `self` to `later`, both counted (0 when `later` is earlier).
    pub fn days_until(self, later: Day) -> i64 {
        ((later.0 - self.0).whole_days() + 1).max(0)
    }

    /// `days` days earlier (the earliest representable day at worst).
    pub fn minus_days(self, days: i64) -> Day {
        Day(self
            .0
            .checked_sub(time::Duration::days(days))
            .unwrap_or(time::Date::MIN))
    }

    /// The day after.
    pub fn next(self) -> Option<Day> {
        self.0.next_day().map(Day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.format(FORMAT).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Day, D::Error> {
        let raw = String::deserialize(d)?;
        Day::parse(&raw).ok_or_else(|| serde::de::Error::custom("expected YYYY-MM-DD"))
    }
}

/// Operations of one flow on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRow {
    pub day: Day,
    pub flow: String,
    pub operations: u64,
}

/// Where one applied operation is counted.
#[derive(Debug, Clone, Copy)]
pub struct Meter<'a> {
    pub flow: &'a str,
    pub day: Day,
}

/// The per-day counters, written only together with a done-key.
#[async_trait]
pub trait Usage: Send + Sync {
    /// Claims `key` exactly as `Idempotency::claim_idempotency_key` does
    /// and, only when this call claimed it, counts one operation of
    /// `meter.flow` on `meter.day`: both or neither.
    async fn claim_metered(
        &self,
        tenant: &TenantId,
        key: &str,
        ttl: Duration,
        meter: Meter<'_>,
    ) -> Result<PutOutcome<()>>;

    /// The tenant's counters from `from` to `to` (both included), by day then flow.
    async fn usage(&self, tenant: &TenantId, from: Day, to: Day) -> Result<Vec<UsageRow>>;
}

#[cfg(test)]
mod tests {
    use super::Day;

    #[test]
    fn days_parse_print_and_count() {
        let day = Day::parse("2026-02-28").unwrap();
        assert_eq!(day.to_string(), "2026-02-28");
        assert_eq!(day.next().unwrap().to_string(), "2026-03-01");
        assert_eq!(day.days_until(Day::parse("2026-03-02").unwrap()), 3);
        assert_eq!(Day::parse("2026-03-02").unwrap().days_until(day), 0);
        assert_eq!(Day::of_ms(0).to_string(), "1970-01-01");
        for bad in ["2026-2-28", "2026-02-30", "yesterday", ""] {
            assert!(Day::parse(bad).is_none(), "{bad}");
        }
    }
}
