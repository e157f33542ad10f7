//! What the connector returns and takes, in canonical terms plus CRM ids.

use crate::model::{Address, Company, CorporateCustomer, Customer, OrderLine, Person};
use std::collections::BTreeMap;

/// How `GET /x/{id}` and edits identify a record: always sent explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Id,
    ExternalId,
}

/// A CRM private customer.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmCustomer {
    pub id: i64,
    pub external_id: Option<String>,
    pub customer: Customer,
}

/// A CRM corporate customer with the CRM ids of its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmCorporate {
    pub id: i64,
    pub external_id: Option<String>,
    /// `nickName`, companies, contacts (persons) and addresses.
    pub corporate: CorporateCustomer,
    /// CRM customer ids of the contact persons, in `corporate.contacts` order.
    pub contact_ids: Vec<i64>,
    /// CRM ids of the companies, in `corporate.companies` order.
    pub company_ids: Vec<i64>,
    /// CRM ids of the addresses, in `corporate.addresses` order.
    pub address_ids: Vec<i64>,
    /// Custom field values by code (MS-B10 reads its MoySklad id here).
    pub custom_fields: BTreeMap<String, serde_json::Value>,
}

/// Who an order belongs to, by CRM ids.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum CrmBuyer {
    Private {
        customer_id: i64,
    },
    Corporate {
        corporate_id: i64,
        contact_id: i64,
        company_id: Option<i64>,
    },
}

/// A CRM order (the fields Synclane reads).
#[derive(Debug, Clone, PartialEq)]
pub struct CrmOrder {
    pub id: i64,
    pub external_id: Option<String>,
    pub number: Option<String>,
    pub status: Option<String>,
    pub buyer: Option<CrmBuyer>,
    /// The person on the order (firstName, lastName, phone, email of the order itself).
    pub person: Person,
    pub delivery_address: Option<Address>,
    pub lines: Vec<OrderLine>,
}

/// A new corporate customer: created with one company, one contact person
/// (an existing CRM customer) and its addresses.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCorporate {
    pub external_id: Option<String>,
    pub nick_name: String,
    pub company: Company,
    pub contact_customer_id: i64,
    pub addresses: Vec<Address>,
}

/// A new CRM order, or the full set of fields an edit writes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NewOrder {
    pub external_id: String,
    pub number: Option<String>,
    /// CRM status code; `None` leaves the CRM's default / current status.
    pub status: Option<String>,
    pub buyer: CrmBuyer,
    /// Name, e-mail and phone on the order itself.
    pub person: Person,
    pub billing_address: Option<Address>,
    pub delivery_address: Option<Address>,
    /// None on an edit leaves the CRM order's items as they are.
    pub lines: Vec<OrderLine>,
    pub comment: Option<String>,
}

pub(crate) fn _assert_send(_: &CrmCustomer, _: &Customer) {}
