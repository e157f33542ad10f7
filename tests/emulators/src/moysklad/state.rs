//! The emulator's data: tables of JSON entities, limit counters, webhook
//! deliveries, and the helpers that build MoySklad-shaped answers.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

/// One table: rows in insertion order, found by id.
#[derive(Default)]
pub(crate) struct Table {
    rows: BTreeMap<u64, Value>,
    by_id: HashMap<String, u64>,
    next: u64,
}

impl Table {
    pub fn insert(&mut self, id: String, row: Value) {
        let seq = *self.by_id.entry(id).or_insert_with(|| {
            self.next += 1;
            self.next
        });
        self.rows.insert(seq, row);
    }
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.by_id.get(id).and_then(|s| self.rows.get(s))
    }
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.by_id.get(id).and_then(|s| self.rows.get_mut(s))
    }
    pub fn remove(&mut self, id: &str) -> Option<Value> {
        self.by_id.remove(id).and_then(|s| self.rows.remove(&s))
    }
    pub fn rows(&self) -> impl Iterator<Item = &Value> {
        self.rows.values()
    }
    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut Value> {
        self.rows.values_mut()
    }
    pub fn clear(&mut self) {
        *self = Table::default();
    }
}

/// All entity data. Tables are named by their API path below `entity/`:
/// `counterparty`, `counterparty/{id}/contactpersons`, ...
#[derive(Default)]
pub(crate) struct Db {
    pub tables: HashMap<String, Table>,
    /// (good id, store id) → (stock, reserve, in transit).
    pub stock: BTreeMap<(String, String), (f64, f64, f64)>,
    /// (good id, store id) → unix ms of the last stock change.
    pub stock_changed: HashMap<(String, String), i64>,
}

impl Db {
    pub fn table(&mut self, name: &str) -> &mut Table {
        self.tables.entry(name.to_owned()).or_default()
    }
    pub fn find(&self, name: &str, id: &str) -> Option<&Value> {
        self.tables.get(name).and_then(|t| t.get(id))
    }
}

/// Share of calls answered with a fault instead of the real answer.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Faults {
    /// Share of calls answered 429 (code 1049), e.g. 0.1.
    pub rate_429: f64,
    /// Share answered 500.
    pub rate_500: f64,
    /// Share that hang for `hang` and then answer 503 (a client timeout).
    pub rate_timeout: f64,
    pub hang: Duration,
}

/// Counters a test reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Requests that reached the emulator (after gzip and auth checks).
    pub requests: u64,
    /// Requests refused for exceeding 45 units / 3 s (1049).
    pub rate_violations: u64,
    /// Requests refused for exceeding 5 in flight (1073).
    pub parallel_violations: u64,
    /// Faults injected on purpose.
    pub injected_faults: u64,
}

/// One attempt to deliver a webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub url: String,
    pub request_id: String,
    pub attempt: u32,
    /// The receiver's status; `None` when it did not answer in 1500 ms.
    pub status: Option<u16>,
    pub body: Value,
}

/// Limit bookkeeping of one token.
#[derive(Default)]
pub(crate) struct Usage {
    pub window: VecDeque<(Instant, u32)>,
    pub in_flight: u32,
}

/// Everything the handlers share.
pub(crate) struct Shared {
    pub token: String,
    pub base_url: Mutex<String>,
    pub account_id: String,
    pub db: Mutex<Db>,
    pub usage: Mutex<Usage>,
    pub faults: Mutex<Faults>,
    pub weight: AtomicU64,
    pub requests: AtomicU64,
    /// `METHOD path?query` of every counted request, for tests that check
    /// what was asked (a few hundred lines even in the benchmarks).
    pub request_log: Mutex<Vec<String>>,
    pub rate_violations: AtomicU64,
    pub parallel_violations: AtomicU64,
    pub injected_faults: AtomicU64,
    pub deliveries: Mutex<Vec<Delivery>>,
    pub http: reqwest::Client,
    /// A generated catalogue for stock reports, if one was set up.
    pub synthetic: Mutex<Option<super::synthetic::Synthetic>>,
    /// Writes to `entity/{kind}` applied but answered 503, as if the
    /// connection dropped: (kind, how many more).
    pub lost_answers: Mutex<Vec<(String, u32)>>,
}

/// Wall-clock unix milliseconds (stock changes are stamped with it).
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Shared {
    pub fn base(&self) -> String {
        self.base_url.lock().unwrap().clone()
    }

    /// `meta` of an entity at `path` (`counterparty/{id}` or a nested one).
    pub fn meta(&self, path: &str, kind: &str) -> Value {
        let base = self.base();
        let metadata = path.split('/').next().unwrap_or(kind);
        json!({
            "href": format!("{base}/entity/{path}"),
            "metadataHref": format!("{base}/entity/{metadata}/metadata"),
            "type": kind,
            "mediaType": "application/json",
        })
    }
}

pub(crate) const WINDOW: Duration = Duration::from_secs(3);
pub(crate) const UNITS: u32 = 45;
pub(crate) const PARALLEL: u32 = 5;

/// A MoySklad error answer: `{"errors":[{error, code, parameter?}]}`.
pub(crate) fn error(
    status: StatusCode,
    code: i64,
    text: &str,
    parameter: Option<&str>,
) -> Response {
    let mut e = json!({"error": text, "code": code, "moreInfo": format!("https://dev.moysklad.ru/doc/api/remap/1.2/#error_{code}")});
    if let Some(p) = parameter {
        e["parameter"] = json!(p);
    }
    (status, axum::Json(json!({ "errors": [e] }))).into_response()
}

/// 404 with code 1021.
pub(crate) fn not_found(kind: &str, id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        1021,
        &format!("Объект с типом '{kind}' и идентификатором '{id}' не найден"),
        None,
    )
}

/// A 429 with MoySklad's limit headers.
pub(crate) fn too_many(code: i64, text: &str, retry_after_ms: u64, remaining: u32) -> Response {
    let mut r = error(StatusCode::TOO_MANY_REQUESTS, code, text, None);
    let h = r.headers_mut();
    h.insert("X-RateLimit-Limit", HeaderValue::from(UNITS));
    h.insert("X-RateLimit-Remaining", HeaderValue::from(remaining));
    h.insert(
        "X-Lognex-Retry-TimeInterval",
        HeaderValue::from(WINDOW.as_millis() as u64),
    );
    h.insert("X-Lognex-Retry-After", HeaderValue::from(retry_after_ms));
    h.insert("X-Lognex-Reset", HeaderValue::from(retry_after_ms));
    r
}
