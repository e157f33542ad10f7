//! The handle on one tenant's WooCommerce shop and its transport: URLs, the
//! consumer key (Basic or query), JSON bodies, timeouts and retries.
//! Resource methods live in `customers`, `batch` and `roles`.

use super::coalesce::Coalescer;
use super::errors::{ApiFailure, PEER, parse_retry_after};
use crate::budget::{Permit, RateBudget};
use crate::connectors::RetryPolicy;
use crate::error::Error;
use crate::secret::Secret;
use crate::settings::{WooAuth, WooCommerceSettings};
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// Query parameters of one request.
pub(super) type Params = Vec<(String, String)>;

/// A tenant's WooCommerce shop. Cheap to clone.
#[derive(Clone)]
pub struct WooCommerce {
    http: reqwest::Client,
    pub(super) settings: Arc<WooCommerceSettings>,
    retry: RetryPolicy,
    timeout: Duration,
    /// The shop's shared request budget; `None` sends unthrottled (tests).
    budget: Option<Arc<dyn RateBudget>>,
    /// Joins concurrent callers' batch items into shared requests; `None`:
    /// each call sends its own.
    pub(super) coalescer: Option<Arc<Coalescer>>,
}

/// Who a request authenticates as.
#[derive(Clone, Copy)]
pub(super) enum Credentials<'a> {
    /// The WooCommerce REST key, as the settings say (Basic or query).
    Key,
    /// A WordPress user and application password (WordPress's own API).
    WordPress { user: &'a str, password: &'a Secret },
}

/// A successful answer and the paging headers that came with it.
pub(super) struct Answer<T> {
    pub value: T,
    /// `X-WP-TotalPages`, on list calls.
    pub total_pages: Option<u32>,
    /// `X-WP-Total`, on list calls: how many records match in all.
    pub total: Option<u64>,
}

impl WooCommerce {
    /// Uses the default retry policy and a 30 s timeout per request (WordPress
    /// hosts are often slow, and a batch of 100 accounts takes a while).
    pub fn new(http: reqwest::Client, settings: WooCommerceSettings) -> Self {
        WooCommerce {
            http,
            settings: Arc::new(settings),
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            budget: None,
            coalescer: None,
        }
    }

    /// Spends `budget` (one unit a request) before every request, and tells
    /// it when the shop throttles us anyway.
    pub fn with_budget(mut self, budget: Arc<dyn RateBudget>) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Sends [`WooCommerce::customers_batch`] items through `coalescer`, shared
    /// by every client of the same shop in this process.
    pub fn with_coalescer(mut self, coalescer: Arc<Coalescer>) -> Self {
        self.coalescer = Some(coalescer);
        self
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

    /// `{site}/wp-json/{api}/{path}`.
    pub(super) fn url(&self, api: &str, path: &str) -> String {
        format!(
            "{}/wp-json/{api}/{path}",
            self.settings.base_url.trim_end_matches('/')
        )
    }

    /// One logical call to WooCommerce REST v3 (`wc/v3/{path}`); `granted`:
    /// a budget permit already taken for its first attempt.
    pub(super) async fn wc<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: Params,
        body: Option<serde_json::Value>,
        granted: Option<Permit>,
    ) -> Result<Answer<T>, ApiFailure> {
        let url = self.url("wc/v3", path);
        self.send(method, &url, query, body, Credentials::Key, granted)
            .await
    }

    /// A permit of the shop's budget (`None` without a budget): waits until
    /// the budget allows one more request.
    pub(super) async fn permit(&self) -> Result<Option<Permit>, ApiFailure> {
        match &self.budget {
            Some(budget) => Ok(Some(budget.acquire(1).await.map_err(ApiFailure::budget)?)),
            None => Ok(None),
        }
    }

    /// One logical call: retries what is retryable, up to the policy. Each
    /// attempt spends a permit of the budget (the first may come `granted`).
    // A create retried after a timeout WooCommerce did serve comes back as
    // `registration-error-email-exists`, which callers turn into a link to
    // the existing account: retrying writes never duplicates a customer.
    pub(super) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &str,
        query: Params,
        body: Option<serde_json::Value>,
        who: Credentials<'_>,
        mut granted: Option<Permit>,
    ) -> Result<Answer<T>, ApiFailure> {
        let body = body.map(|b| b.to_string());
        let mut attempt = 1;
        loop {
            let permit = match granted.take() {
                Some(permit) => Some(permit),
                None => self.permit().await?,
            };
            let failure = match self
                .send_once(&method, url, &query, body.as_deref(), who, permit)
                .await
            {
                Ok(v) => return Ok(v),
                Err(f) => f,
            };
            if !failure.error.is_retryable() {
                return Err(failure);
            }
            let Some(pause) = self.retry.delay(attempt, failure.error.retry_after()) else {
                return Err(failure);
            };
            // The path only: with query auth the full URL holds the secret.
            let path = url.split("/wp-json/").nth(1).unwrap_or_default();
            tracing::warn!(message = "WooCommerce unavailable, retrying.", %method, path, attempt, error = %failure.error);
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    async fn send_once<T: DeserializeOwned>(
        &self,
        method: &Method,
        url: &str,
        query: &Params,
        body: Option<&str>,
        who: Credentials<'_>,
        // Held until the answer is in: it may be a parallel slot.
        _permit: Option<Permit>,
    ) -> Result<Answer<T>, ApiFailure> {
        let mut request = self.http.request(method.clone(), url).timeout(self.timeout);
        let mut query = query.clone();
        match who {
            Credentials::Key => match self.settings.auth {
                WooAuth::Basic => {
                    let (k, s) = (&self.settings.consumer_key, &self.settings.consumer_secret);
                    request = request.header(AUTHORIZATION, basic(k.expose(), s)?);
                }
                WooAuth::Query => {
                    query.push((
                        "consumer_key".into(),
                        self.settings.consumer_key.expose().into(),
                    ));
                    query.push((
                        "consumer_secret".into(),
                        self.settings.consumer_secret.expose().into(),
                    ));
                }
            },
            Credentials::WordPress { user, password } => {
                request = request.header(AUTHORIZATION, basic(user, password)?);
            }
        }
        if !query.is_empty() {
            request = request.query(&query);
        }
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_owned());
        }
        let answer = request.send().await.map_err(ApiFailure::transport)?;
        let status = answer.status().as_u16();
        let retry_after = parse_retry_after(answer.headers());
        let total_pages = answer
            .headers()
            .get("x-wp-totalpages")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let total = answer
            .headers()
            .get("x-wp-total")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let bytes = answer.bytes().await.map_err(ApiFailure::transport)?;
        if let (Some(budget), 429 | 503) = (&self.budget, status) {
            // Whoever shares the shop's budget waits too.
            budget
                .throttled(retry_after.unwrap_or(Duration::from_secs(1)))
                .await;
        }
        if !(200..300).contains(&status) {
            return Err(ApiFailure::from_answer(status, retry_after, &bytes));
        }
        let value = serde_json::from_slice(&bytes).map_err(|e| ApiFailure::malformed(status, e))?;
        Ok(Answer {
            value,
            total_pages,
            total,
        })
    }
}

/// `Basic base64(user:password)`, marked sensitive so no debug output shows it.
fn basic(user: &str, password: &Secret) -> Result<HeaderValue, ApiFailure> {
    use base64::Engine;
    let token =
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", password.expose()));
    let mut value = HeaderValue::from_str(&format!("Basic {token}")).map_err(|_| ApiFailure {
        error: Error::PeerAuth {
            peer: PEER,
            message: "the credentials contain invalid characters".into(),
        },
        status: None,
        code: None,
        message: String::new(),
    })?;
    value.set_sensitive(true);
    Ok(value)
}
