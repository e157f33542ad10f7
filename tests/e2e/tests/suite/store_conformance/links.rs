//! Links: conditional creation, versioned replacement, the group index and
//! the race of two workers creating the same link.

use super::Fresh;
use crate::support::{linked, tenant};
use synclane::model::{EntityKind, System};
use synclane::store::{Link, LinkKey, PutOutcome};

pub async fn put_link_if_absent_twice(store: Fresh) {
    let key = LinkKey::new(&tenant(), EntityKind::Order, System::OpenCart, "1001");
    assert_eq!(store.links.get_link(&key).await.unwrap(), None);

    let first = linked("g-1", "crm-1");
    assert_eq!(
        store.links.put_link_if_absent(&key, &first).await.unwrap(),
        PutOutcome::Created
    );
    let second = linked("g-2", "crm-2");
    assert_eq!(
        store.links.put_link_if_absent(&key, &second).await.unwrap(),
        PutOutcome::Exists(first.clone())
    );
    assert_eq!(
        store.links.get_link(&key).await.unwrap(),
        Some(first),
        "the loser's write left no trace"
    );
}

pub async fn replace_link_checks_the_version(store: Fresh) {
    let key = LinkKey::new(&tenant(), EntityKind::Customer, System::RetailCrm, "c#7");
    let pending = Link::pending("g-1", "worker-1", 1_700_000_000_000);
    assert_eq!(
        store
            .links
            .put_link_if_absent(&key, &pending)
            .await
            .unwrap(),
        PutOutcome::Created
    );

    let done = linked("g-1", "crm-7");
    assert_eq!(
        store.links.replace_link(&key, &done, 1).await.unwrap(),
        PutOutcome::Created
    );
    let stored = store
        .links
        .get_link(&key)
        .await
        .unwrap()
        .expect("replaced link");
    assert_eq!(
        stored,
        Link {
            version: 2,
            ..done.clone()
        },
        "the store bumps the version"
    );

    // A writer that read version 1 lost: it gets the current link back.
    let stale = linked("g-1", "crm-other");
    assert_eq!(
        store.links.replace_link(&key, &stale, 1).await.unwrap(),
        PutOutcome::Exists(stored.clone())
    );
    assert_eq!(store.links.get_link(&key).await.unwrap(), Some(stored));

    let missing = LinkKey::new(
        &key.tenant,
        EntityKind::Customer,
        System::RetailCrm,
        "never-created",
    );
    assert!(
        store.links.replace_link(&missing, &done, 1).await.is_err(),
        "replacing a missing link is an error"
    );
    assert_eq!(store.links.get_link(&missing).await.unwrap(), None);
}

pub async fn links_of_group_follow_the_group(store: Fresh) {
    let (t, other) = (tenant(), tenant());
    let oc = LinkKey::new(&t, EntityKind::Order, System::OpenCart, "5");
    let crm = LinkKey::new(&t, EntityKind::Order, System::RetailCrm, "crm-5");
    let elsewhere = LinkKey::new(&t, EntityKind::Order, System::OpenCart, "6");
    let foreign = LinkKey::new(&other, EntityKind::Order, System::OpenCart, "5");
    for (key, group) in [
        (&oc, "g-5"),
        (&crm, "g-5"),
        (&elsewhere, "g-6"),
        (&foreign, "g-5"),
    ] {
        let outcome = store
            .links
            .put_link_if_absent(key, &linked(group, &key.external_id))
            .await
            .unwrap();
        assert_eq!(outcome, PutOutcome::Created);
    }

    let mut group = store.links.links_of_group(&t, "g-5").await.unwrap();
    group.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected = vec![
        (oc.clone(), linked("g-5", "5")),
        (crm.clone(), linked("g-5", "crm-5")),
    ];
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(group, expected, "only this tenant's links of this group");
    assert_eq!(
        store.links.links_of_group(&t, "g-none").await.unwrap(),
        vec![]
    );

    // Moving a link to another group moves it in the index too.
    assert_eq!(
        store
            .links
            .replace_link(&oc, &linked("g-6", "5"), 1)
            .await
            .unwrap(),
        PutOutcome::Created
    );
    let keys = |links: Vec<(LinkKey, Link)>| links.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert_eq!(
        keys(store.links.links_of_group(&t, "g-5").await.unwrap()),
        vec![crm]
    );
    let mut moved = keys(store.links.links_of_group(&t, "g-6").await.unwrap());
    moved.sort();
    assert_eq!(moved, vec![oc, elsewhere]);
}

/// Many workers race to create one link: exactly one wins, every loser sees
/// the winner's link.
pub async fn concurrent_put_link_if_absent_has_one_winner(store: Fresh) {
    let key = LinkKey::new(&tenant(), EntityKind::Customer, System::OpenCart, "42");
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (store, key) = (store.clone(), key.clone());
            let link = linked(&format!("g-{i}"), &format!("crm-{i}"));
            tokio::spawn(async move {
                (
                    store.links.put_link_if_absent(&key, &link).await.unwrap(),
                    link,
                )
            })
        })
        .collect();
    let mut winners = Vec::new();
    let mut seen_by_losers = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            (PutOutcome::Created, link) => winners.push(link),
            (PutOutcome::Exists(current), _) => seen_by_losers.push(current),
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "exactly one Created: winners {winners:?}, losers saw {seen_by_losers:?}"
    );
    let stored = store
        .links
        .get_link(&key)
        .await
        .unwrap()
        .expect("the winner's link");
    assert_eq!(stored, winners[0]);
    assert_eq!(seen_by_losers.len(), 15);
    assert!(
        seen_by_losers.iter().all(|l| *l == stored),
        "losers see the winner's link"
    );
}
