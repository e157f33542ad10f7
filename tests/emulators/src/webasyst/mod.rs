//! Webasyst emulators: a Shop-Script install and a CRM install, each with
//! one API token, enforcing the framework's token rules and error answers
//! (`api`) and each app's method contracts (see `shop` and `crm`).

mod api;
pub mod crm;
pub mod shop;

pub use api::LoggedCall;
pub use crm::WebasystCrmEmulator;
pub use shop::{NewOrder, ShopScriptEmulator};
