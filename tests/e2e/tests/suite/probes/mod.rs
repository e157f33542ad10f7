//! What an outside probe of the hooks and the admin API found (issue 18,
//! item 7), one test per finding: a signed sender with hostile values and a
//! stranger without credentials.

mod at_rest;
mod hooks;
mod server;
