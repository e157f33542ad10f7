//! What a backfill run has done so far, as the merchant sees it and as it
//! is checkpointed: counts, how far through the CRM's pages, and the
//! records left for the merchant (`Issue`).

use serde::{Deserialize, Serialize};

/// Where a run is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Reading the shop's records (again, after a restart).
    Indexing,
    /// Walking the CRM's pages; `crm_pages_done` of `crm_pages`.
    Matching,
    /// Listing the shop's records no CRM record matched.
    Finishing,
    Done,
    /// Stopped by an error (a peer down past its retries); a new start
    /// resumes from the checkpoint.
    Failed,
}

/// One run's progress: the checkpoint's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// This run's id (a finished run is followed by a new one).
    pub run: String,
    pub status: Status,
    /// The error that stopped it, when `Failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub started_ms: i64,
    pub updated_ms: i64,
    /// Shop customers read (this run's latest index).
    pub shop_records: u64,
    /// The CRM's page count, as its latest page said.
    pub crm_pages: u32,
    /// Pages matched and checkpointed: a restart goes on after this one.
    pub crm_pages_done: u32,
    pub crm_records: u64,
    /// Pairs linked by this run.
    pub linked: u64,
    /// Pairs that were linked before (by a flow, or by a run that stopped).
    pub already_linked: u64,
    pub conflicts: u64,
    pub unmatched_crm: u64,
    pub unmatched_shop: u64,
    /// Report pages of the shop's unmatched records (`REPORT` snapshot).
    pub shop_report_pages: u32,
}

impl Progress {
    pub fn new(run: String, now_ms: i64) -> Self {
        Progress {
            run,
            status: Status::Indexing,
            error: None,
            started_ms: now_ms,
            updated_ms: now_ms,
            shop_records: 0,
            crm_pages: 0,
            crm_pages_done: 0,
            crm_records: 0,
            linked: 0,
            already_linked: 0,
            conflicts: 0,
            unmatched_crm: 0,
            unmatched_shop: 0,
            shop_report_pages: 0,
        }
    }

    /// Whether a start goes on with this run (else it begins a new one).
    pub fn resumable(&self) -> bool {
        self.status != Status::Done
    }

    /// Adds one CRM page's outcome.
    pub fn add_page(&mut self, page: &PageReport, records: usize) {
        self.crm_records += records as u64;
        self.linked += page.linked;
        self.already_linked += page.already_linked;
        for issue in &page.issues {
            match issue.kind {
                IssueKind::Conflict => self.conflicts += 1,
                IssueKind::Unmatched => self.unmatched_crm += 1,
            }
        }
    }
}

/// Why a record is left for the merchant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// Nothing on the other side has its e-mail or phone.
    Unmatched,
    /// Two or more candidates, or a side linked elsewhere already.
    Conflict,
}

/// One record left for the merchant to resolve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub kind: IssueKind,
    /// `retailcrm` or `opencart`: the record's system.
    pub system: String,
    /// Its id there (a shop customer as its link key: `c:<id>`).
    pub id: String,
    /// The other side's candidates, for a conflict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    pub reason: String,
}

/// What one page of CRM records came to (kept per page, so a restarted
/// run knows which shop records were matched before it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageReport {
    pub linked: u64,
    pub already_linked: u64,
    /// The shop records this page's CRM records were paired with.
    pub matched_shop: Vec<String>,
    pub issues: Vec<Issue>,
}
