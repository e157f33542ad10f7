//! The handle on one shop's extension API and its transport: the one URL
//! (`{shop}index.php?route=extension/synclane/api&op=…`), signing, timeouts
//! and retries. Operations live in `orders`, `customers` and `ledger`.

use super::errors::{ApiFailure, Sent};
use super::signing::{canonical, rawurlencode, signature};
use crate::clock::now_ms;
use crate::connectors::retry::{RetryPolicy, parse_retry_after};
use crate::secret::Secret;
use crate::settings::OPENCART_API_ROUTE as API_ROUTE;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// Query parameters of one call, `op` and `route` excluded.
pub(super) type Params = Vec<(&'static str, String)>;

/// Whether a call may be sent again after an unclear failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Repeat {
    /// Reads, and writes that set absolute values: the same call twice is
    /// the same effect.
    Safe,
    /// `customer.create`, `transaction.add`: sent twice, two records. Sent
    /// again here only when it never reached the shop; otherwise the caller
    /// looks the record up first (API.md §1).
    OnlyIfUnsent,
}

/// `ping`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Ping {
    pub status: String,
    pub extension_version: String,
    pub opencart_version: String,
}

/// One shop's API. Cheap to clone.
#[derive(Clone)]
pub struct OpenCart {
    http: reqwest::Client,
    /// `{shop}index.php`.
    endpoint: String,
    secret: Secret,
    retry: RetryPolicy,
    timeout: Duration,
}

impl OpenCart {
    /// `endpoint` is `{shop}index.php` (`OpenCartSettings::api_endpoint`);
    /// `secret` the tenant's shared secret. Default retry policy, 20 s a request.
    pub fn new(http: reqwest::Client, endpoint: impl Into<String>, secret: Secret) -> Self {
        OpenCart {
            http,
            endpoint: endpoint.into(),
            secret,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(20),
        }
    }

    /// Replaces the retry policy (tests use short pauses).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Replaces the per-request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// `ping`: the extension answers, and our signature and clock are
    /// right; returns its version and the shop's OpenCart version.
    pub async fn ping(&self) -> crate::Result<Ping> {
        Ok(self.get("ping", Vec::new()).await?)
    }

    pub(super) fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// `GET op`.
    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        op: &str,
        params: Params,
    ) -> Result<T, ApiFailure> {
        self.send(Method::GET, op, params, Vec::new(), Repeat::Safe)
            .await
    }

    /// `POST op` with a JSON body.
    pub(super) async fn post<T: DeserializeOwned>(
        &self,
        op: &str,
        params: Params,
        body: &impl Serialize,
        repeat: Repeat,
    ) -> Result<T, ApiFailure> {
        let raw = serde_json::to_vec(body).map_err(|e| ApiFailure::malformed(0, e))?;
        self.send(Method::POST, op, params, raw, repeat).await
    }

    /// One logical call: retries what is retryable, up to the policy.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        op: &str,
        params: Params,
        body: Vec<u8>,
        repeat: Repeat,
    ) -> Result<T, ApiFailure> {
        let mut attempt = 1;
        loop {
            let failure = match self.send_once(&method, op, &params, &body).await {
                Ok(v) => return Ok(v),
                Err(f) => f,
            };
            let unclear = failure.sent == Sent::Maybe && repeat == Repeat::OnlyIfUnsent;
            if !failure.error.is_retryable() || unclear {
                return Err(failure);
            }
            let Some(pause) = self.retry.delay(attempt, failure.error.retry_after()) else {
                return Err(failure);
            };
            tracing::warn!(message = "OpenCart unavailable, retrying.", op, attempt, error = %failure.error);
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    async fn send_once<T: DeserializeOwned>(
        &self,
        method: &Method,
        op: &str,
        params: &Params,
        body: &[u8],
    ) -> Result<T, ApiFailure> {
        let mut all: Params = vec![("op", op.to_owned())];
        all.extend(params.iter().cloned());
        // Signed per try: a retry after minutes would be a stale timestamp.
        let timestamp = (now_ms() / 1000).to_string();
        let signed = canonical(method.as_str(), API_ROUTE, &all, &timestamp, body);
        let query: String = all
            .iter()
            .map(|(name, value)| format!("&{name}={}", rawurlencode(value)))
            .collect();
        let url = format!("{}?route={API_ROUTE}{query}", self.endpoint);
        let mut request = self
            .http
            .request(method.clone(), url)
            .timeout(self.timeout)
            .header("Accept", "application/json")
            .header("X-Synclane-Timestamp", &timestamp)
            .header(
                "X-Synclane-Signature",
                signature(self.secret.expose(), &signed),
            );
        if *method == Method::POST {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_vec());
        }
        let answer = request.send().await.map_err(ApiFailure::transport)?;
        let status = answer.status().as_u16();
        let retry_after = parse_retry_after(answer.headers());
        let raw = answer.bytes().await.map_err(ApiFailure::transport)?;
        if !(200..300).contains(&status) {
            return Err(ApiFailure::from_answer(status, retry_after, &raw));
        }
        serde_json::from_slice(&raw).map_err(|e| ApiFailure::malformed(status, e))
    }
}
