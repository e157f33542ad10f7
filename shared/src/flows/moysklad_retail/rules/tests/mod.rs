//! Rule tests, named after the rule ids of RULES.md; shared builders here.

mod buyers;
mod money_fields;
mod orders;

use super::decide::Decision;
use super::*;
use crate::connectors::retailcrm::{CrmBuyer, CrmCorporate, CrmItem, CrmPayment, CrmRetailOrder};
use crate::model::{Company, CorporateCustomer, Person};
use crate::settings::RetailOptions;
use serde_json::json;

pub(super) fn line(xml: &str, qty: f64) -> SaleLine {
    SaleLine {
        xml_id: xml.into(),
        name: format!("good {xml}"),
        quantity: qty,
        price: 100.0,
    }
}

pub(super) fn item(id: i64, xml: &str, qty: f64) -> CrmItem {
    CrmItem {
        id: Some(id),
        xml_id: Some(xml.into()),
        name: format!("good {xml}"),
        quantity: qty,
        price: 100.0,
    }
}

pub(super) fn pay(channel: PayChannel, amount: f64) -> SalePayment {
    SalePayment {
        channel,
        amount,
        conducted: true,
    }
}

pub(super) fn crm_pay(kind: &str, status: &str, amount: f64) -> CrmPayment {
    CrmPayment {
        id: Some(1),
        kind: kind.into(),
        status: status.into(),
        amount,
    }
}

pub(super) fn sale(lines: Vec<SaleLine>, payments: Vec<SalePayment>) -> Sale {
    Sale {
        id: "sale-1".into(),
        organization_id: Some("org-1".into()),
        customer_order_id: None,
        lines,
        payments,
        attributes: Vec::new(),
    }
}

pub(super) fn options() -> RetailOptions {
    RetailOptions {
        enabled: true,
        shops: [("org-1".to_owned(), "retail-shop".to_owned())].into(),
        ..RetailOptions::default()
    }
}

pub(super) fn all_line_options() -> RetailOptions {
    RetailOptions {
        increase_quantity: true,
        decrease_quantity: true,
        add_new_goods: true,
        remove_missing_goods: true,
        ..options()
    }
}

pub(super) fn order(items: Vec<CrmItem>, buyer: CrmBuyer) -> CrmRetailOrder {
    CrmRetailOrder {
        id: 7,
        external_id: Some("oc-7".into()),
        site: Some("shop".into()),
        buyer: Some(buyer),
        items,
        payments: Vec::new(),
    }
}

pub(super) const BUYER: CrmBuyer = CrmBuyer::Private { customer_id: 3 };

pub(super) fn decide_for(
    opts: &RetailOptions,
    s: &Sale,
    o: Option<&CrmRetailOrder>,
    buyer: &CrmBuyer,
) -> Decision {
    decide(Input {
        options: opts,
        sale: s,
        order: o,
        order_sales_lines: &s.lines,
        order_sales_payments: &s.payments,
        buyer,
        fields: &Default::default(),
    })
}

pub(super) fn attr(id: &str, value: AttrValue) -> SaleAttribute {
    SaleAttribute {
        id: id.into(),
        value,
    }
}

pub(super) fn person(name: &str, email: &str) -> Person {
    Person {
        first_name: Some(name.into()),
        email: Some(email.into()),
        ..Person::default()
    }
}

pub(super) fn legal(contacts: Vec<Person>) -> SaleBuyer {
    SaleBuyer::Corporate {
        company: Company {
            name: "Romashka LLC".into(),
            ..Company::default()
        },
        person: Person::default(),
        contacts,
    }
}

pub(super) fn corporate(contacts: Vec<(i64, Person)>) -> CrmCorporate {
    CrmCorporate {
        id: 50,
        external_id: None,
        corporate: CorporateCustomer {
            name: "Romashka".into(),
            companies: vec![Company {
                name: "Romashka LLC".into(),
                ..Company::default()
            }],
            contacts: contacts.iter().map(|(_, p)| p.clone()).collect(),
            addresses: Vec::new(),
        },
        contact_ids: contacts.iter().map(|(id, _)| *id).collect(),
        company_ids: vec![60],
        address_ids: Vec::new(),
        custom_fields: Default::default(),
    }
}
