//! Counterparties with their contact persons and bank accounts.
//!
//! Endpoints (dev.moysklad.ru, "Контрагент"): `entity/counterparty[/{id}]`,
//! `entity/counterparty/{id}/contactpersons`, `entity/counterparty/{id}/accounts`;
//! search by `filter=inn=..`, `filter=email=..`, `filter=phone=..`.

use super::client::{MoySklad, Replay, filter_value};
use super::types::{BankAccount, ContactPerson, Counterparty};
use crate::error::{Error, Result};
use http::Method;

/// Fields a counterparty can be looked up by (exact match).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterpartyField {
    Inn,
    Email,
    Phone,
    ExternalCode,
}

impl CounterpartyField {
    fn as_str(self) -> &'static str {
        match self {
            CounterpartyField::Inn => "inn",
            CounterpartyField::Email => "email",
            CounterpartyField::Phone => "phone",
            CounterpartyField::ExternalCode => "externalCode",
        }
    }
}

impl MoySklad {
    /// `GET entity/counterparty/{id}`; `None` when it does not exist.
    pub async fn counterparty_get(&self, id: &str) -> Result<Option<Counterparty>> {
        self.get_opt(&format!("entity/counterparty/{id}"), &[])
            .await
    }

    /// Counterparties whose `field` equals `value`.
    pub async fn counterparties_by(
        &self,
        field: CounterpartyField,
        value: &str,
    ) -> Result<Vec<Counterparty>> {
        self.counterparties_by_any(field, &[value]).await
    }

    /// Counterparties whose `field` equals any of `values`, in one request
    /// (a repeated `=` on one field is an OR in MoySklad's filter).
    pub async fn counterparties_by_any(
        &self,
        field: CounterpartyField,
        values: &[&str],
    ) -> Result<Vec<Counterparty>> {
        let mut conditions = Vec::with_capacity(values.len());
        for value in values {
            conditions.push(format!("{}={}", field.as_str(), filter_value(value)?));
        }
        let filter = conditions.join(";");
        self.list_all("entity/counterparty", vec![("filter", filter)])
            .await
    }

    /// Counterparties matching free text (`search=`: name, phone, e-mail, ...);
    /// phones are then compared by the caller after normalisation.
    pub async fn counterparties_search(&self, text: &str) -> Result<Vec<Counterparty>> {
        self.list_all("entity/counterparty", vec![("search", text.to_owned())])
            .await
    }

    /// `POST entity/counterparty`. A `syncId` is added when missing so a resend
    /// after a timeout returns the first record instead of a duplicate.
    pub async fn counterparty_create(&self, counterparty: &Counterparty) -> Result<Counterparty> {
        let mut body = counterparty.clone();
        body.sync_id
            .get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        self.send_json(Method::POST, "entity/counterparty", &body, Replay::Safe)
            .await
    }

    /// `PUT entity/counterparty/{id}`: writes only the fields that are set.
    pub async fn counterparty_update(
        &self,
        id: &str,
        changes: &Counterparty,
    ) -> Result<Counterparty> {
        self.send_json(
            Method::PUT,
            &format!("entity/counterparty/{id}"),
            changes,
            Replay::Safe,
        )
        .await
    }

    /// The counterparty's contact persons.
    pub async fn contact_persons(&self, counterparty_id: &str) -> Result<Vec<ContactPerson>> {
        self.list_all(
            &format!("entity/counterparty/{counterparty_id}/contactpersons"),
            Vec::new(),
        )
        .await
    }

    /// Adds a contact person (the body is one object, the answer an array);
    /// returns it with its id. Not resent after a timeout
    /// (contact persons have no `syncId`).
    pub async fn contact_person_create(
        &self,
        counterparty_id: &str,
        person: &ContactPerson,
    ) -> Result<ContactPerson> {
        let path = format!("entity/counterparty/{counterparty_id}/contactpersons");
        let mut created: Vec<ContactPerson> = self
            .send_json(Method::POST, &path, person, Replay::OnlyIfRefused)
            .await?;
        created
            .pop()
            .ok_or_else(|| Error::Invalid("moysklad returned no contact person".into()))
    }

    /// The counterparty's bank accounts.
    pub async fn bank_accounts(&self, counterparty_id: &str) -> Result<Vec<BankAccount>> {
        self.list_all(
            &format!("entity/counterparty/{counterparty_id}/accounts"),
            Vec::new(),
        )
        .await
    }

    /// Adds a bank account; returns it with its id.
    pub async fn bank_account_create(
        &self,
        counterparty_id: &str,
        account: &BankAccount,
    ) -> Result<BankAccount> {
        let path = format!("entity/counterparty/{counterparty_id}/accounts");
        let mut created: Vec<BankAccount> = self
            .send_json(Method::POST, &path, account, Replay::OnlyIfRefused)
            .await?;
        created
            .pop()
            .ok_or_else(|| Error::Invalid("moysklad returned no account".into()))
    }
}
