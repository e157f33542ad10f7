//! A soak run's end state by natural keys, and how a chaos run's differs
//! from the clean run's (lost, duplicated, changed, extra).

use std::collections::BTreeMap;

/// The end state: natural key → the records found under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub records: BTreeMap<String, Vec<String>>,
}

/// How a chaos run's end state differs from the clean run's.
#[derive(Debug, Default)]
pub struct Difference {
    /// Keys the clean run has and the chaos run lacks.
    pub lost: Vec<String>,
    /// Keys with more records than in the clean run (or more than one).
    pub duplicated: Vec<String>,
    /// Keys present in both with different contents.
    pub changed: Vec<String>,
    /// Keys only the chaos run has.
    pub extra: Vec<String>,
}

impl Snapshot {
    /// Records in all.
    pub fn len(&self) -> usize {
        self.records.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Records counted by kind (`crm/order`, `ms/customerorder`, ...).
    pub fn by_kind(&self) -> BTreeMap<String, usize> {
        let mut kinds = BTreeMap::new();
        for (key, found) in &self.records {
            let mut parts = key.splitn(4, '/');
            let (_, system, kind) = (parts.next(), parts.next(), parts.next());
            *kinds
                .entry(format!("{}/{}", system.unwrap_or(""), kind.unwrap_or("")))
                .or_default() += found.len();
        }
        kinds
    }

    /// This (chaos) end state against the clean one.
    pub fn compare(&self, clean: &Snapshot) -> Difference {
        let mut diff = Difference::default();
        for (key, want) in &clean.records {
            match self.records.get(key) {
                None => diff.lost.push(key.clone()),
                Some(got) if got.len() > want.len() => {
                    diff.duplicated.push(format!("{key} ×{}", got.len()))
                }
                Some(got) if sorted(got) != sorted(want) => diff
                    .changed
                    .push(format!("{key}: {got:?} (clean: {want:?})")),
                Some(_) => {}
            }
        }
        for (key, got) in &self.records {
            if !clean.records.contains_key(key) {
                diff.extra.push(format!("{key}: {got:?}"));
            }
        }
        diff
    }

    /// Keys carrying more than one record (a duplicate in any run).
    pub fn duplicates(&self) -> Vec<String> {
        self.records
            .iter()
            .filter(|(_, found)| found.len() > 1)
            .map(|(key, found)| format!("{key} ×{}", found.len()))
            .collect()
    }
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

impl Difference {
    pub fn is_empty(&self) -> bool {
        self.lost.is_empty()
            && self.duplicated.is_empty()
            && self.changed.is_empty()
            && self.extra.is_empty()
    }
}
