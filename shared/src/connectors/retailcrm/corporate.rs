//! Corporate customers: `/customers-corporate` and its nested contacts,
//! companies and addresses.
//!
//! A corporate record is read in parts: the record itself, then its
//! `/addresses`, `/companies` and `/contacts` lists (how the official
//! OpenCart module reads them too), then the contact persons' own customer
//! records in one `/customers?filter[ids][]=` call. What an order needs is
//! the three lists alone (`corporate_parts`): the CRM budget is the
//! merchant's, so flows read no more than that.

use super::client::{Params, RetailCrm, by_params, segment};
use super::customers::{crm_customer, vanished};
use super::errors::none_if_not_found;
use super::mapping::{address_from_wire, address_to_wire, company_from_wire, company_to_wire};
use super::types::{By, CrmCorporate, NewCorporate};
use super::wire::*;
use crate::error::Result;
use crate::model::{CorporateCustomer, Person};

impl RetailCrm {
    /// `GET /customers-corporate/{id}?by=` with its companies, contacts and
    /// addresses, and its contact persons' names: 5 requests.
    pub async fn corporate_get(&self, by: By, id: &str) -> Result<Option<CrmCorporate>> {
        let path = format!("customers-corporate/{}", segment(id));
        let Some(answer) = none_if_not_found(
            self.get::<CorporateAnswer>(&path, by_params(self, by))
                .await,
        )?
        else {
            return Ok(None);
        };
        let record = answer.customer_corporate;
        let Some(crm_id) = record.id else {
            return Ok(None);
        };
        let Some(mut found) = self.corporate_parts(crm_id).await? else {
            return Ok(None);
        };
        found.corporate.contacts = self.persons(&found.contact_ids).await?;
        found.corporate.name = record.nick_name.unwrap_or_default();
        found.external_id = record.external_id;
        found.custom_fields = record
            .custom_fields
            .unwrap_or_default()
            .into_iter()
            .collect();
        Ok(Some(found))
    }

    /// What an order needs of corporate customer `id` (by id): its
    /// companies, contact ids and addresses, in 3 requests. The record's
    /// own fields (nick name, external id, custom fields) and the contacts'
    /// names are left empty: read them with `corporate_get`.
    pub async fn corporate_parts(&self, crm_id: i64) -> Result<Option<CrmCorporate>> {
        let base = format!("customers-corporate/{crm_id}");
        let by_id: Params = vec![("by".into(), "id".into())];
        let addresses = match self
            .get_all::<AddressesAnswer>(&format!("{base}/addresses"), by_id.clone())
            .await
        {
            Ok(addresses) => addresses,
            Err(crate::Error::PeerRejected { status: 404, .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let companies = self
            .get_all::<CompaniesAnswer>(&format!("{base}/companies"), by_id.clone())
            .await?;
        let contacts = self
            .get_all::<ContactsAnswer>(&format!("{base}/contacts"), by_id)
            .await?;
        let contact_ids: Vec<i64> = contacts
            .iter()
            .filter_map(|c| c.customer.as_ref()?.id)
            .collect();
        let address_of = |r: &Option<WireRef>| {
            let id = r.as_ref()?.id?;
            addresses
                .iter()
                .find(|a| a.id == Some(id))
                .map(address_from_wire)
        };
        Ok(Some(CrmCorporate {
            id: crm_id,
            external_id: None,
            corporate: CorporateCustomer {
                name: String::new(),
                companies: companies
                    .iter()
                    .map(|c| company_from_wire(c, address_of(&c.address)))
                    .collect(),
                contacts: Vec::new(),
                addresses: addresses.iter().map(address_from_wire).collect(),
            },
            company_ids: companies.iter().map(|c| c.id.unwrap_or_default()).collect(),
            address_ids: addresses.iter().map(|a| a.id.unwrap_or_default()).collect(),
            contact_ids,
            custom_fields: Default::default(),
        }))
    }

    /// Corporate customers one of whose companies is named `name`
    /// (case-insensitive exact), as `corporate_parts` reads them.
    pub async fn corporates_by_company_name(&self, name: &str) -> Result<Vec<CrmCorporate>> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(Vec::new());
        }
        let query = vec![
            ("filter[companyName]".into(), name.into()),
            ("filter[sites][]".into(), self.site().into()),
        ];
        let candidates = self
            .get_all::<CorporatesAnswer>("customers-corporate", query)
            .await?;
        // The CRM's filter is a search, not an equality: confirm on the companies.
        let mut found = Vec::new();
        for id in candidates.iter().filter_map(|c| c.id) {
            if let Some(corp) = self.corporate_parts(id).await?
                && corp
                    .corporate
                    .companies
                    .iter()
                    .any(|c| c.name.trim().to_lowercase() == name.to_lowercase())
            {
                found.push(corp);
            }
        }
        Ok(found)
    }

    /// Creates the corporate customer with its contact person, company and addresses;
    /// returns it with all CRM ids and its contact's name (4 reads after the
    /// create). Same externalId twice: returns the existing one.
    pub async fn corporate_create(&self, new: &NewCorporate) -> Result<CrmCorporate> {
        let id = match self.corporate_create_id(new).await? {
            Created::New(id) => id,
            Created::Existing(found) => return Ok(found),
        };
        // The record's own fields are the ones just sent: only the parts are read.
        let mut created = self
            .corporate_parts(id)
            .await?
            .ok_or_else(|| vanished("corporate customer", id))?;
        created.corporate.contacts = self.persons(&created.contact_ids).await?;
        created.corporate.name = new.nick_name.clone();
        created.external_id = new.external_id.clone();
        Ok(created)
    }

    /// Creates the corporate customer as `corporate_create` does; returns
    /// its id and its (one) company's id: all an order needs, in 1 read.
    pub async fn corporate_create_for_order(
        &self,
        new: &NewCorporate,
    ) -> Result<(i64, Option<i64>)> {
        let id = match self.corporate_create_id(new).await? {
            Created::New(id) => id,
            Created::Existing(found) => return Ok((found.id, found.company_ids.first().copied())),
        };
        let by_id: Params = vec![("by".into(), "id".into())];
        let companies = self
            .get_all::<CompaniesAnswer>(&format!("customers-corporate/{id}/companies"), by_id)
            .await?;
        Ok((id, companies.first().and_then(|c| c.id)))
    }

    /// `POST /customers-corporate/create`; a taken externalId reads the existing one.
    async fn corporate_create_id(&self, new: &NewCorporate) -> Result<Created> {
        let addresses = new.addresses.iter().enumerate().map(|(i, a)| WireAddress {
            is_main: Some(i == 0),
            ..address_to_wire(a)
        });
        let wire = WireCorporate {
            external_id: new.external_id.clone(),
            nick_name: Some(new.nick_name.clone()),
            customer_contacts: Some(vec![WireContact {
                is_main: Some(true),
                customer: Some(WireRef {
                    id: Some(new.contact_customer_id),
                    ..WireRef::default()
                }),
                ..WireContact::default()
            }]),
            companies: Some(vec![company_to_wire(&new.company, true)]),
            addresses: Some(addresses.collect()),
            ..WireCorporate::default()
        };
        let form = vec![
            ("site".into(), self.site().into()),
            ("customerCorporate".into(), to_field(&wire)),
        ];
        let answer = match new.external_id {
            Some(_) => {
                self.post::<IdAnswer>("customers-corporate/create", form)
                    .await
            }
            None => {
                self.post_unkeyed::<IdAnswer>("customers-corporate/create", form)
                    .await
            }
        };
        match answer {
            Ok(a) => Ok(Created::New(a.id)),
            Err(f) if f.is_duplicate_external_id() && new.external_id.is_some() => {
                let ext = new.external_id.as_deref().unwrap_or_default();
                let found = self.corporate_get(By::ExternalId, ext).await?;
                Ok(Created::Existing(
                    found.ok_or_else(|| crate::Error::from(f))?,
                ))
            }
            Err(f) => Err(f.into()),
        }
    }

    /// The contact persons, in the order of `ids`.
    async fn persons(&self, ids: &[i64]) -> Result<Vec<Person>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let filter: Params = ids
            .iter()
            .map(|id| ("filter[ids][]".into(), id.to_string()))
            .collect();
        // Contacts may belong to another site of the account: no site filter here.
        let found = self.get_all::<CustomersAnswer>("customers", filter).await?;
        let by_id = |id: i64| {
            found
                .iter()
                .find(|c| c.id == Some(id))
                .map(|c| crm_customer(c).customer.person)
        };
        Ok(ids
            .iter()
            .map(|id| by_id(*id).unwrap_or_default())
            .collect())
    }
}

/// What a create found: a new record's id, or the one its externalId had.
enum Created {
    New(i64),
    Existing(CrmCorporate),
}
