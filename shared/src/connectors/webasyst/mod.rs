//! Webasyst connectors: Shop-Script (the shop's orders) and the CRM app
//! (deals, funnels, contacts), each on its own install and token (RULES.md
//! block SS).
//!
//! Protocol (read in the framework's `wa-system/api` — `waAPIController`,
//! `waAPIMethod`, `waAPIException` — and in the apps' `api/v1` methods; see
//! DESIGN.md):
//! - `{install}/api.php/<app>.<method>`; the token travels as the
//!   `access_token` parameter or `Authorization: Bearer` (we send the
//!   header, so no token sits in a URL). Tokens do not expire; each carries
//!   a scope of apps (`shop`, `crm`) and acts with its user's rights.
//! - Errors `{"error", "error_description"}` (`errors`): 400
//!   `token_required`, 401 `invalid_token`, 403 `access_denied`, 405 for a
//!   wrong HTTP verb (`invalid_request` "Method X not allowed"), 400
//!   `invalid_param` "Required parameter is missing".
//! - Shop-Script methods read query and form parameters; the CRM's read a
//!   JSON body. Answers are PHP arrays as JSON: ids and amounts may be
//!   strings (`lenient`).
//! - Shop-Script's notifications are described in `notification`; the
//!   method contracts in `shop` and `crm`.
//!
//! Errors: 400 `token_required`, 401, 403 → `PeerAuth`; 429 and 5xx →
//! retryable `PeerUnavailable`; a 404 of a one-record method → `None`;
//! an action the order's state does not offer → `ActionOutcome::Unavailable`;
//! a move or close the CRM wants a form for (409) → `MoveOutcome::NeedsForm`;
//! other 4xx → `PeerRejected`.
//!
//! Files by concern: `client` (URL, token, bodies, budget, retries),
//! `errors` (answers → `synclane::Error`), `lenient` (PHP's JSON shapes),
//! `shop` and `shop_wire` (orders), `crm`, `crm_contacts` and `crm_wire`
//! (deals, funnels, contacts), `notification` (the shop's HTTP requests).

mod client;
mod crm;
mod crm_contacts;
mod crm_wire;
mod errors;
mod lenient;
mod notification;
mod shop;
mod shop_wire;

pub use client::Webasyst;
pub use crm::{Crm, DEAL_PAGE, DealQuery, MoveOutcome, NewDeal};
pub use crm_contacts::NewContact;
pub use crm_wire::{ContactRef, Deal, DealStatus, Funnel, LastAction, Page, PageParams, Stage};
pub use notification::Notification;
pub use shop::{ActionOutcome, SEARCH_LIMIT, ShopScript};
pub use shop_wire::{
    AvailableAction, Item, LogEntry, Order, OrderContact, OrderPage, ShopInfo, WorkflowState,
};

/// The peer names in errors and budgets.
pub const SHOP_PEER: &str = "shopscript";
pub const CRM_PEER: &str = "webasyst_crm";
