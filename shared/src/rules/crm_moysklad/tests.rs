//! Rule-by-rule tests of the CRM ⇄ MoySklad rules, named after RULES.md ids.

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

const BASE: &str = "https://api.moysklad.ru/api/remap/1.2";

fn sync() -> MoySkladSync {
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

fn order() -> CrmOrderDetails {
    CrmOrderDetails {
        id: 7,
        number: Some("7A".into()),
        site: Some("shop".into()),
        status: Some("new".into()),
        shipment_store: Some("main".into()),
        manager_comment: Some("call first".into()),
        buyer: Some(CrmBuyer::Private { customer_id: 3 }),
        person: Person::default(),
        delivery_address: None,
        lines: vec![CrmLine {
            id: Some(1),
            xml_id: Some("ext-1".into()),
            name: "Phone".into(),
            quantity: 2.0,
            price: 100.5,
            status: None,
        }],
        custom_fields: BTreeMap::new(),
    }
}

fn goods(kind: GoodsKind) -> BTreeMap<String, Goods> {
    BTreeMap::from([(
        "ext-1".to_string(),
        Goods {
            kind,
            id: "good-1".into(),
        },
    )])
}

fn decide(
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
    })
}

fn plan(v: Verdict) -> order_export::ExportPlan {
    match v {
        Verdict::Export(p) => *p,
        other => panic!("expected an export, got {other:?}"),
    }
}

#[test]
fn ms_m1_shop_maps_to_legal_entity_and_channel() {
    let p = plan(decide(&sync(), &order(), None, &goods(GoodsKind::Product)));
    assert_eq!(p.target, Target::Create);
    assert!(
        p.body
            .organization
            .unwrap()
            .meta
            .href
            .ends_with("/entity/organization/org-1")
    );
    assert!(
        p.body
            .sales_channel
            .unwrap()
            .meta
            .href
            .ends_with("/entity/saleschannel/chan-1")
    );
    let mut unmapped = order();
    unmapped.site = Some("other".into());
    assert!(
        matches!(decide(&sync(), &unmapped, None, &goods(GoodsKind::Product)), Verdict::Journal(m) if m.contains("MS-M5"))
    );
}

#[test]
fn ms_m3_status_maps_to_state_and_back() {
    let p = plan(decide(&sync(), &order(), None, &goods(GoodsKind::Product)));
    assert!(
        p.body
            .state
            .unwrap()
            .meta
            .href
            .ends_with("/customerorder/metadata/states/st-new")
    );
    let mut unmapped = order();
    unmapped.status = Some("assembling".into());
    let p = plan(decide(
        &sync(),
        &unmapped,
        Some("ms-1"),
        &goods(GoodsKind::Product),
    ));
    assert_eq!(
        p.body.state, None,
        "an unmapped status leaves MoySklad's state alone"
    );
    assert_eq!(p.target, Target::Update("ms-1".into()));
}

#[test]
fn ms_m4_first_export_waits_for_an_export_status() {
    let s = MoySkladSync {
        export_statuses: vec!["complete".into()],
        ..sync()
    };
    assert!(
        matches!(decide(&s, &order(), None, &goods(GoodsKind::Product)), Verdict::Skip(m) if m.contains("MS-M4"))
    );
    // Once exported, changes flow whatever the status.
    assert!(matches!(
        decide(&s, &order(), Some("ms-1"), &goods(GoodsKind::Product)),
        Verdict::Export(_)
    ));
    // No export status chosen: any status exports.
    assert!(matches!(
        decide(&sync(), &order(), None, &goods(GoodsKind::Product)),
        Verdict::Export(_)
    ));
}

#[test]
fn ms_m5_needs_store_shop_and_every_line_in_catalogue() {
    let mut no_store = order();
    no_store.shipment_store = None;
    assert!(
        matches!(decide(&sync(), &no_store, None, &goods(GoodsKind::Product)), Verdict::Journal(m) if m.contains("warehouse"))
    );
    let mut unmapped_store = order();
    unmapped_store.shipment_store = Some("south".into());
    assert!(matches!(
        decide(&sync(), &unmapped_store, None, &goods(GoodsKind::Product)),
        Verdict::Journal(_)
    ));
    assert!(
        matches!(decide(&sync(), &order(), None, &BTreeMap::new()), Verdict::Journal(m) if m.contains("ext-1")),
        "no partial order"
    );
    let p = plan(decide(&sync(), &order(), None, &goods(GoodsKind::Product)));
    let Some(PositionsField::Rows(rows)) = p.body.positions else {
        panic!("positions")
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].price.unwrap().0, 10050, "kopecks");
    assert_eq!(rows[0].reserve, None, "MS-S2 off: no reserve");
}

#[test]
fn ms_s2_reserves_lines_when_on() {
    let s = MoySkladSync {
        auto_reserve: true,
        ..sync()
    };
    let p = plan(decide(&s, &order(), None, &goods(GoodsKind::Product)));
    let Some(PositionsField::Rows(rows)) = p.body.positions else {
        panic!("positions")
    };
    assert_eq!(rows[0].reserve, Some(2.0));
}

#[test]
fn ms_s9_order_number_is_passed_unless_off() {
    let p = plan(decide(&sync(), &order(), None, &goods(GoodsKind::Product)));
    assert_eq!(p.body.name.as_deref(), Some("7A"));
    let s = MoySkladSync {
        skip_order_number: true,
        ..sync()
    };
    let p = plan(decide(&s, &order(), None, &goods(GoodsKind::Product)));
    assert_eq!(p.body.name, None, "MoySklad numbers it");
}

#[test]
fn ms_s12_services_only_as_goods_when_on() {
    assert!(
        matches!(decide(&sync(), &order(), None, &goods(GoodsKind::Service)), Verdict::Journal(m) if m.contains("MS-S12"))
    );
    let s = MoySkladSync {
        services_as_goods: true,
        auto_reserve: true,
        ..sync()
    };
    let p = plan(decide(&s, &order(), None, &goods(GoodsKind::Service)));
    let Some(PositionsField::Rows(rows)) = p.body.positions else {
        panic!("positions")
    };
    assert!(
        rows[0]
            .assortment
            .as_ref()
            .unwrap()
            .meta
            .href
            .ends_with("/entity/service/good-1")
    );
    assert_eq!(rows[0].reserve, None, "services are not reserved");
}

fn anna() -> Buyer {
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

#[test]
fn ms_b2_search_order_and_phone_normalisation() {
    let keys = counterparty::search_keys(&anna());
    assert_eq!(keys[0], (MatchBy::Email, "anna@example.com".into()));
    assert!(
        keys.iter()
            .any(|k| k == &(MatchBy::Phone, "8 (903) 123-45-67".into()))
    );
    let stored = Counterparty {
        id: Some("cp-1".into()),
        phone: Some("8 (903) 123-45-67".into()),
        ..Counterparty::default()
    };
    assert_eq!(
        counterparty::best_match(&anna(), MatchBy::Phone, &[stored]),
        Some("cp-1".into())
    );
    let other = Counterparty {
        id: Some("cp-2".into()),
        phone: Some("8 (903) 123-45-68".into()),
        ..Counterparty::default()
    };
    assert_eq!(
        counterparty::best_match(&anna(), MatchBy::Phone, &[other]),
        None
    );
    let plan = counterparty::new_counterparty(&anna(), &sync()).unwrap();
    assert_eq!(
        plan.counterparty.company_type.as_deref(),
        Some("individual")
    );
    assert_eq!(plan.counterparty.name.as_deref(), Some("Petrova Anna"));
    assert!(plan.contact.is_none());
    let nameless = Buyer {
        person: Person {
            email: Some("x@y.z".into()),
            ..Person::default()
        },
        ..anna()
    };
    assert!(
        counterparty::new_counterparty(&nameless, &sync())
            .unwrap_err()
            .contains("full name")
    );
}

#[test]
fn ms_b2_legal_customer_gets_legal_name_contact_and_account() {
    let buyer = Buyer {
        kind: CrmContragent::Legal,
        company: Some(Company {
            name: "Romashka".into(),
            legal: LegalDetails {
                legal_name: Some("OOO Romashka".into()),
                tax_id: Some("7701234567".into()),
                bank: Some(BankAccount {
                    account: Some("40702810".into()),
                    bik: Some("044525225".into()),
                    ..BankAccount::default()
                }),
                ..LegalDetails::default()
            },
            address: None,
        }),
        ..anna()
    };
    assert_eq!(
        counterparty::search_keys(&buyer)[0],
        (MatchBy::TaxId, "7701234567".into())
    );
    let plan = counterparty::new_counterparty(&buyer, &sync()).unwrap();
    assert_eq!(plan.counterparty.name.as_deref(), Some("OOO Romashka"));
    assert_eq!(plan.counterparty.company_type.as_deref(), Some("legal"));
    assert_eq!(plan.contact.unwrap().name.as_deref(), Some("Petrova Anna"));
    assert_eq!(plan.account.unwrap().is_default, Some(true));
}

#[test]
fn ms_b3_new_counterparties_get_the_group() {
    let s = MoySkladSync {
        counterparty_group: Some("retailcrm".into()),
        ..sync()
    };
    let plan = counterparty::new_counterparty(&anna(), &s).unwrap();
    assert_eq!(plan.counterparty.tags, Some(vec!["retailcrm".to_string()]));
    assert_eq!(
        counterparty::new_counterparty(&anna(), &sync())
            .unwrap()
            .counterparty
            .tags,
        None
    );
    assert_eq!(
        counterparty::counterparty_changes(&anna()).tags,
        None,
        "updates never regroup"
    );
}

#[test]
fn ms_c2_corporate_buyer_is_named_after_the_corporate_customer() {
    let corp = CrmCorporate {
        id: 9,
        external_id: None,
        corporate: CorporateCustomer {
            name: "Romashka Group".into(),
            companies: vec![Company {
                name: "Romashka".into(),
                legal: LegalDetails {
                    tax_id: Some("7701".into()),
                    ..LegalDetails::default()
                },
                address: None,
            }],
            contacts: vec![anna().person],
            addresses: vec![],
        },
        contact_ids: vec![3],
        company_ids: vec![4],
        address_ids: vec![],
    };
    let buyer = counterparty::buyer_of_corporate(&corp, None);
    let plan = counterparty::new_counterparty(&buyer, &sync()).unwrap();
    assert_eq!(plan.counterparty.name.as_deref(), Some("Romashka Group"));
    assert_eq!(plan.counterparty.inn.as_deref(), Some("7701"));
    assert_eq!(
        plan.contact.unwrap().email.as_deref(),
        Some("anna@example.com")
    );
}

#[test]
fn ms_s16_pushes_only_changes_of_linked_customers() {
    let on = MoySkladSync {
        push_customer_changes: true,
        ..sync()
    };
    assert_eq!(
        counterparty::push_customer_change(&on, false, false, Some("cp-1")),
        Ok("cp-1".into())
    );
    assert!(
        counterparty::push_customer_change(&on, false, false, None).is_err(),
        "not linked: nothing created"
    );
    assert!(
        counterparty::push_customer_change(&on, true, false, Some("cp-1")).is_err(),
        "creation ignored"
    );
    assert!(
        counterparty::push_customer_change(&on, false, true, Some("cp-1")).is_err(),
        "deletion ignored"
    );
    assert!(
        counterparty::push_customer_change(&sync(), false, false, Some("cp-1")).is_err(),
        "option off"
    );
}

#[test]
fn ms_c4_customer_change_updates_contacts_not_type() {
    let changes = counterparty::counterparty_changes(&anna());
    assert_eq!(changes.company_type, None);
    assert_eq!(changes.email.as_deref(), Some("anna@example.com"));
    assert_eq!(changes.name.as_deref(), Some("Petrova Anna"));
}

#[test]
fn ms_s5_status_and_comment_come_back_when_on() {
    let ms = CustomerOrder {
        state: Some(order_export::state_ref(BASE, "st-done")),
        description: Some("shipped by courier".into()),
        agent: Some(MetaRef::entity(BASE, "counterparty", "cp")),
        ..CustomerOrder::default()
    };
    assert!(
        inbound::order_changes(&sync(), &ms, &order()).is_err(),
        "option off"
    );
    let on = MoySkladSync {
        accept_order_changes: true,
        ..sync()
    };
    let patch = inbound::order_changes(&on, &ms, &order()).unwrap();
    assert_eq!(patch.status.as_deref(), Some("complete"));
    assert_eq!(patch.manager_comment.as_deref(), Some("shipped by courier"));
    let mut same = order();
    same.status = Some("complete".into());
    same.manager_comment = Some("shipped by courier".into());
    assert!(
        inbound::order_changes(&on, &ms, &same).is_err(),
        "nothing new: no write, no loop"
    );
}

#[test]
fn ms_b4_address_to_notes_and_name_only_for_individuals() {
    let crm = CrmCustomerDetails {
        id: 3,
        customer: Customer {
            person: anna().person,
            address: None,
        },
        contragent: CrmContragent::Individual,
        company: None,
        custom_fields: BTreeMap::new(),
    };
    let cp = Counterparty {
        name: Some("Petrova Anna Sergeevna".into()),
        company_type: Some("individual".into()),
        actual_address: Some("Moscow, Tverskaya 1".into()),
        ..Counterparty::default()
    };
    assert!(
        inbound::customer_changes(&sync(), &cp, &crm).is_err(),
        "options off"
    );
    let on = MoySkladSync {
        receive_counterparty_address: true,
        receive_counterparty_name: true,
        ..sync()
    };
    let patch = inbound::customer_changes(&on, &cp, &crm).unwrap();
    assert_eq!(
        patch.address.unwrap().notes.as_deref(),
        Some("Moscow, Tverskaya 1")
    );
    assert_eq!(patch.patronymic.as_deref(), Some("Sergeevna"));
    let legal = Counterparty {
        company_type: Some("legal".into()),
        actual_address: None,
        ..cp
    };
    assert!(
        inbound::customer_changes(&on, &legal, &crm).is_err(),
        "names of legal entities are not taken"
    );
}
