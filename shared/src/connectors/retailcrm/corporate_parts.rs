//! Adding parts to an existing corporate customer:
//! `POST /customers-corporate/{id}/{addresses|companies|contacts}/create?by=id`.

use super::client::RetailCrm;
use super::mapping::{address_to_wire, company_to_wire};
use super::wire::{ContactsAnswer, IdAnswer, WireContact, WireRef, to_field};
use crate::error::Result;
use crate::model::{Address, Company};

impl RetailCrm {
    /// Adds an address to a corporate customer; returns its CRM id.
    pub async fn corporate_add_address(&self, corporate_id: i64, address: &Address) -> Result<i64> {
        self.corporate_add(
            corporate_id,
            "addresses",
            "address",
            to_field(&address_to_wire(address)),
        )
        .await
    }

    /// Adds a company to a corporate customer; returns its CRM id.
    pub async fn corporate_add_company(&self, corporate_id: i64, company: &Company) -> Result<i64> {
        self.corporate_add(
            corporate_id,
            "companies",
            "company",
            to_field(&company_to_wire(company, false)),
        )
        .await
    }

    /// Makes an existing CRM customer a contact person of the corporate customer.
    /// Idempotent: a customer who already is a contact is left as it is.
    pub async fn corporate_add_contact(&self, corporate_id: i64, customer_id: i64) -> Result<()> {
        let contact = WireContact {
            customer: Some(WireRef {
                id: Some(customer_id),
                ..WireRef::default()
            }),
            ..WireContact::default()
        };
        let Err(e) = self
            .corporate_add(corporate_id, "contacts", "contact", to_field(&contact))
            .await
        else {
            return Ok(());
        };
        if !matches!(e, crate::Error::PeerRejected { .. }) {
            return Err(e);
        }
        // A redelivered event repeats the call; the CRM refuses the second link.
        let path = format!("customers-corporate/{corporate_id}/contacts");
        let contacts = self
            .get_all::<ContactsAnswer>(&path, vec![("by".into(), "id".into())])
            .await?;
        match contacts
            .iter()
            .any(|c| c.customer.as_ref().and_then(|r| r.id) == Some(customer_id))
        {
            true => Ok(()),
            false => Err(e),
        }
    }

    /// `POST /customers-corporate/{id}/{part}/create?by=id` with `{field}=`.
    async fn corporate_add(
        &self,
        corporate_id: i64,
        part: &str,
        field: &str,
        json: String,
    ) -> Result<i64> {
        let form = vec![
            ("by".into(), "id".into()),
            ("site".into(), self.site().into()),
            (field.into(), json),
        ];
        let path = format!("customers-corporate/{corporate_id}/{part}/create");
        // No key makes a second create the same record: tried once.
        Ok(self.post_unkeyed::<IdAnswer>(&path, form).await?.id)
    }
}
