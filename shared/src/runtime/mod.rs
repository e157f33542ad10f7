//! Runtimes: the local process (embedded store and queue) and the pieces the
//! Lambda functions share with it. The composition root: `registry` lists
//! every flow and job.

pub mod aws;
pub mod backup;
pub mod config;
pub mod http_server;
pub mod key_file;
#[cfg(feature = "lambda")]
pub mod lambda;
pub mod local;
pub mod registry;
pub mod schedules;
pub mod stopping;
pub mod worker_loop;
