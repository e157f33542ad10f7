//! Jobs that belong to no single flow: the CRM history poll (a source of
//! events that several flows consume: it fans out through the registry),
//! the Shop-Script order and Webasyst CRM deal polls (sources too) and the
//! upkeep of MoySklad's webhook subscriptions. Flows' own jobs (the
//! stock and price pulls, the ICML refresh) live in their folders; the
//! scheduling port is `flows::schedule`.

pub mod crm_history;
pub mod moysklad_webhooks;
pub mod shopscript_orders;
pub mod webasyst_deals;
