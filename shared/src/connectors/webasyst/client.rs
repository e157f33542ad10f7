//! The handle on one Webasyst install's API and its transport: the
//! `/api.php/<app>.<method>` URL, the token, bodies, timeouts, the rate
//! budget and retries. App methods live in `shop` and `crm`.

use super::errors::ApiFailure;
use crate::budget::{Permit, RateBudget};
use crate::connectors::RetryPolicy;
use crate::connectors::retry::parse_retry_after;
use crate::secret::Secret;
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// What a request carries.
pub(super) enum Body {
    None,
    /// `application/x-www-form-urlencoded`: what the framework's
    /// `waRequest::post()` reads (Shop-Script's methods).
    Form(Vec<(String, String)>),
    /// A JSON body: what the CRM's methods read (`readBodyAsJson`).
    Json(Value),
}

/// Whether a failed request may be sent again.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Replay {
    /// Reads and writes that give the same result twice.
    Safe,
    /// Creates: only after an answer saying it was not served (429, 503),
    /// never after a timeout, which may hide a created record.
    Refused,
}

/// One install's API with one token. Cheap to clone.
#[derive(Clone)]
pub struct Webasyst {
    http: reqwest::Client,
    /// Error messages name it (`shopscript`, `webasyst_crm`).
    pub(super) peer: &'static str,
    base_url: Arc<str>,
    token: Secret,
    retry: RetryPolicy,
    timeout: Duration,
    /// The install's shared budget; `None` sends unthrottled (tests).
    budget: Option<Arc<dyn RateBudget>>,
}

impl Webasyst {
    /// `base_url`: the install's root (`https://shop.example`).
    pub fn new(http: reqwest::Client, peer: &'static str, base_url: &str, token: Secret) -> Self {
        Webasyst {
            http,
            peer,
            base_url: base_url.trim_end_matches('/').into(),
            token,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            budget: None,
        }
    }

    /// Spends `budget` (one unit a request) before every request.
    pub fn with_budget(mut self, budget: Arc<dyn RateBudget>) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Replaces the per-request timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Replaces the retry policy (tests use short pauses).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// One logical call of `method` (`shop.order.search`): retries what
    /// `replay` allows, up to the policy, each attempt spending the budget.
    pub(super) async fn call(
        &self,
        verb: Method,
        method: &str,
        query: &[(&str, String)],
        body: Body,
        replay: Replay,
    ) -> Result<(u16, bytes::Bytes), ApiFailure> {
        let mut attempt = 1;
        loop {
            let permit = match &self.budget {
                Some(b) => Some(b.acquire(1).await.map_err(ApiFailure::budget)?),
                None => None,
            };
            let failure = match self.send_once(&verb, method, query, &body, permit).await {
                Ok(answer) => return Ok(answer),
                Err(f) => f,
            };
            let unserved = matches!(failure.status, Some(429 | 503));
            if !failure.error.is_retryable() || (replay == Replay::Refused && !unserved) {
                return Err(failure);
            }
            let Some(pause) = self.retry.delay(attempt, failure.error.retry_after()) else {
                return Err(failure);
            };
            tracing::warn!(message = "Webasyst unavailable, retrying.", peer = self.peer, method, attempt, error = %failure.error);
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    async fn send_once(
        &self,
        verb: &Method,
        method: &str,
        query: &[(&str, String)],
        body: &Body,
        // Held until the answer is in: it may be a parallel slot.
        _permit: Option<Permit>,
    ) -> Result<(u16, bytes::Bytes), ApiFailure> {
        let url = format!("{}/api.php/{method}", self.base_url);
        let mut request = self.http.request(verb.clone(), url).timeout(self.timeout);
        // No token, no header: the install answers `token_required`.
        if !self.token.is_empty() {
            let mut auth = HeaderValue::from_str(&format!("Bearer {}", self.token.expose()))
                .map_err(|_| {
                    ApiFailure::malformed(self.peer, 0, "the token has invalid characters")
                })?;
            auth.set_sensitive(true);
            request = request.header(AUTHORIZATION, auth);
        }
        if !query.is_empty() {
            request = request.query(query);
        }
        request = match body {
            Body::None => request,
            Body::Form(fields) => request.form(fields),
            Body::Json(value) => request.json(value),
        };
        let answer = request
            .send()
            .await
            .map_err(|e| ApiFailure::transport(self.peer, e))?;
        let status = answer.status().as_u16();
        let retry_after = parse_retry_after(answer.headers());
        let bytes = answer
            .bytes()
            .await
            .map_err(|e| ApiFailure::transport(self.peer, e))?;
        if let (Some(budget), 429 | 503) = (&self.budget, status) {
            // Whoever shares the install's budget waits too.
            budget
                .throttled(retry_after.unwrap_or(Duration::from_secs(1)))
                .await;
        }
        if !(200..300).contains(&status) {
            return Err(ApiFailure::from_answer(
                self.peer,
                status,
                retry_after,
                &bytes,
            ));
        }
        Ok((status, bytes))
    }

    /// The JSON of a 2xx answer as `T`.
    pub(super) fn parse<T: serde::de::DeserializeOwned>(
        &self,
        (status, bytes): (u16, bytes::Bytes),
    ) -> Result<T, ApiFailure> {
        serde_json::from_slice(&bytes).map_err(|e| ApiFailure::malformed(self.peer, status, e))
    }
}
