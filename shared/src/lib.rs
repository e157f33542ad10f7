//! Synclane: keeps a CRM (RetailCRM), online shops (OpenCart, ...) and a
//! warehouse (MoySklad) in step.
//!
//! The layout follows an event: `hooks` (verify, normalise, fan out one
//! envelope per subscribed flow) and `jobs` (polls of peers' change feeds)
//! → `queue` → `worker` (one envelope, one flow) → `flows/<flow>/` (pure
//! `rules`, then `apply` through `peers`' connectors) → `store` (links,
//! cursors, journal, ...). `runtime` is the composition root: the only module
//! that knows every flow; it wires them into the local process or the
//! Lambda functions.
//!
//! Leaves first: `model`, `settings`, `store`, `queue`, `budget` (shared rate
//! budgets), `connectors` (one folder per peer), `peers` (the clients'
//! factory), `flows`, then `worker`, `hooks`, `jobs`, `admin`, `runtime`.
//! `infra/import_cycles.py` keeps it a hierarchy.

pub mod admin;
pub mod budget;
pub mod clock;
pub mod connectors;
pub mod customers;
pub mod env;
pub mod error;
pub mod flows;
pub mod hooks;
pub mod jobs;
pub mod model;
pub mod peers;
pub mod queue;
pub mod runtime;
pub mod secret;
pub mod settings;
pub mod sqlite;
pub mod store;
pub mod worker;

// Fuzzing of every parser of outside input (issue 18, item 2).
#[cfg(test)]
pub(crate) mod fuzz;
#[cfg(test)]
pub(crate) mod fuzz_input;

pub use error::{Error, Result};
