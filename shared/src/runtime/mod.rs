//! Runtimes: the local process (embedded store and queue) and the pieces the
//! Lambda functions share with it.

pub mod config;
pub mod local;
pub mod schedules;
pub mod worker_loop;
