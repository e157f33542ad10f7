//! The end-to-end test binary: one module per concern.

mod moysklad_connector;
mod retailcrm_connector;
