//! OpenCart: the bodies our event extension posts (`events`), and the
//! order's canonical mapping.
//!
//! OpenCart has no native webhooks; the extension registers `oc_event` rows on
//! the catalog order model (`addOrder`, `editOrder`, `addOrderHistory` on 3.x,
//! `addHistory` with `.` separators on 4.x) and posts the order as
//! `getOrder()` returns it, with its products.

mod events;
mod identity;
mod mapping;
mod numbers;
mod wire;

pub use events::{CustomerEvent, HookEvent, parse_event};
pub use identity::{company_key, customer_key};
pub use mapping::to_order;
pub use wire::{HookBody, OcOrder, OcProduct, parse_hook_body};

/// `order_status_id` 0: an abandoned cart, never synced (OC-X1).
pub const ABANDONED_STATUS: i64 = 0;
