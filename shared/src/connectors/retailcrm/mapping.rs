//! Canonical model ⇄ the CRM's JSON.
//!
//! Choices where the shapes differ (written down per RULES.md):
//! - An address's `line1` and `line2` go to the CRM's free-text `text`,
//!   joined by ", "; reading back puts all of `text` into `line1`.
//! - A person's phone is the first of the customer's `phones`.
//! - An order line points at the CRM offer whose `externalId` is the source
//!   product id (what the official OpenCart module uploads as the catalogue),
//!   and always carries `productName` and `initialPrice` as well.

use super::wire::*;
use crate::model::{Address, BankAccount, Company, Customer, LegalDetails, OrderLine, Person};

pub(super) fn address_to_wire(a: &Address) -> WireAddress {
    let text = [&a.line1, &a.line2]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>();
    WireAddress {
        index: a.postcode.clone(),
        country_iso: a.country_iso.clone(),
        region: a.region.clone(),
        city: a.city.clone(),
        text: (!text.is_empty()).then(|| text.join(", ")),
        notes: a.notes.clone(),
        ..WireAddress::default()
    }
}

pub(super) fn address_from_wire(w: &WireAddress) -> Address {
    Address {
        country_iso: w.country_iso.clone(),
        region: w.region.clone(),
        city: w.city.clone(),
        postcode: w.index.clone(),
        line1: w.text.clone(),
        line2: None,
        notes: w.notes.clone(),
    }
}

pub(super) fn customer_to_wire(external_id: Option<&str>, c: &Customer) -> WireCustomer {
    let p = &c.person;
    WireCustomer {
        external_id: external_id.map(str::to_owned),
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        patronymic: p.patronymic.clone(),
        email: p.email.clone(),
        phones: p.phone.as_ref().map(|n| {
            vec![WirePhone {
                number: Some(n.clone()),
            }]
        }),
        address: c
            .address
            .as_ref()
            .filter(|a| !a.is_empty())
            .map(address_to_wire),
        ..WireCustomer::default()
    }
}

pub(super) fn person_from_wire(w: &WireCustomer) -> Person {
    Person {
        first_name: w.first_name.clone(),
        last_name: w.last_name.clone(),
        patronymic: w.patronymic.clone(),
        email: w.email.clone(),
        phone: w.phones.iter().flatten().find_map(|p| p.number.clone()),
    }
}

pub(super) fn customer_from_wire(w: &WireCustomer) -> Customer {
    Customer {
        person: person_from_wire(w),
        address: w.address.as_ref().map(address_from_wire),
    }
}

pub(super) fn company_to_wire(c: &Company, is_main: bool) -> WireCompany {
    let l = &c.legal;
    let bank = l.bank.clone().unwrap_or_default();
    WireCompany {
        is_main: is_main.then_some(true),
        name: Some(c.name.clone()),
        contragent: Some(WireContragent {
            contragent_type: Some("legal-entity".into()),
            legal_name: l.legal_name.clone(),
            legal_address: l.legal_address.clone(),
            inn: l.tax_id.clone(),
            kpp: l.kpp.clone(),
            ogrn: l.ogrn.clone(),
            bik: bank.bik,
            bank: bank.bank_name,
            corr_account: bank.corr_account,
            bank_account: bank.account,
        }),
        ..WireCompany::default()
    }
}

pub(super) fn company_from_wire(w: &WireCompany, address: Option<Address>) -> Company {
    let c = w.contragent.clone().unwrap_or_default();
    let bank = BankAccount {
        bank_name: c.bank,
        bik: c.bik,
        account: c.bank_account,
        corr_account: c.corr_account,
    };
    let has_bank = bank != BankAccount::default();
    Company {
        name: w.name.clone().unwrap_or_default(),
        legal: LegalDetails {
            legal_name: c.legal_name,
            tax_id: c.inn,
            kpp: c.kpp,
            ogrn: c.ogrn,
            legal_address: c.legal_address,
            bank: has_bank.then_some(bank),
        },
        address,
    }
}

pub(super) fn line_to_wire(l: &OrderLine) -> WireItem {
    WireItem {
        offer: Some(WireOffer {
            external_id: Some(l.product_id.clone()),
            ..WireOffer::default()
        }),
        product_name: Some(l.name.clone()),
        initial_price: Some(l.price),
        quantity: Some(l.quantity),
        ..WireItem::default()
    }
}

pub(super) fn line_from_wire(w: &WireItem) -> OrderLine {
    let offer = w.offer.clone().unwrap_or_default();
    let product_id = offer
        .external_id
        .or_else(|| offer.id.map(|i| i.to_string()))
        .or_else(|| w.id.map(|i| i.to_string()));
    OrderLine {
        product_id: product_id.unwrap_or_default(),
        sku: offer.xml_id,
        name: w.product_name.clone().or(offer.name).unwrap_or_default(),
        quantity: w.quantity.unwrap_or(1.0),
        price: w.initial_price.unwrap_or_default(),
    }
}
