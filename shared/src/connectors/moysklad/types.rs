//! Typed MoySklad entities: the fields the rules need, with their `meta`.
//! Every field is optional on the wire so one struct serves reads and partial
//! updates (MoySklad's PUT changes only the fields sent).

use super::attributes::AttributeValue;
use super::meta::{Kopecks, Meta, MetaRef};
use serde::{Deserialize, Serialize};

macro_rules! entity {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub meta: Option<Meta>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            $($(#[$fdoc])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)*
        }
    };
}

entity!(
    /// `entity/counterparty`. `company_type`: `legal`, `entrepreneur`, `individual`.
    Counterparty {
        name: String,
        company_type: String,
        legal_title: String,
        legal_last_name: String,
        legal_first_name: String,
        legal_middle_name: String,
        inn: String,
        kpp: String,
        ogrn: String,
        ogrnip: String,
        legal_address: String,
        actual_address: String,
        email: String,
        phone: String,
        description: String,
        external_code: String,
        archived: bool,
        tags: Vec<String>,
        /// Owner group (MS-B3).
        group: MetaRef,
        /// Client-generated UUID that makes a repeated create return the first one.
        sync_id: String,
        /// Only its `meta` on reads without `expand`.
        accounts: ListRef,
        contactpersons: ListRef,
        updated: String,
    }
);

entity!(
    /// `entity/counterparty/{id}/contactpersons/{id}`.
    ContactPerson { name: String, email: String, phone: String, position: String, description: String, external_code: String }
);

entity!(
    /// A bank account of a counterparty or an organization.
    BankAccount {
        account_number: String,
        bank_name: String,
        bic: String,
        correspondent_account: String,
        bank_location: String,
        is_default: bool,
    }
);

entity!(
    /// `entity/customerorder`. Money fields are kopecks.
    CustomerOrder {
        name: String,
        description: String,
        external_code: String,
        moment: String,
        applicable: bool,
        organization: MetaRef,
        /// The legal entity's bank account (MS-M11).
        organization_account: MetaRef,
        agent: MetaRef,
        store: MetaRef,
        state: MetaRef,
        sales_channel: MetaRef,
        shipment_address: String,
        sum: Kopecks,
        sync_id: String,
        /// On writes: the positions array (at most 1000); on reads: a list link or, expanded, rows.
        positions: PositionsField,
        /// Custom attribute values (MS-M12, MS-C1); on writes only those sent change.
        attributes: Vec<AttributeValue>,
        /// Linked shipments, payments and moves (read only).
        demands: Vec<MetaRef>,
        payments: Vec<MetaRef>,
        moves: Vec<MetaRef>,
        updated: String,
    }
);

entity!(
    /// A line of an order or document. `price` and `discount`-applied sums are kopecks;
    /// `discount` is a percentage; `vat` a rate in percent.
    Position {
        assortment: MetaRef,
        quantity: f64,
        price: Kopecks,
        discount: f64,
        vat: i64,
        vat_enabled: bool,
        reserve: f64,
        shipped: f64,
    }
);

entity!(
    /// `entity/organization`: our merchant's own legal entity.
    Organization { name: String, legal_title: String, inn: String, external_code: String, archived: bool }
);

entity!(
    /// `entity/store`: a warehouse.
    Store { name: String, code: String, external_code: String, archived: bool }
);

entity!(
    /// A document status (`entity/customerorder/metadata` → `states`).
    State { name: String, color: i64, state_type: String, entity_type: String }
);

entity!(
    /// `entity/product`, `entity/variant` or `entity/service` (the fields they share).
    Assortment {
        name: String,
        code: String,
        article: String,
        external_code: String,
        archived: bool,
        /// A variant's product (its external code too when read with `expand=product`).
        product: GoodsRef,
        buy_price: Price,
        sale_prices: Vec<SalePrice>,
    }
);

entity!(
    /// `entity/webhook`. `action`: CREATE, UPDATE, DELETE; `diff_type`: NONE, FIELDS (UPDATE only).
    Webhook { url: String, action: String, entity_type: String, diff_type: String, method: String, enabled: bool }
);

/// A reference to a good: `{"meta": {..}}`, or with `expand` the good itself,
/// of which only the external code is kept (a variant's xmlId needs it, MS-B9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GoodsRef {
    pub meta: Meta,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_code: Option<String>,
}

/// `{"value": kopecks}` (a product's purchase price).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Price {
    pub value: Kopecks,
}

/// One of a product's sale prices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalePrice {
    pub value: Kopecks,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_type: Option<serde_json::Value>,
}

/// A nested collection as it comes on reads: its `meta` (with `size`) and, when
/// expanded, its rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<serde_json::Value>,
}

/// An order's `positions`: a plain array on writes, a list object on reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PositionsField {
    Rows(Vec<Position>),
    List(ListRef),
}

impl PositionsField {
    /// The rows: written ones, or those a read with `expand=positions` carried.
    pub fn rows(&self) -> Vec<Position> {
        match self {
            PositionsField::Rows(rows) => rows.clone(),
            PositionsField::List(list) => list
                .rows
                .iter()
                .filter_map(|r| serde_json::from_value(r.clone()).ok())
                .collect(),
        }
    }

    /// Whether every position is among the rows (an expanded read shows a
    /// page of them; `meta.size` says how many there are).
    pub fn complete(&self) -> bool {
        match self {
            PositionsField::Rows(_) => true,
            PositionsField::List(list) => list
                .meta
                .as_ref()
                .and_then(|m| m.size)
                .is_none_or(|size| size as usize <= list.rows.len()),
        }
    }
}

/// `entity/customerorder/metadata`: the order statuses and custom attributes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct OrderMetadata {
    #[serde(default)]
    pub states: Vec<State>,
    #[serde(default)]
    pub attributes: Vec<serde_json::Value>,
}

/// One row of `report/stock/all`. Quantities are units of the good; `price` is
/// the cost price in kopecks. `meta.href` carries `?expand=supplier`: use `meta.id()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StockRow {
    pub meta: Meta,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub external_code: String,
    pub stock: f64,
    pub reserve: f64,
    /// "Ожидание": goods on supplier orders marked as expected.
    pub in_transit: f64,
    /// "Доступно": stock − reserve (+ in transit).
    pub quantity: f64,
    pub price: Kopecks,
    #[serde(default)]
    pub sale_price: Option<Kopecks>,
}
