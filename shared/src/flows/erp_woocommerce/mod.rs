//! ERP contacts → WooCommerce B2B customers (RULES.md block EW, seed
//! `erp-to-woocommerce-b2b-customers.fr.txt`). `rules` decides, purely, what
//! to do with one third party; the worker reads the feed record
//! (`connectors::erp`), the shop's accounts and the links, and carries the
//! plan out through `connectors::woocommerce`.

pub mod rules;
