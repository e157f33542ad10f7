//! CRM ⇄ MoySklad handlers: each gathers state from the peers and the store,
//! asks `rules`, carries out the answer and records links.
//!
//! - `order_export`: CRM order change → MoySklad customer order (MS-B1, MS-M*, MS-S9/S12, MS-B10);
//!   `order_goods` its goods and early verdicts, `order_fields` its attributes
//!   (MS-M12, MS-C1, with `metadata`'s cached definitions), `account` (MS-M11),
//!   `status_seen` (MS-M6 "now or ever"), `force_delete` (MS-B6)
//! - `documents`: the documents of an exported order: `moves` (MS-S3/S4),
//!   `payments` (MS-M9/M10/M11, MS-S15), `demand` with `cost_prices` (MS-M6,
//!   MS-S10/S11, MS-S14), `returns` (MS-M7); `shipment_hook`: MoySklad's
//!   demand CREATE webhook (MS-M6, MS-S10)
//! - `problems`: integration problems → one open CRM task each (MS-B7)
//! - `counterparty`: the order's buyer → counterparty (MS-B2/B3, MS-C2/C4);
//!   `contact`: a corporate order's contact person on it (MS-C2)
//! - `moysklad_id`: the MoySklad id in the CRM record's custom field (MS-B10)
//! - `customer_push`: CRM customer change → linked counterparty (MS-S16)
//! - `inbound`: MoySklad webhooks → CRM (MS-S5, MS-B4); `order_lines`: MS-S5 positions
//! - `context`: the tenant's clients (MS-B8 entries go to `flows::journal`)

mod account;
mod contact;
mod context;
mod cost_prices;
mod counterparty;
pub(crate) mod customer_push;
mod demand;
mod documents;
pub(crate) mod export_reads;
mod force_delete;
pub(crate) mod inbound;
mod metadata;
mod moves;
mod moysklad_id;
pub(crate) mod order_export;
mod order_fields;
mod order_goods;
mod order_lines;
mod payments;
pub(crate) mod problems;
mod returns;
pub(crate) mod shipment_hook;
mod status_seen;

pub(crate) use context::Ctx;

use sha2::{Digest, Sha256};

/// A stable UUID from `parts`: the `syncId` of a record we create, so a
/// resend after a timeout or a redelivered message returns the first record.
pub(crate) fn stable_uuid(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
