//! Orders.

use super::{Address, Company, Person};
use serde::{Deserialize, Serialize};

/// Who bought: a private person, or a company with its contact person.
// A buyer is built once per event; boxing the company would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OrderBuyer {
    Private { person: Person },
    Corporate { company: Company, contact: Person },
}

impl OrderBuyer {
    /// The person who placed the order (the contact person for a company).
    pub fn person(&self) -> &Person {
        match self {
            OrderBuyer::Private { person } => person,
            OrderBuyer::Corporate { contact, .. } => contact,
        }
    }
}

/// One order line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    /// The product's id at the source peer.
    pub product_id: String,
    /// SKU / model / external code, used to match catalogue offers.
    pub sku: Option<String>,
    pub name: String,
    pub quantity: f64,
    /// Unit price in the order's currency.
    pub price: f64,
}

/// An order, as the source peer has it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// The order id at the source peer.
    pub id: String,
    pub number: Option<String>,
    /// The source peer's status code.
    pub status: String,
    /// The buyer's id at the source peer, when the buyer is registered there.
    pub customer_id: Option<String>,
    pub buyer: OrderBuyer,
    pub billing_address: Option<Address>,
    pub delivery_address: Option<Address>,
    /// Name and phone on the delivery, when they differ from the buyer's.
    pub recipient: Option<Person>,
    pub lines: Vec<OrderLine>,
    pub total: Option<f64>,
    pub currency: Option<String>,
    pub comment: Option<String>,
    /// The source's modification stamp, used to drop stale snapshots.
    pub modified_at: Option<String>,
}
