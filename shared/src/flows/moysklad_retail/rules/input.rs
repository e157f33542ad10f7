//! What the retail rules read about a sale, in the CRM's terms (money in the
//! currency, goods by their catalogue key), built by the worker from MoySklad.

use crate::model::{Company, Person};

/// One sold good. `xml_id` is the CRM offer's `xmlId`: the MoySklad external
/// code, `product#variant` for a variant (MS-B9).
#[derive(Debug, Clone, PartialEq)]
pub struct SaleLine {
    pub xml_id: String,
    pub name: String,
    pub quantity: f64,
    /// Unit price after the position's discount.
    pub price: f64,
}

/// How a part of the sale was paid (MoySklad `cashSum`, `noCashSum`, `qrSum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayChannel {
    Cash,
    Card,
    Qr,
}

/// One non-zero payment of a sale.
#[derive(Debug, Clone, PartialEq)]
pub struct SalePayment {
    pub channel: PayChannel,
    pub amount: f64,
    /// The sale was conducted (MoySklad `applicable`).
    pub conducted: bool,
}

/// A custom attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// A string, number, boolean or moment, as MoySklad sends it.
    Scalar(serde_json::Value),
    /// A dictionary ("справочник") element: its name and code.
    Dictionary { name: String, code: Option<String> },
}

/// One custom attribute of the sale, by MoySklad attribute id.
#[derive(Debug, Clone, PartialEq)]
pub struct SaleAttribute {
    pub id: String,
    pub value: AttrValue,
}

/// The sale's counterparty (`agent`).
// One per event, moved not copied: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum SaleBuyer {
    /// `companyType` individual (or entrepreneur: a person in the CRM).
    Private { person: Person },
    /// `companyType` legal: the company with legal and bank details and the
    /// counterparty's contact persons.
    Corporate {
        company: Company,
        /// The counterparty's own e-mail and phone.
        person: Person,
        contacts: Vec<Person>,
    },
}

/// A retail sale as the rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sale {
    pub id: String,
    /// The legal entity (`organization`) that sold: picks the shop (MS-R4).
    pub organization_id: Option<String>,
    /// The MoySklad customer order it was made from, if any.
    pub customer_order_id: Option<String>,
    pub lines: Vec<SaleLine>,
    pub payments: Vec<SalePayment>,
    pub attributes: Vec<SaleAttribute>,
}
