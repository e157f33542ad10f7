//! Canonical model ⇄ MoySklad, in one place: money in kopecks, counterparty
//! types, contact persons, bank accounts and order lines.

use super::meta::{Kopecks, MetaRef};
use super::types::{BankAccount, ContactPerson, Counterparty, Position};
use crate::model::{BankAccount as CanonBank, Company, OrderLine, Person};

/// An amount in the order's currency (e.g. roubles) as kopecks, rounded half away from zero.
pub fn to_kopecks(amount: f64) -> Kopecks {
    Kopecks((amount * 100.0).round() as i64)
}

/// Kopecks as an amount in the currency.
pub fn from_kopecks(k: Kopecks) -> f64 {
    k.0 as f64 / 100.0
}

/// MoySklad's `companyType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyType {
    Individual,
    Entrepreneur,
    Legal,
}

impl CompanyType {
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyType::Individual => "individual",
            CompanyType::Entrepreneur => "entrepreneur",
            CompanyType::Legal => "legal",
        }
    }
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// A private customer as a counterparty (`individual`).
pub fn counterparty_from_person(person: &Person, address: Option<String>) -> Counterparty {
    let name = person.full_name();
    Counterparty {
        name: (!name.is_empty()).then_some(name),
        company_type: Some(CompanyType::Individual.as_str().into()),
        legal_last_name: non_empty(&person.last_name),
        legal_first_name: non_empty(&person.first_name),
        legal_middle_name: non_empty(&person.patronymic),
        email: non_empty(&person.email),
        phone: non_empty(&person.phone),
        actual_address: address.filter(|a| !a.is_empty()),
        ..Counterparty::default()
    }
}

/// A company as a counterparty (`legal` or `entrepreneur`) with its legal details.
pub fn counterparty_from_company(company: &Company, kind: CompanyType) -> Counterparty {
    let legal = &company.legal;
    Counterparty {
        name: Some(company.name.clone()),
        company_type: Some(kind.as_str().into()),
        legal_title: non_empty(&legal.legal_name).or_else(|| Some(company.name.clone())),
        inn: non_empty(&legal.tax_id),
        kpp: non_empty(&legal.kpp),
        ogrn: non_empty(&legal.ogrn).filter(|_| kind == CompanyType::Legal),
        ogrnip: non_empty(&legal.ogrn).filter(|_| kind == CompanyType::Entrepreneur),
        legal_address: non_empty(&legal.legal_address),
        actual_address: company
            .address
            .as_ref()
            .map(|a| a.text())
            .filter(|a| !a.is_empty()),
        ..Counterparty::default()
    }
}

/// A contact person of a company.
pub fn contact_from_person(person: &Person) -> ContactPerson {
    ContactPerson {
        name: Some(person.full_name()),
        email: non_empty(&person.email),
        phone: non_empty(&person.phone),
        ..ContactPerson::default()
    }
}

/// A contact person back as a person (MoySklad keeps one name line).
pub fn person_from_contact(contact: &ContactPerson) -> Person {
    Person {
        first_name: contact.name.clone(),
        email: contact.email.clone(),
        phone: contact.phone.clone(),
        ..Person::default()
    }
}

/// A company's bank details as the counterparty's default account.
pub fn bank_account(bank: &CanonBank) -> BankAccount {
    BankAccount {
        account_number: non_empty(&bank.account),
        bank_name: non_empty(&bank.bank_name),
        bic: non_empty(&bank.bik),
        correspondent_account: non_empty(&bank.corr_account),
        is_default: Some(true),
        ..BankAccount::default()
    }
}

/// An order line as a position on the good `assortment` (a product, variant or service).
pub fn position(line: &OrderLine, assortment: MetaRef, reserve: bool) -> Position {
    Position {
        assortment: Some(assortment),
        quantity: Some(line.quantity),
        price: Some(to_kopecks(line.price)),
        reserve: reserve.then_some(line.quantity),
        ..Position::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kopecks_round_trip() {
        assert_eq!(to_kopecks(1234.565), Kopecks(123457));
        assert_eq!(to_kopecks(0.1 + 0.2), Kopecks(30));
        assert_eq!(from_kopecks(Kopecks(123457)), 1234.57);
    }
}
