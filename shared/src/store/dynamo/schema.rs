//! Table layout: key formats of every item kind and the idempotent table
//! bootstrap used by tests and the local AWS setup (see the module doc of
//! `store::dynamo` for the full schema).

use super::DynamoStore;
use super::attrs::sdk_error;
use crate::error::Result;
use crate::model::TenantId;
use crate::store::LinkKey;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TableStatus, TimeToLiveSpecification, TimeToLiveStatus,
};
use std::time::Duration;

/// The GSI that maps a link group to its links and lists tenants.
pub(super) const GSI1: &str = "gsi1";
/// `gsi1pk` of every tenant-settings item.
pub(super) const TENANTS: &str = "TENANTS";
/// `sk` of a tenant-settings item.
pub(super) const SETTINGS: &str = "SETTINGS";

/// `sk` of a tenant's account item.
pub(super) const ACCOUNT: &str = "ACCOUNT";
/// `gsi1pk` of every account item.
pub(super) const ACCOUNTS: &str = "ACCOUNTS";
/// What every API key item's `sk` starts with.
pub(super) const KEY_PREFIX: &str = "K#";

pub(super) fn key_sk(id: &str) -> String {
    format!("{KEY_PREFIX}{id}")
}

pub(super) fn tenant_pk(tenant: &TenantId) -> String {
    format!("T#{tenant}")
}

pub(super) fn link_sk(key: &LinkKey) -> String {
    format!("L#{}", key.sort_key())
}

pub(super) fn group_pk(tenant: &TenantId, group: &str) -> String {
    format!("T#{tenant}#G#{group}")
}

pub(super) fn idempotency_sk(key: &str) -> String {
    format!("I#{key}")
}

pub(super) fn cursor_sk(name: &str) -> String {
    format!("C#{name}")
}

/// Day first: a tenant's counters of a range of days are one query.
pub(super) fn usage_sk(day: crate::store::Day, flow: &str) -> String {
    format!("U#{day}#{flow}")
}

pub(super) fn dead_letter_sk(message_id: &str) -> String {
    format!("D#{message_id}")
}

pub(super) fn lease_sk(name: &str) -> String {
    format!("E#{name}")
}

/// Snapshots get a partition of their own: a catalogue is large and read by key.
pub(super) fn snapshot_pk(tenant: &TenantId, snapshot: &str) -> String {
    format!("T#{tenant}#S#{snapshot}")
}

/// Zero-padded so that string order is time order.
pub(super) fn journal_sk(at_ms: i64, id: &uuid::Uuid) -> String {
    format!("J#{at_ms:013}#{id}")
}

impl DynamoStore {
    /// Creates the table with its GSI and TTL. Safe to call when it already
    /// exists; waits until the table is active.
    pub async fn create_table(client: &Client, table: &str) -> Result<()> {
        let created = client
            .create_table()
            .table_name(table)
            .billing_mode(BillingMode::PayPerRequest)
            .set_attribute_definitions(Some(
                ["pk", "sk", "gsi1pk", "gsi1sk"]
                    .map(string_attribute)
                    .to_vec(),
            ))
            .set_key_schema(Some(key_schema("pk", "sk")))
            .global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(GSI1)
                    .set_key_schema(Some(key_schema("gsi1pk", "gsi1sk")))
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::All)
                            .build(),
                    )
                    .build()
                    .expect("index name, key schema and projection are set"),
            )
            .send()
            .await;
        match created {
            Ok(_) => {}
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_resource_in_use_exception()) => {}
            Err(e) => return Err(sdk_error(e)),
        }
        wait_active(client, table).await?;
        enable_ttl(client, table).await
    }
}

async fn wait_active(client: &Client, table: &str) -> Result<()> {
    loop {
        let described = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(sdk_error)?;
        if described.table().and_then(|t| t.table_status()) == Some(&TableStatus::Active) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Enabling TTL twice is a ValidationException on AWS: look first.
async fn enable_ttl(client: &Client, table: &str) -> Result<()> {
    let described = client
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(sdk_error)?;
    let status = described
        .time_to_live_description()
        .and_then(|d| d.time_to_live_status());
    if matches!(
        status,
        Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling)
    ) {
        return Ok(());
    }
    let spec = TimeToLiveSpecification::builder()
        .attribute_name("expires_at")
        .enabled(true)
        .build()
        .expect("attribute name and enabled are set");
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(spec)
        .send()
        .await
        .map_err(sdk_error)?;
    Ok(())
}

fn string_attribute(name: &str) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .expect("name and type are set")
}

fn key_schema(hash: &str, range: &str) -> Vec<KeySchemaElement> {
    [(hash, KeyType::Hash), (range, KeyType::Range)]
        .map(|(name, kind)| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
                .expect("name and type are set")
        })
        .to_vec()
}
