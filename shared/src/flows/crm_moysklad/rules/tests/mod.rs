//! Rule-by-rule tests of the CRM ⇄ MoySklad rules, named after RULES.md ids,
//! one file per rules module; the fixtures are here.

mod buyer;
mod documents;
mod export;
mod fields;
mod from_moysklad;
mod lines;
mod moysklad_id;
mod payments;
mod positions;

use super::counterparty::{self, Buyer, MatchBy};
use super::inbound;
use super::order_export::{self, ExportInput, Goods, Target, Verdict};
use crate::connectors::moysklad::{
    Counterparty, CustomerOrder, GoodsKind, MetaRef, PositionsField,
};
use crate::connectors::retailcrm::{
    CrmBuyer, CrmContragent, CrmCorporate, CrmCustomerDetails, CrmLine, CrmOrderDetails,
};
use crate::model::{BankAccount, Company, CorporateCustomer, Customer, LegalDetails, Person};
use crate::settings::MoySkladSync;
use std::collections::BTreeMap;

pub(super) const BASE: &str = "https://api.moysklad.ru/api/remap/1.2";

pub(super) fn sync() -> MoySkladSync {
    let m = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    MoySkladSync {
        shops: m(&[("shop", "org-1")]),
        channels: m(&[("shop", "chan-1")]),
        stores: m(&[("main", "store-1")]),
        statuses: m(&[("new", "st-new"), ("complete", "st-done")]),
        ..MoySkladSync::default()
    }
}

pub(super) fn order() -> CrmOrderDetails {
    CrmOrderDetails {
        id: 7,
        number: Some("7A".into()),
        site: Some("shop".into()),
        status: Some("new".into()),
        shipment_store: Some("main".into()),
        manager_comment: Some("call first".into()),
        buyer: Some(CrmBuyer::Private { customer_id: 3 }),
        lines: vec![CrmLine {
            id: Some(1),
            xml_id: Some("ext-1".into()),
            name: "Phone".into(),
            quantity: 2.0,
            price: 100.5,
            ..CrmLine::default()
        }],
        ..CrmOrderDetails::default()
    }
}

pub(super) fn goods(kind: GoodsKind) -> BTreeMap<String, Goods> {
    BTreeMap::from([(
        "ext-1".to_string(),
        Goods {
            kind,
            id: "good-1".into(),
        },
    )])
}

pub(super) fn decide(
    sync: &MoySkladSync,
    order: &CrmOrderDetails,
    linked: Option<&str>,
    goods: &BTreeMap<String, Goods>,
) -> Verdict {
    order_export::decide(ExportInput {
        sync,
        base_url: BASE,
        order,
        ms_order_id: linked,
        goods,
        shipped: false,
    })
}

pub(super) fn plan(v: Verdict) -> order_export::ExportPlan {
    match v {
        Verdict::Export(p) => *p,
        other => panic!("expected an export, got {other:?}"),
    }
}

/// A private buyer with a name, e-mail and phone.
pub(super) fn anna() -> Buyer {
    Buyer {
        kind: CrmContragent::Individual,
        person: Person {
            first_name: Some("Anna".into()),
            last_name: Some("Petrova".into()),
            email: Some("anna@example.com".into()),
            phone: Some("+79031234567".into()),
            ..Person::default()
        },
        company: None,
        address: None,
    }
}
