//! Connectors: one module per peer, mapping the peer's API to the canonical
//! model. All network I/O with peers lives here.

pub mod erp;
pub mod moysklad;
pub mod retailcrm;
pub mod woocommerce;
