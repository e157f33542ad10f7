//! Synclane: keeps a CRM (RetailCRM), online shops (OpenCart, ...) and a
//! warehouse (MoySklad) in step.
//!
//! The layout follows the flow of an event:
//! `http` (hooks: verify, normalise, enqueue) → `queue` → `worker` (load state,
//! ask `rules`, run commands through `connectors`, record `links`) → `store`.
//! `runtime` wires them into the local process or the Lambda functions.

pub mod admin;
pub mod clock;
pub mod connectors;
pub mod error;
pub mod http;
pub mod icml;
pub mod jobs;
pub mod model;
pub mod queue;
pub mod rules;
pub mod runtime;
pub mod secret;
pub mod settings;
pub mod sources;
pub mod sqlite;
pub mod store;
pub mod worker;

pub use error::{Error, Result};
