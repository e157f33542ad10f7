//! Connectors: one folder per peer, mapping the peer's API to the canonical
//! model. All network I/O with peers lives here; every connector retries
//! with the one `RetryPolicy` and spends a shared rate budget (`budget`).

pub mod erp;
pub mod moysklad;
pub mod opencart;
pub mod retailcrm;
pub mod retry;
pub mod webasyst;
pub mod woocommerce;

pub use retry::RetryPolicy;
