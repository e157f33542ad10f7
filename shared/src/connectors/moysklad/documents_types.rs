//! The JSON of the documents in `documents`: one struct for demands, sales
//! returns, moves and payments, every field optional so it serves reads
//! and partial updates (MoySklad's PUT writes only the fields sent).

use super::attributes::AttributeValue;
use super::meta::{Kopecks, Meta, MetaRef};
use super::types::{Position, PositionsField};
use serde::{Deserialize, Serialize};

/// A demand, sales return, move, paymentin or cashin. Money is kopecks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The number; absent on create, MoySklad numbers it (MS-S14/S15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_code: Option<String>,
    /// Conducted ("проведён").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<MetaRef>,
    /// The legal entity's bank account (MS-M11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_account: Option<MetaRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<MetaRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<MetaRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_store: Option<MetaRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_store: Option<MetaRef>,
    /// A demand's or a move's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_order: Option<MetaRef>,
    /// A sales return's demand (its "base").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<MetaRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_channel: Option<MetaRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<Kopecks>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positions: Option<PositionsField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<AttributeValue>>,
    /// A payment's linked documents with the sum put against each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<Operation>>,
    /// A demand's returns (read only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<Vec<MetaRef>>,
}

/// One linked document of a payment (`operations[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub meta: Meta,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_sum: Option<Kopecks>,
}

impl Document {
    /// The positions a read with `expand=positions` carried (none otherwise).
    pub fn position_rows(&self) -> Vec<Position> {
        self.positions
            .as_ref()
            .map(PositionsField::rows)
            .unwrap_or_default()
    }

    /// Whether the expanded positions are all there.
    pub fn positions_complete(&self) -> bool {
        self.positions.as_ref().is_none_or(PositionsField::complete)
    }
}
