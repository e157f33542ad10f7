//! MoySklad → CRM: MS-S5 (status, comment), MS-B4.

use super::*;

#[test]
fn ms_s5_status_and_comment_come_back_when_on() {
    let ms = CustomerOrder {
        state: Some(order_export::state_ref(BASE, "st-done")),
        description: Some("shipped by courier".into()),
        agent: Some(MetaRef::entity(BASE, "counterparty", "cp")),
        ..CustomerOrder::default()
    };
    assert!(
        inbound::order_changes(&sync(), &ms, &order(), None).is_err(),
        "option off"
    );
    let on = MoySkladSync {
        accept_order_changes: true,
        ..sync()
    };
    let patch = inbound::order_changes(&on, &ms, &order(), None).unwrap();
    assert_eq!(patch.status.as_deref(), Some("complete"));
    assert_eq!(patch.manager_comment.as_deref(), Some("shipped by courier"));
    let mut same = order();
    same.status = Some("complete".into());
    same.manager_comment = Some("shipped by courier".into());
    assert!(
        inbound::order_changes(&on, &ms, &same, None).is_err(),
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

fn romashka(notes: Option<&str>) -> CrmCorporate {
    CrmCorporate {
        id: 9,
        external_id: None,
        corporate: CorporateCustomer {
            name: "Romashka Group".into(),
            addresses: vec![crate::model::Address {
                city: Some("Moscow".into()),
                notes: notes.map(Into::into),
                ..Default::default()
            }],
            ..CorporateCustomer::default()
        },
        contact_ids: vec![],
        company_ids: vec![],
        address_ids: vec![41],
        custom_fields: Default::default(),
    }
}

#[test]
fn ms_b4_corporate_address_to_notes_name_never() {
    let cp = Counterparty {
        name: Some("Romashka Holding".into()),
        company_type: Some("legal".into()),
        actual_address: Some("Moscow, Lenina 5".into()),
        ..Counterparty::default()
    };
    let name_only = MoySkladSync {
        receive_counterparty_name: true,
        ..sync()
    };
    assert!(
        inbound::corporate_changes(&name_only, &cp, &romashka(None)).is_err(),
        "a corporate customer's name is not changed"
    );
    let on = MoySkladSync {
        receive_counterparty_address: true,
        ..name_only
    };
    let (id, address) = inbound::corporate_changes(&on, &cp, &romashka(None)).unwrap();
    assert_eq!(id, Some(41));
    assert_eq!(address.notes.as_deref(), Some("Moscow, Lenina 5"));
    assert_eq!(address.city.as_deref(), Some("Moscow"), "the rest is kept");
    assert!(
        inbound::corporate_changes(&on, &cp, &romashka(Some("Moscow, Lenina 5"))).is_err(),
        "nothing new: no write"
    );
    let mut bare = romashka(None);
    bare.corporate.addresses.clear();
    bare.address_ids.clear();
    let (id, _) = inbound::corporate_changes(&on, &cp, &bare).unwrap();
    assert_eq!(id, None, "no address yet: one is added");
}
