//! The grants of the local runtime's rate budgets, kept in one small file
//! per budget beside the database, so that a process started after one
//! that died (SIGKILL, a crash) knows what the dead one sent within the
//! peer's current window.
//!
//! Without it a new process cannot know, and must grant nothing for a
//! whole window (1.25 s for the CRM, 3.3 s for MoySklad) after every start:
//! under the chaos soak's kill every 1–3 s no MoySklad call was ever made,
//! and every MoySklad export went to the dead letters (issue 18).
//!
//! A grant is written before the request goes out. The file is replaced
//! whole (a temporary file renamed over it: a kill mid-write leaves the old
//! one) and never synced: a killed process's writes are in the page cache
//! and outlive it; only a power loss drops them, and a machine takes far
//! longer than any window to come back. A ledger that cannot be read is
//! treated as a full window spent.

use crate::clock::now_ms;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a ledger holds: grants (unix ms, units) and a block (unix ms).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub grants: Vec<(i64, u32)>,
    pub blocked_until_ms: i64,
}

/// One budget's file.
#[derive(Debug, Clone)]
pub struct Ledger {
    path: PathBuf,
}

impl Ledger {
    /// The ledger of budget `key` in `dir` (named by a hash: keys hold URLs).
    pub fn new(dir: &Path, key: &str) -> Ledger {
        let name = hex::encode(&Sha256::digest(key.as_bytes())[..8]);
        Ledger {
            path: dir.join(format!("{name}.budget")),
        }
    }

    /// What the last process recorded within `window` of now; `None` when
    /// the file exists but cannot be read (the caller assumes the worst).
    pub fn load(&self, window: Duration) -> Option<Recorded> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(Recorded::default()),
            Err(_) => return None,
        };
        let since = now_ms() - window.as_millis() as i64;
        let mut recorded = Recorded::default();
        for line in text.lines() {
            if let Some(b) = line.strip_prefix("b=") {
                recorded.blocked_until_ms = b.parse().ok()?;
                continue;
            }
            let (at, units) = line.split_once(' ')?;
            let at: i64 = at.parse().ok()?;
            if at > since {
                recorded.grants.push((at, units.parse().ok()?));
            }
        }
        Some(recorded)
    }

    /// Replaces the file with `recorded`.
    pub fn save(&self, recorded: &Recorded) -> std::io::Result<()> {
        let mut text = format!("b={}\n", recorded.blocked_until_ms);
        for (at, units) in &recorded.grants {
            text.push_str(&format!("{at} {units}\n"));
        }
        let tmp = self.path.with_extension("budget.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_ledger_loads_the_grants_still_in_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::new(dir.path(), "t/moysklad@http://x");
        let now = now_ms();
        let recorded = Recorded {
            grants: vec![(now - 10_000, 5), (now - 100, 3), (now, 1)],
            blocked_until_ms: now + 500,
        };
        ledger.save(&recorded).unwrap();
        let loaded = ledger.load(Duration::from_secs(3)).unwrap();
        assert_eq!(loaded.grants, vec![(now - 100, 3), (now, 1)]);
        assert_eq!(loaded.blocked_until_ms, now + 500);
        assert_eq!(
            Ledger::new(dir.path(), "other").load(Duration::from_secs(3)),
            Some(Recorded::default()),
            "no file: nothing was sent"
        );
        std::fs::write(dir.path().join("junk"), "x").unwrap();
        std::fs::write(&ledger.path, "not a ledger").unwrap();
        assert_eq!(ledger.load(Duration::from_secs(3)), None, "unreadable");
    }
}
