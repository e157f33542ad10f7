//! What the OpenCart → CRM rules decide.
// Plans are built once per event and consumed at once: variant sizes do not matter.
#![allow(clippy::large_enum_variant)]

use crate::connectors::retailcrm::NewOrder;
use crate::model::{Address, Company, Customer};

/// The rules' answer for one OpenCart order event.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Nothing to do, and why.
    Skip(Skip),
    Apply(OrderPlan),
}

/// Why an event is not synced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// OC-X1: `order_status_id` 0 is an abandoned cart.
    Abandoned,
    /// OC-X1: a newer snapshot of this order was already applied.
    Stale { applied: String, incoming: String },
}

/// The buyer person (private customer, or the corporate customer's contact).
#[derive(Debug, Clone, PartialEq)]
pub enum CustomerStep {
    /// OC-F1: the CRM already has this customer (linked or found).
    Use { crm_id: i64 },
    /// OC-F2: create it.
    Create {
        external_id: Option<String>,
        customer: Customer,
    },
}

/// The company inside an existing corporate customer.
#[derive(Debug, Clone, PartialEq)]
pub enum CompanyStep {
    Use { crm_id: i64 },
    Add(Company),
}

/// The corporate customer, for orders with a billing company.
#[derive(Debug, Clone, PartialEq)]
pub enum CorporateStep {
    /// OC-F3: it exists; make sure it has the contact, the company and the addresses.
    Use {
        crm_id: i64,
        company: CompanyStep,
        add_contact: bool,
        add_addresses: Vec<Address>,
    },
    /// OC-F4: create it with its contact person, company and addresses.
    Create {
        nick_name: String,
        company: Company,
        addresses: Vec<Address>,
    },
}

/// Create the CRM order, or edit the linked one.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderStep {
    Create,
    Edit { crm_id: i64 },
}

/// Steps in execution order: customer, corporate, order. The order's buyer
/// ids are filled in from the first two once they are known.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderPlan {
    pub customer: CustomerStep,
    pub corporate: Option<CorporateStep>,
    pub order: OrderStep,
    /// The order as it must be in the CRM; `buyer` is a placeholder until execution.
    pub draft: NewOrder,
}
