//! Finding a record's links across systems (`store::linked_records`, the
//! console's Links page): by an id of any system and any kind, only the
//! tenant's own, each with when the store last wrote it.

use super::Fresh;
use crate::support::{linked, tenant};
use std::time::Duration;
use synclane::clock::now_ms;
use synclane::model::{EntityKind, System};
use synclane::store::{LinkKey, linked_records};

pub async fn linked_records_across_systems_with_write_times(store: Fresh) {
    let (t, other) = (tenant(), tenant());
    let key = |kind, system, id: &str| LinkKey::new(&t, kind, system, id);
    let oc_order = key(EntityKind::Order, System::OpenCart, "77");
    let crm_order = key(EntityKind::Order, System::RetailCrm, "9001");
    let ms_order = key(EntityKind::Order, System::MoySklad, "ms-7f3a");
    // Another kind of record with the same shop id, in a group of its own.
    let oc_customer = key(EntityKind::Customer, System::OpenCart, "77");
    let crm_customer = key(EntityKind::Customer, System::RetailCrm, "c-1");
    let unrelated = key(EntityKind::Order, System::OpenCart, "78");
    let foreign = LinkKey::new(&other, EntityKind::Order, System::OpenCart, "77");
    let before = now_ms();
    for (k, group) in [
        (&oc_order, "g-order"),
        (&crm_order, "g-order"),
        (&ms_order, "g-order"),
        (&oc_customer, "g-customer"),
        (&crm_customer, "g-customer"),
        (&unrelated, "g-other"),
        (&foreign, "g-order"),
    ] {
        store
            .links
            .put_link_if_absent(k, &linked(group, &k.external_id))
            .await
            .unwrap();
    }
    let after = now_ms();

    let found = linked_records(store.links.as_ref(), &t, System::OpenCart, "77")
        .await
        .unwrap();
    let keys: Vec<_> = found.iter().map(|f| f.key.clone()).collect();
    assert_eq!(
        keys,
        vec![
            oc_customer.clone(),
            crm_customer.clone(),
            oc_order.clone(),
            crm_order.clone(),
            ms_order.clone()
        ],
        "both groups of id 77, the searched record first in each, nothing of the other tenant"
    );
    for f in &found {
        let written = f.written_ms.expect("a write time");
        assert!(before <= written && written <= after, "{f:?}");
        assert_eq!(f.link.version, 1);
    }

    // From the CRM's side: only the order's group.
    let from_crm = linked_records(store.links.as_ref(), &t, System::RetailCrm, "9001")
        .await
        .unwrap();
    let keys: Vec<_> = from_crm.iter().map(|f| f.key.clone()).collect();
    assert_eq!(keys, vec![crm_order.clone(), oc_order.clone(), ms_order]);

    // A later sync rewrites the link: its time moves, the others' do not.
    tokio::time::sleep(Duration::from_millis(5)).await;
    store
        .links
        .replace_link(&crm_order, &linked("g-order", "9001-v2"), 1)
        .await
        .unwrap();
    let again = store.links.stamped_link(&crm_order).await.unwrap().unwrap();
    assert!(again.written_ms.unwrap() > after, "{again:?}");
    assert_eq!(again.link.version, 2);
    let oc = store.links.stamped_link(&oc_order).await.unwrap().unwrap();
    assert!(oc.written_ms.unwrap() <= after);

    assert!(
        linked_records(store.links.as_ref(), &t, System::WooCommerce, "77")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.links.stamped_link(&foreign).await.unwrap().is_some());
}
