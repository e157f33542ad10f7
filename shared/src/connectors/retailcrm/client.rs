//! HTTP client for RetailCRM API v5.

use super::types::*;
use crate::error::Result;
use crate::model::{Address, Company, Customer};
use crate::settings::RetailCrmSettings;

/// A tenant's RetailCRM account. Cheap to clone.
#[derive(Clone)]
pub struct RetailCrm {
    http: reqwest::Client,
    settings: RetailCrmSettings,
}

impl RetailCrm {
    pub fn new(http: reqwest::Client, settings: RetailCrmSettings) -> Self {
        RetailCrm { http, settings }
    }

    /// The CRM shop code that new records are created in.
    pub fn site(&self) -> &str {
        &self.settings.site
    }

    /// `GET /customers/{id}?by=&site=`; `None` on 404.
    pub async fn customer_get(&self, by: By, id: &str) -> Result<Option<CrmCustomer>> {
        todo!("{:?} {} {:?}", by, id, self.http)
    }

    /// Customers whose e-mail is `email` (exact, case-insensitive).
    pub async fn customers_by_email(&self, email: &str) -> Result<Vec<CrmCustomer>> {
        todo!("{email}")
    }

    /// Customers with this phone (compared after normalisation of digits).
    pub async fn customers_by_phone(&self, phone: &str) -> Result<Vec<CrmCustomer>> {
        todo!("{phone}")
    }

    /// `POST /customers/create`; returns the new CRM id. If a customer with the
    /// same externalId already exists, returns that customer's id instead.
    pub async fn customer_create(
        &self,
        external_id: Option<&str>,
        customer: &Customer,
    ) -> Result<i64> {
        todo!("{external_id:?} {customer:?}")
    }

    /// `POST /customers/{id}/edit?by=id`: writes name, e-mail, phone and address.
    pub async fn customer_edit(&self, id: i64, customer: &Customer) -> Result<()> {
        todo!("{id} {customer:?}")
    }

    /// `GET /customers-corporate/{id}?by=id` with its companies, contacts and addresses.
    pub async fn corporate_get(&self, by: By, id: &str) -> Result<Option<CrmCorporate>> {
        todo!("{by:?} {id}")
    }

    /// Corporate customers one of whose companies is named `name` (case-insensitive exact).
    pub async fn corporates_by_company_name(&self, name: &str) -> Result<Vec<CrmCorporate>> {
        todo!("{name}")
    }

    /// Creates the corporate customer with its contact person, company and addresses;
    /// returns it with all CRM ids. Same externalId twice: returns the existing one.
    pub async fn corporate_create(&self, new: &NewCorporate) -> Result<CrmCorporate> {
        todo!("{new:?}")
    }

    /// Adds an address to a corporate customer; returns its CRM id.
    pub async fn corporate_add_address(&self, corporate_id: i64, address: &Address) -> Result<i64> {
        todo!("{corporate_id} {address:?}")
    }

    /// Adds a company to a corporate customer; returns its CRM id.
    pub async fn corporate_add_company(&self, corporate_id: i64, company: &Company) -> Result<i64> {
        todo!("{corporate_id} {company:?}")
    }

    /// Makes an existing CRM customer a contact person of the corporate customer.
    pub async fn corporate_add_contact(&self, corporate_id: i64, customer_id: i64) -> Result<()> {
        todo!("{corporate_id} {customer_id}")
    }

    /// `GET /orders/{id}?by=`; `None` on 404.
    pub async fn order_get(&self, by: By, id: &str) -> Result<Option<CrmOrder>> {
        todo!("{by:?} {id}")
    }

    /// `POST /orders/create`; returns the CRM id. Same externalId twice: returns the existing id.
    pub async fn order_create(&self, order: &NewOrder) -> Result<i64> {
        todo!("{order:?}")
    }

    /// `POST /orders/{externalId}/edit?by=externalId`: writes buyer, person, addresses,
    /// status (when set) and lines.
    pub async fn order_edit(&self, order: &NewOrder) -> Result<()> {
        todo!("{order:?}")
    }
}
