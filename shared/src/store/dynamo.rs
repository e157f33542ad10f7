//! `DynamoStore`: every store capability on one DynamoDB table
//! (single-table design), one capability per file.
//!
//! # Schema (`template.yaml` declares the same)
//!
//! - key: `pk` (S, HASH) + `sk` (S, RANGE); billing mode PAY_PER_REQUEST;
//! - global secondary index `gsi1`: `gsi1pk` (S, HASH) + `gsi1sk` (S, RANGE),
//!   projection ALL;
//! - TTL on `expires_at` (N, unix seconds).
//!
//! | item            | pk           | sk                                 | gsi1pk                  | gsi1sk      | other attributes                            |
//! |-----------------|--------------|------------------------------------|-------------------------|-------------|---------------------------------------------|
//! | tenant settings | `T#{tenant}` | `SETTINGS`                         | `TENANTS`               | `{tenant}`  | `data` (S, JSON `TenantSettings`)           |
//! | link            | `T#{tenant}` | `L#{kind}#{system}#{external_id}`  | `T#{tenant}#G#{group}`  | same as sk  | `data` (S, JSON `Link`), `version` (N)      |
//! | idempotency key | `T#{tenant}` | `I#{key}`                          |                         |             | `expires_at` (N, s), `expires_ms` (N, ms)   |
//! | cursor          | `T#{tenant}` | `C#{name}`                         |                         |             | `value` (S), `version` (N)                  |
//! | journal entry   | `T#{tenant}` | `J#{at_ms:013}#{uuid}`             |                         |             | `data` (S, JSON entry), `expires_at`, `expires_ms` |
//! | lease           | `T#{tenant}` | `E#{name}`                         |                         |             | `owner` (S), `expires_at`, `expires_ms`     |
//! | snapshot entry  | `T#{tenant}#S#{snapshot}` | `{key}`               |                         |             | `v` (S)                                     |
//! | dead letter     | `T#{tenant}` | `D#{message_id}`                   |                         |             | `data` (S, JSON `DeadLetter`), `at_ms` (N)  |
//! | usage counter   | `T#{tenant}` | `U#{day}#{flow}`                   |                         |             | `day` (S), `flow` (S), `ops` (N)            |
//! | tenant account  | `T#{tenant}` | `ACCOUNT`                          | `ACCOUNTS`              | `{tenant}`  | `created_ms` (N), `disabled` (BOOL)         |
//! | API key         | `T#{tenant}` | `K#{key id}`                       |                         |             | `label` (S), `created_ms` (N), `last_used_ms` (N), `sha256` (S, hex SHA-256 of the key) |
//!
//! Links, idempotency keys and cursors also carry `writer` (S): a token per
//! conditional write, so an SDK retry of a write that had landed is not
//! mistaken for losing the race (see `conditional`).
//!
//! DynamoDB deletes expired items lazily (up to days late), so reads and
//! claims compare the exact `expires_ms` with the current time themselves;
//! `expires_at` (rounded up to whole seconds) only feeds the TTL reaper.
//!
//! Reads of single items are strongly consistent. `list_tenants` and
//! `links_of_group` read the GSI, which is eventually consistent on AWS.

mod accounts;
mod attrs;
mod conditional;
mod cursors;
mod dead_letters;
mod idempotency;
mod journal;
mod leases;
mod links;
mod schema;
mod snapshots;
mod tenants;
mod usage;

use aws_sdk_dynamodb::Client;
use std::sync::Arc;

/// The `Store` on a DynamoDB table created by [`DynamoStore::create_table`]. Cheap to clone.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    table: Arc<str>,
}

impl DynamoStore {
    /// A store on `table`; the table must already exist (see [`DynamoStore::create_table`]).
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoStore {
            client,
            table: Arc::from(table.into()),
        }
    }

    /// The table this store writes to.
    pub fn table(&self) -> &str {
        &self.table
    }
}
