//! Customers: private persons, corporate customers, their contacts and companies.

use serde::{Deserialize, Serialize};

/// A postal address. `text` is the free-form line when the peer has no structure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub country_iso: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub notes: Option<String>,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        *self == Address::default()
    }

    /// One line for peers that store an address as text.
    pub fn text(&self) -> String {
        [
            &self.postcode,
            &self.country_iso,
            &self.region,
            &self.city,
            &self.line1,
            &self.line2,
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// A natural person: a private customer or a corporate customer's contact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub patronymic: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Person {
    pub fn full_name(&self) -> String {
        [&self.last_name, &self.first_name, &self.patronymic]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A private customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub person: Person,
    pub address: Option<Address>,
}

/// Bank details of a company.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    pub bank_name: Option<String>,
    pub bik: Option<String>,
    pub account: Option<String>,
    pub corr_account: Option<String>,
}

/// Legal details of a company.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalDetails {
    pub legal_name: Option<String>,
    pub tax_id: Option<String>,
    pub kpp: Option<String>,
    pub ogrn: Option<String>,
    pub legal_address: Option<String>,
    pub bank: Option<BankAccount>,
}

/// A company of a corporate customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub name: String,
    pub legal: LegalDetails,
    pub address: Option<Address>,
}

/// A corporate customer: a buyer organisation with companies, contacts and addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorporateCustomer {
    pub name: String,
    pub companies: Vec<Company>,
    pub contacts: Vec<Person>,
    pub addresses: Vec<Address>,
}
