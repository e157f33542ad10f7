//! OpenCart: the bodies our event extension posts (`events`), the order's
//! canonical mapping, and the client of the extension's API (`api`, the
//! CRM → OpenCart direction and the customer management).
//!
//! OpenCart has no native webhooks; the extension registers `oc_event` rows on
//! the catalog order model (`addOrder`, `editOrder`, `addOrderHistory` on 3.x,
//! `addHistory` with `.` separators on 4.x) and posts the order as
//! `getOrder()` returns it, with its products.

pub mod api;
mod events;
mod identity;
mod mapping;
mod numbers;
mod wire;

pub use api::OpenCart;
pub use events::{CustomerEvent, HookEvent, parse_event};
pub use identity::{company_key, customer_key, normalise_email, normalise_name};
pub use mapping::to_order;
pub use wire::{HookBody, OcOrder, OcProduct, parse_hook_body};

/// `order_status_id` 0: an abandoned cart, never synced (OC-X1).
pub const ABANDONED_STATUS: i64 = 0;
