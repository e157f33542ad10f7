//! Chaos for every emulator: a seeded share of requests answered with a
//! fault instead of (or after) the emulator's own answer, off by default.
//!
//! The faults are those a peer shows on a bad day: 503, 429 with
//! `Retry-After`, a request held past the client's timeout, a connection
//! dropped before any answer, and a 200 whose body is cut off (the
//! `Content-Length` promises more than is sent). Half of them strike
//! *before* the emulator applies the request (nothing is written) and half
//! *after* it (the write is applied, the answer is lost): the latter is what
//! makes a careless client write twice.
//!
//! These answers are the chaos layer's own: they never reach an emulator's
//! rate-limit counters, which stay the measure of requests over the
//! vendor's real limits.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

/// What a fault does to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FaultKind {
    /// `503 Service Unavailable`.
    Unavailable,
    /// `429 Too Many Requests` with `Retry-After: 1`.
    TooMany,
    /// Held longer than the client waits, then answered 504.
    Timeout,
    /// The connection is dropped before a full answer.
    Reset,
    /// `200` with a `Content-Length` larger than the bytes sent.
    CutBody,
}

impl FaultKind {
    pub const ALL: [FaultKind; 5] = [
        FaultKind::Unavailable,
        FaultKind::TooMany,
        FaultKind::Timeout,
        FaultKind::Reset,
        FaultKind::CutBody,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Unavailable => "503",
            FaultKind::TooMany => "429",
            FaultKind::Timeout => "timeout",
            FaultKind::Reset => "reset",
            FaultKind::CutBody => "cut-body",
        }
    }
}

/// Whether the emulator applied the request before the fault struck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    /// Nothing was applied.
    Before,
    /// The request was applied; its answer is lost.
    After,
}

/// Faults injected so far, by kind and by when they struck.
pub type FaultCounts = BTreeMap<(FaultKind, When), u64>;

struct Inner {
    /// Share of requests that fault, as `f64` bits (0: off).
    rate: AtomicU64,
    /// How long a `Timeout` fault holds the request.
    hold_ms: AtomicU64,
    rng: Mutex<StdRng>,
    counts: Mutex<FaultCounts>,
    /// Faults the next requests take, in order, before any draw (tests).
    queued: Mutex<std::collections::VecDeque<(FaultKind, When)>>,
}

/// One emulator's fault switch and counters. Cheap to clone (shared).
#[derive(Clone)]
pub struct FaultInjector {
    inner: Arc<Inner>,
}

impl Default for FaultInjector {
    fn default() -> Self {
        FaultInjector {
            inner: Arc::new(Inner {
                rate: AtomicU64::new(0f64.to_bits()),
                hold_ms: AtomicU64::new(35_000),
                rng: Mutex::new(StdRng::seed_from_u64(0)),
                counts: Mutex::default(),
                queued: Mutex::default(),
            }),
        }
    }
}

impl FaultInjector {
    /// Faults `rate` of the requests from now on (0 turns them off), drawn
    /// from `seed`; a `Timeout` holds its request for `hold` (set it above
    /// the client's timeout).
    pub fn enable(&self, rate: f64, seed: u64, hold: Duration) {
        *self.inner.rng.lock().unwrap() = StdRng::seed_from_u64(seed);
        self.inner
            .hold_ms
            .store(hold.as_millis() as u64, Ordering::SeqCst);
        self.inner.rate.store(rate.to_bits(), Ordering::SeqCst);
    }

    /// The next request takes this fault, whatever the rate (a regression
    /// test's one fault at a known place); several calls queue up.
    pub fn strike_next(&self, kind: FaultKind, when: When) {
        self.inner.queued.lock().unwrap().push_back((kind, when));
    }

    /// No more faults (counters are kept).
    pub fn disable(&self) {
        self.inner.rate.store(0f64.to_bits(), Ordering::SeqCst);
    }

    /// Faults injected so far.
    pub fn counts(&self) -> FaultCounts {
        self.inner.counts.lock().unwrap().clone()
    }

    /// The total injected so far.
    pub fn total(&self) -> u64 {
        self.counts().values().sum()
    }

    /// Wraps an emulator's router: every request passes the fault draw.
    pub fn layer(&self, router: axum::Router) -> axum::Router {
        router.layer(axum::middleware::from_fn_with_state(self.clone(), inject))
    }

    fn draw(&self) -> Option<(FaultKind, When)> {
        let queued = self.inner.queued.lock().unwrap().pop_front();
        let (kind, when) = match queued {
            Some(fault) => fault,
            None => self.random_draw()?,
        };
        *self
            .inner
            .counts
            .lock()
            .unwrap()
            .entry((kind, when))
            .or_default() += 1;
        Some((kind, when))
    }

    fn random_draw(&self) -> Option<(FaultKind, When)> {
        let rate = f64::from_bits(self.inner.rate.load(Ordering::SeqCst));
        if rate <= 0.0 {
            return None;
        }
        let mut rng = self.inner.rng.lock().unwrap();
        if rng.random::<f64>() >= rate {
            return None;
        }
        let kind = FaultKind::ALL[rng.random_range(0..FaultKind::ALL.len())];
        let when = if rng.random::<bool>() {
            When::Before
        } else {
            When::After
        };
        Some((kind, when))
    }
}

async fn inject(
    axum::extract::State(faults): axum::extract::State<FaultInjector>,
    request: Request,
    next: Next,
) -> Response {
    let Some((kind, when)) = faults.draw() else {
        return next.run(request).await;
    };
    let applied = match when {
        When::Before => None,
        When::After => Some(next.run(request).await),
    };
    match kind {
        FaultKind::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Service Temporarily Unavailable (injected)",
        )
            .into_response(),
        FaultKind::TooMany => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            "Too Many Requests (injected)",
        )
            .into_response(),
        FaultKind::Timeout => {
            let hold = faults.inner.hold_ms.load(Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(hold)).await;
            (StatusCode::GATEWAY_TIMEOUT, "Gateway Timeout (injected)").into_response()
        }
        FaultKind::Reset => {
            // No byte of the answer: the body fails at once, and the server
            // drops the connection.
            Response::new(Body::new(Broken {
                first: None,
                failed: false,
            }))
        }
        FaultKind::CutBody => {
            let answer = match applied {
                Some(answer) => answer,
                None => (StatusCode::OK, "{\"success\":true,\"id\":1}").into_response(),
            };
            let (mut parts, body) = answer.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let full = bytes.len().max(2);
            let sent = bytes.slice(..bytes.len() / 2);
            parts.status = StatusCode::OK;
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(full));
            parts.headers.remove(header::TRANSFER_ENCODING);
            Response::from_parts(
                parts,
                Body::new(Broken {
                    first: Some(sent),
                    failed: false,
                }),
            )
        }
    }
}

/// A body that sends `first` (if any) and then fails.
struct Broken {
    first: Option<Bytes>,
    failed: bool,
}

impl http_body::Body for Broken {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if let Some(first) = self.first.take()
            && !first.is_empty()
        {
            return Poll::Ready(Some(Ok(http_body::Frame::data(first))));
        }
        if self.failed {
            return Poll::Ready(None);
        }
        self.failed = true;
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected fault",
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Every kind strikes, before and after applying; the handler runs for
    /// exactly the `After` ones; each is seen by a client as it would be.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_fault_strikes_before_or_after_the_write() {
        let applied = Arc::new(AtomicUsize::new(0));
        let counter = applied.clone();
        let faults = FaultInjector::default();
        let app = faults.layer(axum::Router::new().fallback(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                "{\"success\":true,\"written\":\"yes, a long enough answer\"}"
            }
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        // Off by default.
        let answer = client.post(&url).send().await.unwrap();
        assert_eq!(answer.status(), 200);
        assert!(answer.text().await.is_ok());
        assert_eq!(faults.total(), 0);

        faults.enable(1.0, 7, Duration::from_millis(300));
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for _ in 0..60 {
            let outcome = match client.post(&url).send().await {
                Err(e) if e.is_timeout() => "timeout",
                Err(_) => "transport",
                Ok(r) => {
                    let status = r.status().as_u16();
                    let retry_after = r.headers().contains_key(header::RETRY_AFTER);
                    match (status, r.bytes().await) {
                        (503, Ok(_)) => "503",
                        (429, Ok(_)) if retry_after => "429",
                        (200, Err(_)) => "broken body",
                        (_, Err(e)) if e.is_timeout() => "timeout",
                        other => panic!("unexpected {other:?}"),
                    }
                }
            };
            *seen.entry(outcome).or_default() += 1;
        }
        let counts = faults.counts();
        assert_eq!(faults.total(), 60, "{counts:?}");
        for kind in FaultKind::ALL {
            for when in [When::Before, When::After] {
                assert!(
                    counts.get(&(kind, when)).is_some(),
                    "{kind:?} {when:?}: {counts:?}"
                );
            }
        }
        let after: u64 = counts
            .iter()
            .filter(|((_, when), _)| *when == When::After)
            .map(|(_, n)| n)
            .sum();
        // The one clean request, and each fault that struck after the write.
        assert_eq!(applied.load(Ordering::SeqCst) as u64, 1 + after);
        let count = |kind| {
            counts
                .iter()
                .filter(|((k, _), _)| *k == kind)
                .map(|(_, n)| *n as usize)
                .sum::<usize>()
        };
        assert_eq!(
            seen.get("503").copied().unwrap_or(0),
            count(FaultKind::Unavailable)
        );
        assert_eq!(
            seen.get("429").copied().unwrap_or(0),
            count(FaultKind::TooMany)
        );
        assert_eq!(
            seen.get("timeout").copied().unwrap_or(0),
            count(FaultKind::Timeout)
        );
        assert_eq!(
            seen.get("transport").copied().unwrap_or(0)
                + seen.get("broken body").copied().unwrap_or(0),
            count(FaultKind::Reset) + count(FaultKind::CutBody),
            "{seen:?}"
        );

        faults.disable();
        let answer = client.post(&url).send().await.unwrap();
        assert_eq!(answer.status(), 200);
        assert!(answer.text().await.is_ok(), "off again");
    }
}
