//! Sources: how each peer's events look when they reach our hooks, and how
//! they map to the canonical model. Parsing only; no I/O.

pub mod opencart;
