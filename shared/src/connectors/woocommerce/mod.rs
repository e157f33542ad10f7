//! WooCommerce REST v3 connector: the shop's customers (B2B accounts fed
//! from the ERP, RULES.md block EW), WordPress roles, and webhook signatures.
//!
//! Protocol (read in WooCommerce's own source, `class-wc-rest-authentication.php`,
//! `class-wc-rest-customers-v1/v2-controller.php`, `class-wc-rest-controller.php`,
//! `wc-user-functions.php`, `class-wc-webhook.php`; see DESIGN.md):
//! - Base `{site}/wp-json/wc/v3`. Auth over HTTPS: Basic `consumer_key:
//!   consumer_secret`, or the `consumer_key` / `consumer_secret` query
//!   parameters (which WooCommerce reads first) where a server strips the
//!   Authorization header. An unknown key leaves the request anonymous (401
//!   `woocommerce_rest_cannot_view|create|edit|...`); a wrong secret is 401
//!   `woocommerce_rest_authentication_error`; a read-only key writing is 401.
//! - Errors are `{"code","message","data":{"status"}}`.
//! - Customers: `email` required on create, unique (400
//!   `registration-error-email-exists`); `username` not editable (400
//!   `woocommerce_rest_customer_invalid_argument`); an e-mail taken by another
//!   user on update is 400 `woocommerce_rest_customer_invalid_email`; `role`
//!   is read-only (WordPress drops read-only fields from the accepted
//!   arguments: sending it changes nothing); `password` is write-only;
//!   `meta_data` entries are updated by key. An unknown id is 404
//!   `wc_user_invalid_id` (400 `woocommerce_rest_invalid_id` inside a batch).
//! - List: `role` defaults to `customer` (accounts whose role a plugin
//!   changed are hidden): we always send `role=all`; `per_page` ≤ 100; the
//!   answer carries `X-WP-Total` and `X-WP-TotalPages`; `email=` is an exact
//!   match on the account e-mail.
//! - `DELETE` needs `force=true` (501 `woocommerce_rest_trash_not_supported`
//!   otherwise); batch deletes are forced by WooCommerce itself.
//! - `POST customers/batch {create, update, delete}`: at most 100 items in
//!   all (413 `woocommerce_rest_request_entity_too_large`), not atomic,
//!   answered 200 with a per-item `{id, error:{code, message, data}}` in
//!   place of each failed item.
//!
//! Errors: 401/403 → `PeerAuth`; 429 and 5xx (but 501, a refusal) and
//! network failures → retryable `PeerUnavailable` (with `Retry-After`); 404 →
//! `None` from the methods that read or write one record; an existing e-mail
//! on create → [`CreateOutcome::EmailExists`]; other 4xx → `PeerRejected`
//! with WooCommerce's code.
//!
//! Files by concern: `client` (handle, URLs, auth, retries), `errors` (HTTP
//! answer → `synclane::Error`), `wire` (the API's JSON), `customers` (one
//! record at a time and lists), `batch` (batches, split and per-item
//! outcomes), `coalesce` (concurrent callers' items joined into shared batch
//! requests), `roles` (WordPress users API), `webhook` (delivery headers and
//! signature check).

mod batch;
mod batch_ops;
mod client;
mod coalesce;
mod customers;
mod errors;
mod roles;
mod webhook;
mod wire;

pub use batch_ops::{BATCH_LIMIT, BatchOp, ItemOutcome};
pub use client::WooCommerce;
pub use coalesce::Coalescer;
pub use customers::CreateOutcome;
pub use webhook::{SignatureError, WebhookDelivery, sign, verify_signature};
pub use wire::{BillingWrite, CustomerWrite, MetaWrite, WooAddress, WooCustomer, WooMeta};
