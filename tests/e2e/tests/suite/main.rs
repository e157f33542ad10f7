//! The end-to-end test binary: one module per concern. The same contract
//! tests run against every implementation of the `Store` and `Queue` ports,
//! and the flows run on both backends.
//!
//! The AWS variants need a local AWS endpoint: run `bash infra/test.sh`.

mod admin_api;
mod admin_routes;
mod backfill;
mod backup_restore;
mod console;
mod console_settings;
mod customers;
mod dead_letters;
mod erp_woocommerce;
mod failed_attempts;
mod fair_tenants;
mod fan_out;
mod hook_errors;
mod icml_export;
mod icml_feed;
mod lambda_binaries;
mod lambda_erp_woocommerce;
mod lambda_icml;
mod lambda_shopscript;
mod load;
mod metering;
mod moysklad_connector;
mod ms_entity_filters;
mod ms_flows;
mod ms_load;
mod oc_flows;
mod oc_reverse;
mod opencart_connector;
mod probes;
mod queue_conformance;
mod resume;
mod retail;
mod retailcrm_connector;
mod secrets;
mod shopscript;
mod shutdown;
mod soak;
mod stock_sync;
mod store_conformance;
mod support;
mod upgrade;
mod woocommerce_connector;
