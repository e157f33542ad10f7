//! The handle on one tenant's RetailCRM account and its transport: URLs,
//! the `X-API-KEY` header, query / form encoding, timeouts and retries.
//! Resource methods live in `customers`, `corporate` and `orders`.

use super::errors::{ApiFailure, PEER};
use super::wire::{Paged, Pagination};
use crate::budget::RateBudget;
use crate::connectors::retry::{RetryPolicy, parse_retry_after};
use crate::error::{Error, Result};
use crate::settings::RetailCrmSettings;
use reqwest::Method;
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// Query or form parameters of one request.
pub(super) type Params = Vec<(String, String)>;

/// The page size of list calls: the largest of the CRM's allowed 20/50/100/250
/// that every list method takes.
const PAGE_LIMIT: u32 = 100;
/// A guard against runaway paging on a filter that matches half the account.
const MAX_PAGES: u32 = 20;

/// A tenant's RetailCRM account. Cheap to clone.
#[derive(Clone)]
pub struct RetailCrm {
    http: reqwest::Client,
    settings: RetailCrmSettings,
    retry: RetryPolicy,
    timeout: Duration,
    /// The API key's shared request budget; `None` sends unthrottled
    /// (connector tests that count raw retries).
    budget: Option<Arc<dyn RateBudget>>,
}

impl RetailCrm {
    /// Uses the default retry policy and a 20 s timeout per request.
    pub fn new(http: reqwest::Client, settings: RetailCrmSettings) -> Self {
        RetailCrm {
            http,
            settings,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(20),
            budget: None,
        }
    }

    /// Spends `budget` (one unit a request) before every request, and tells
    /// it when the CRM throttled us anyway.
    pub fn with_budget(mut self, budget: Arc<dyn RateBudget>) -> Self {
        self.budget = Some(budget);
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

    /// The CRM shop code that new records are created in.
    pub fn site(&self) -> &str {
        &self.settings.site
    }

    /// `GET /api/v5/{path}?{query}`.
    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Params,
    ) -> Result<T, ApiFailure> {
        self.send(Method::GET, path, query).await
    }

    /// `POST /api/v5/{path}` with a form body.
    pub(super) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        form: Params,
    ) -> Result<T, ApiFailure> {
        self.send(Method::POST, path, form).await
    }

    /// `POST /api/v5/{path}` of a create that carries no idempotency key
    /// (no `externalId`): one attempt, never retried here. A lost answer
    /// (timeout, reset, cut body, or a 503 after the CRM applied it) may
    /// hide a record the CRM made, and a blind second create makes it twice
    /// (found by the chaos soak, issue 18). The failure goes back to the
    /// caller, whose message is redelivered and looks the record up (by
    /// e-mail, phone or name) before it creates anything again.
    pub(super) async fn post_unkeyed<T: DeserializeOwned>(
        &self,
        path: &str,
        form: Params,
    ) -> Result<T, ApiFailure> {
        let url = format!(
            "{}/api/v5/{path}",
            self.settings.base_url.trim_end_matches('/')
        );
        self.send_once(&Method::POST, &url, &form).await
    }

    /// Every page of a list call, `PAGE_LIMIT` records a page.
    pub(super) async fn get_all<A>(&self, path: &str, query: Params) -> Result<Vec<A::Item>>
    where
        A: Paged + DeserializeOwned,
    {
        let mut all = Vec::new();
        for page in 1..=MAX_PAGES {
            let mut q = query.clone();
            q.push(("limit".into(), PAGE_LIMIT.to_string()));
            q.push(("page".into(), page.to_string()));
            let answer: A = self.get(path, q).await?;
            let (items, pagination) = answer.into_parts();
            all.extend(items);
            let Some(Pagination {
                total_page_count, ..
            }) = pagination
            else {
                break;
            };
            if page >= total_page_count {
                break;
            }
        }
        Ok(all)
    }

    /// One logical call: retries what is retryable, up to the policy.
    // Retrying a create after a timeout may repeat a write the CRM did; the
    // create methods carry an externalId and turn the duplicate into a read.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        params: Params,
    ) -> Result<T, ApiFailure> {
        let url = format!(
            "{}/api/v5/{path}",
            self.settings.base_url.trim_end_matches('/')
        );
        let mut attempt = 1;
        loop {
            let failure = match self.send_once(&method, &url, &params).await {
                Ok(v) => return Ok(v),
                Err(f) => f,
            };
            if !failure.error.is_retryable() {
                return Err(failure);
            }
            let Some(pause) = self.retry.delay(attempt, failure.error.retry_after()) else {
                return Err(failure);
            };
            tracing::warn!(message = "RetailCRM unavailable, retrying.", %method, path, attempt, error = %failure.error);
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    async fn send_once<T: DeserializeOwned>(
        &self,
        method: &Method,
        url: &str,
        params: &Params,
    ) -> Result<T, ApiFailure> {
        let _permit = match &self.budget {
            Some(budget) => Some(budget.acquire(1).await.map_err(ApiFailure::budget)?),
            None => None,
        };
        let mut request = self
            .http
            .request(method.clone(), url)
            .timeout(self.timeout)
            .header("X-API-KEY", self.key()?);
        request = if *method == Method::GET {
            request.query(params)
        } else {
            request.form(params)
        };
        let answer = request.send().await.map_err(ApiFailure::transport)?;
        let status = answer.status().as_u16();
        let retry_after = parse_retry_after(answer.headers());
        let body = answer.bytes().await.map_err(ApiFailure::transport)?;
        if let (Some(budget), 429 | 503) = (&self.budget, status) {
            // Whoever shares the key waits too: the next request would be refused.
            budget
                .throttled(retry_after.unwrap_or(Duration::from_secs(1)))
                .await;
        }
        if !(200..300).contains(&status) {
            return Err(ApiFailure::from_answer(status, retry_after, &body));
        }
        serde_json::from_slice(&body).map_err(|e| ApiFailure::malformed(status, e))
    }

    /// The API key as a header value marked sensitive, so that no debug
    /// output of the request ever shows it.
    fn key(&self) -> Result<HeaderValue, ApiFailure> {
        let mut value =
            HeaderValue::from_str(self.settings.api_key.expose()).map_err(|_| ApiFailure {
                error: Error::PeerAuth {
                    peer: PEER,
                    message: "the API key contains invalid characters".into(),
                },
                status: None,
                body: None,
            })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// Encodes one path segment (externalIds may hold `/`, `#`, spaces...).
pub(super) fn segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `by=` and, for externalIds (unique per site), `site=`.
pub(super) fn by_params(crm: &RetailCrm, by: super::By) -> Params {
    match by {
        super::By::Id => vec![("by".into(), "id".into())],
        super::By::ExternalId => vec![
            ("by".into(), "externalId".into()),
            ("site".into(), crm.site().into()),
        ],
    }
}
