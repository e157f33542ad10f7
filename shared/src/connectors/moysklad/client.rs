//! The HTTP core of the MoySklad connector: auth, gzip, JSON, the shared rate
//! budget, error classification and bounded retries (the shared
//! `RetryPolicy`, with MoySklad's replay rules).

use super::CallKind;
use super::errors::{self, PEER};
use crate::budget::RateBudget;
use crate::connectors::RetryPolicy;
use crate::error::{Error, Result};
use crate::settings::MoySkladSettings;
use bytes::Bytes;
use http::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// Whether resending a call after an unclear failure (timeout, 5xx) is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replay {
    /// GET, PUT, DELETE, and POSTs carrying a `syncId`.
    Safe,
    /// Resent only when MoySklad refused it outright (429).
    OnlyIfRefused,
}

/// A tenant's MoySklad account. Cheap to clone.
#[derive(Clone)]
pub struct MoySklad {
    http: reqwest::Client,
    settings: Arc<MoySkladSettings>,
    budget: Arc<dyn RateBudget>,
    retry: RetryPolicy,
    /// Per-request timeout. MoySklad may take long on heavy reports.
    timeout: Duration,
}

impl MoySklad {
    /// `http` must keep reqwest's gzip decoding on (the default with the `gzip` feature).
    pub fn new(
        http: reqwest::Client,
        settings: MoySkladSettings,
        budget: Arc<dyn RateBudget>,
    ) -> Self {
        MoySklad {
            http,
            settings: Arc::new(settings),
            budget,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(60),
        }
    }

    /// Replaces the retry policy (`Peers` gives every connector the same one).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Replaces the per-request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// `https://api.moysklad.ru/api/remap/1.2`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.settings.base_url.trim_end_matches('/')
    }

    /// An absolute URL for `path` (`entity/counterparty`), or `path` itself when it is already an href.
    pub(crate) fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}/{}", self.base_url(), path.trim_start_matches('/'))
        }
    }

    /// GET a JSON document.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        kind: CallKind,
    ) -> Result<T> {
        let body = self
            .call(Method::GET, path, query, None, kind, Replay::Safe)
            .await?;
        decode(&body)
    }

    /// GET, with 404 (and MoySklad's "not found" 1021) as `None`.
    pub async fn get_opt<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Option<T>> {
        match self.get(path, query, CallKind::Ordinary).await {
            Ok(v) => Ok(Some(v)),
            Err(Error::PeerRejected { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// POST or PUT a JSON body; the answer is decoded as `T`.
    pub(crate) async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
        replay: Replay,
    ) -> Result<T> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| Error::Invalid(format!("moysklad body: {e}")))?;
        let answer = self
            .call(
                method,
                path,
                &[],
                Some(bytes.into()),
                CallKind::Ordinary,
                replay,
            )
            .await?;
        decode(&answer)
    }

    /// DELETE; a record already gone counts as deleted.
    pub async fn delete(&self, path: &str) -> Result<()> {
        match self
            .call(
                Method::DELETE,
                path,
                &[],
                None,
                CallKind::Ordinary,
                Replay::Safe,
            )
            .await
        {
            Ok(_) | Err(Error::PeerRejected { status: 404, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// One call with bounded retries of retryable failures.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Bytes>,
        kind: CallKind,
        replay: Replay,
    ) -> Result<Bytes> {
        let url = self.url(path);
        let units = kind.units(self.settings.request_weight);
        let mut attempt = 1;
        loop {
            let (err, refused) = match self
                .attempt(&method, &url, query, body.clone(), units)
                .await
            {
                Ok(bytes) => return Ok(bytes),
                Err(e) => e,
            };
            let may_replay = replay == Replay::Safe || refused;
            if !err.is_retryable() || !may_replay {
                return Err(err);
            }
            let Some(wait) = self.retry.delay(attempt, err.retry_after()) else {
                return Err(err);
            };
            tracing::info!(message = "MoySklad call will be retried.", %method, %url, attempt, wait_ms = wait.as_millis() as u64, error = %err);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange inside one budget permit. On failure, also says
    /// whether MoySklad refused the request outright (429: nothing was applied).
    async fn attempt(
        &self,
        method: &Method,
        url: &str,
        query: &[(&str, String)],
        body: Option<Bytes>,
        units: u32,
    ) -> Result<Bytes, (Error, bool)> {
        let permit = self.budget.acquire(units).await.map_err(|e| (e, false))?;
        let mut req = self
            .http
            .request(method.clone(), url)
            .bearer_auth(self.settings.token.expose())
            .header(http::header::ACCEPT_ENCODING, "gzip")
            .header(http::header::ACCEPT, "application/json;charset=utf-8")
            .timeout(self.timeout);
        if !query.is_empty() {
            req = req.query(query);
        }
        if *method != Method::GET {
            // One header per prefix: MoySklad does not split a comma list.
            for prefix in &self.settings.disable_webhook_prefixes {
                req = req.header("X-Lognex-WebHook-DisableByPrefix", prefix.as_str());
            }
        }
        if let Some(body) = body {
            req = req
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| (errors::from_transport(&e), false))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| (errors::from_transport(&e), false))?;
        // The slot is held until the answer is read: the server counts it busy until then.
        permit.release();
        if status.is_success() {
            return Ok(bytes);
        }
        let err = errors::from_response(status, &headers, &bytes);
        tracing::debug!(message = "MoySklad answered with an error.", %method, %url, status = status.as_u16(), error = %err);
        let refused = status == StatusCode::TOO_MANY_REQUESTS;
        if refused {
            let wait = err.retry_after().unwrap_or(Duration::from_secs(1));
            self.budget.throttled(wait).await;
        }
        Err((err, refused))
    }
}

/// Decodes a JSON answer; an empty body reads as JSON `null`.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    let body: &[u8] = if body.is_empty() { b"null" } else { body };
    serde_json::from_slice(body).map_err(|e| Error::PeerRejected {
        peer: PEER,
        status: 200,
        message: format!("unexpected answer: {e}"),
    })
}

/// A value for `filter=field=value`: `;` separates conditions in MoySklad's
/// filter syntax, so one inside a value (an e-mail list, a phone note) is
/// escaped as `\;`, as the filtering docs say. An empty value would ask for
/// records whose field is empty: never what a lookup by that field means.
pub(crate) fn filter_value(value: &str) -> Result<String> {
    if value.is_empty() {
        return Err(Error::Invalid("moysklad filter value is empty".into()));
    }
    Ok(value.replace(';', "\\;"))
}
