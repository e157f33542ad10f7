//! MS-B1: CRM history entries → one change per record.
//!
//! Entries written through our own API key (`apiKey.current`) are what we
//! did. A record with any other entry becomes one change (`changes`, our
//! entries left out), deduplicated by the range of history ids it covers (a
//! re-poll of the same page yields the same keys). A record changed only by
//! us is an echo: `own_changes` lists those, for the flows that tell their
//! own echoes apart by content and want the others' (see `Subscription`).

use crate::connectors::retailcrm::HistoryEntry;
use std::collections::BTreeMap;

/// The changes of one record within one page of history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    pub record_id: i64,
    pub first_entry: i64,
    pub last_entry: i64,
    pub created: bool,
    pub deleted: bool,
    pub fields: Vec<String>,
    /// The statuses the record was set to, in order (orders: MS-M6/M7).
    pub statuses: Vec<String>,
    /// The payments changed, in the order first changed (orders: MS-M11).
    pub payments: Vec<i64>,
}

impl RecordChange {
    /// Identical for a re-read of the same entries.
    pub fn dedupe_key(&self, tenant: &str, feed: &str) -> String {
        format!(
            "crm-history:{tenant}:{feed}:{}:{}-{}",
            self.record_id, self.first_entry, self.last_entry
        )
    }
}

/// Groups a page of entries by record, in the order records first changed;
/// echoes and entries without a record are left out.
pub fn changes(entries: &[HistoryEntry]) -> Vec<RecordChange> {
    group(entries.iter().filter(|e| !e.ours))
}

/// The records of a page that only we changed, grouped as `changes` does.
pub fn own_changes(entries: &[HistoryEntry]) -> Vec<RecordChange> {
    let theirs: Vec<i64> = changes(entries).iter().map(|c| c.record_id).collect();
    group(
        entries
            .iter()
            .filter(|e| e.ours && e.record_id.is_some_and(|id| !theirs.contains(&id))),
    )
}

fn group<'a>(entries: impl Iterator<Item = &'a HistoryEntry>) -> Vec<RecordChange> {
    let mut by_record: BTreeMap<i64, RecordChange> = BTreeMap::new();
    let mut order = Vec::new();
    for e in entries {
        let Some(record_id) = e.record_id else {
            continue;
        };
        let change = by_record.entry(record_id).or_insert_with(|| {
            order.push(record_id);
            RecordChange {
                record_id,
                first_entry: e.id,
                last_entry: e.id,
                created: false,
                deleted: false,
                fields: Vec::new(),
                statuses: Vec::new(),
                payments: Vec::new(),
            }
        });
        change.first_entry = change.first_entry.min(e.id);
        change.last_entry = change.last_entry.max(e.id);
        change.created |= e.created;
        change.deleted |= e.deleted;
        if let Some(f) = &e.field
            && !change.fields.contains(f)
        {
            change.fields.push(f.clone());
        }
        change.statuses.extend(e.status.clone());
        if let Some(p) = e.payment_id
            && !change.payments.contains(&p)
        {
            change.payments.push(p);
        }
    }
    order
        .into_iter()
        .filter_map(|id| by_record.remove(&id))
        .collect()
}

/// The cursor after a page: its last entry id, echoes included (they are done).
pub fn next_cursor(entries: &[HistoryEntry]) -> Option<i64> {
    entries.iter().map(|e| e.id).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, record: i64, ours: bool, field: &str) -> HistoryEntry {
        HistoryEntry {
            id,
            record_id: Some(record),
            field: Some(field.into()),
            created: field == "id",
            deleted: false,
            source: Some(if ours { "api" } else { "user" }.into()),
            ours,
            status: (field == "status").then(|| format!("s{id}")),
            payment_id: (field == "payments").then_some(id * 10),
        }
    }

    #[test]
    fn ms_b1_one_change_per_record_and_echoes_dropped() {
        let page = [
            entry(10, 1, false, "id"),
            entry(11, 2, true, "customFields"),
            entry(12, 1, false, "status"),
            entry(13, 3, false, "status"),
            entry(14, 3, true, "customFields"),
        ];
        let got = changes(&page);
        assert_eq!(got.len(), 2, "record 2 only has our own echo: {got:?}");
        assert_eq!(
            (got[0].record_id, got[0].first_entry, got[0].last_entry),
            (1, 10, 12)
        );
        assert!(got[0].created);
        assert_eq!(got[0].fields, vec!["id".to_owned(), "status".to_owned()]);
        assert_eq!(
            got[0].statuses,
            vec!["s12".to_owned()],
            "MS-M6: statuses set, in order"
        );
        assert_eq!(got[1].record_id, 3);
        assert_eq!(next_cursor(&page), Some(14));
        let ours = own_changes(&page);
        assert_eq!(ours.len(), 1, "only record 2 is ours alone: {ours:?}");
        assert_eq!((ours[0].record_id, ours[0].first_entry), (2, 11));
        assert_eq!(
            got[1].dedupe_key("acme", "orders"),
            "crm-history:acme:orders:3:13-13"
        );
    }
}
