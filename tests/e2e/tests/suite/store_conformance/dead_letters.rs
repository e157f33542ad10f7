//! Dead-letter records (issue 16): per tenant, oldest first, removed once.

use super::Fresh;
use crate::support::tenant;
use synclane::store::DeadLetter;

fn letter(id: &str, at_ms: i64) -> DeadLetter {
    DeadLetter {
        id: id.into(),
        flow: Some("opencart_crm".into()),
        source: "opencart".into(),
        kind: "order".into(),
        record: format!("order-of-{id}"),
        error: "refused".into(),
        at_ms,
        receive_count: 2,
        group: "g".into(),
        body: "{\"tenant\":\"t\"}".into(),
    }
}

pub async fn dead_letters_per_tenant_removed_once(store: Fresh) {
    let (t, other) = (tenant(), tenant());
    let letters = &store.dead_letters;
    letters.put_dead_letter(&t, &letter("b", 20)).await.unwrap();
    letters.put_dead_letter(&t, &letter("a", 30)).await.unwrap();
    letters.put_dead_letter(&t, &letter("c", 10)).await.unwrap();
    letters
        .put_dead_letter(&other, &letter("x", 5))
        .await
        .unwrap();
    // Put again: replaced, not doubled.
    letters.put_dead_letter(&t, &letter("b", 20)).await.unwrap();

    let listed: Vec<String> = letters
        .list_dead_letters(&t, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    assert_eq!(listed, ["c", "b", "a"], "oldest first");
    assert_eq!(letters.list_dead_letters(&t, 2).await.unwrap().len(), 2);
    assert_eq!(
        letters.get_dead_letter(&t, "a").await.unwrap(),
        Some(letter("a", 30))
    );
    assert_eq!(letters.get_dead_letter(&t, "x").await.unwrap(), None);
    assert!(!letters.remove_dead_letter(&t, "x").await.unwrap());
    assert!(letters.remove_dead_letter(&t, "a").await.unwrap());
    assert!(!letters.remove_dead_letter(&t, "a").await.unwrap(), "once");
    assert_eq!(letters.list_dead_letters(&t, 10).await.unwrap().len(), 2);
    assert_eq!(
        letters.list_dead_letters(&other, 10).await.unwrap().len(),
        1
    );
}
