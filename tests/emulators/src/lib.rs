//! Peer emulators: in-process HTTP servers that behave like the vendors'
//! APIs, contract checks included, so tests exercise the real connectors.
//! End-to-end tests live in tests/.

pub mod faults;
pub mod moysklad;
pub mod opencart;
pub mod retailcrm;
pub mod webasyst;
pub mod woocommerce;

pub use opencart::OpenCartEmulator;
pub use retailcrm::RetailCrmEmulator;
pub use webasyst::{ShopScriptEmulator, WebasystCrmEmulator};
pub use woocommerce::WooCommerceEmulator;
