//! Tenant accounts and API keys: created once, keys only for an enabled
//! account, listed, touched, revoked, and all gone when the account is disabled.

use super::Fresh;
use crate::support::tenant;
use synclane::store::{Account, PutOutcome, StoredKey};

fn account(tenant: &synclane::model::TenantId) -> Account {
    Account {
        tenant: tenant.clone(),
        created_ms: 1_000,
        disabled: false,
    }
}

fn key(tenant: &synclane::model::TenantId, id: &str) -> StoredKey {
    StoredKey {
        tenant: tenant.clone(),
        id: id.into(),
        label: format!("label {id}"),
        created_ms: 2_000,
        last_used_ms: None,
        sha256: format!("{id:0>64}"),
    }
}

pub async fn accounts_and_keys(store: Fresh) {
    let (a, b) = (tenant(), tenant());
    let accounts = store.accounts.as_ref();
    assert_eq!(accounts.get_account(&a).await.unwrap(), None);
    assert!(
        !accounts.put_key(&key(&a, "k1")).await.unwrap(),
        "no account, no key"
    );

    assert_eq!(
        accounts.create_account(&account(&a)).await.unwrap(),
        PutOutcome::Created
    );
    let again = Account {
        created_ms: 9,
        ..account(&a)
    };
    assert_eq!(
        accounts.create_account(&again).await.unwrap(),
        PutOutcome::Exists(account(&a)),
        "a second create keeps the first"
    );
    accounts.create_account(&account(&b)).await.unwrap();
    let mut listed = accounts.list_accounts().await.unwrap();
    listed.sort_by(|x, y| x.tenant.cmp(&y.tenant));
    let mut expected = vec![account(&a), account(&b)];
    expected.sort_by(|x, y| x.tenant.cmp(&y.tenant));
    assert_eq!(listed, expected);

    for id in ["k1", "k2"] {
        assert!(accounts.put_key(&key(&a, id)).await.unwrap());
    }
    assert!(
        accounts.put_key(&key(&a, "k1")).await.is_err(),
        "an id is used once"
    );
    assert!(
        accounts.put_key(&key(&b, "k1")).await.unwrap(),
        "ids are per tenant"
    );
    assert_eq!(
        accounts.get_key(&a, "k1").await.unwrap(),
        Some(key(&a, "k1"))
    );
    assert_eq!(accounts.get_key(&a, "nope").await.unwrap(), None);
    let ids = |keys: Vec<StoredKey>| {
        let mut ids: Vec<String> = keys.into_iter().map(|k| k.id).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(accounts.list_keys(&a).await.unwrap()), ["k1", "k2"]);

    accounts.touch_key(&a, "k1", 5_000).await.unwrap();
    assert_eq!(
        accounts
            .get_key(&a, "k1")
            .await
            .unwrap()
            .unwrap()
            .last_used_ms,
        Some(5_000)
    );
    assert!(accounts.revoke_key(&a, "k1").await.unwrap());
    assert!(
        !accounts.revoke_key(&a, "k1").await.unwrap(),
        "revoked already"
    );
    accounts.touch_key(&a, "k1", 6_000).await.unwrap();
    assert_eq!(
        accounts.get_key(&a, "k1").await.unwrap(),
        None,
        "a touch does not bring it back"
    );
    assert_eq!(
        ids(accounts.list_keys(&b).await.unwrap()),
        ["k1"],
        "b's key untouched"
    );

    assert!(accounts.disable_account(&a).await.unwrap());
    assert!(accounts.get_account(&a).await.unwrap().unwrap().disabled);
    assert!(
        accounts.list_keys(&a).await.unwrap().is_empty(),
        "its keys are gone"
    );
    assert!(
        !accounts.put_key(&key(&a, "k3")).await.unwrap(),
        "and it gets no new ones"
    );
    assert!(
        !accounts.disable_account(&tenant()).await.unwrap(),
        "no such account"
    );
    assert_eq!(ids(accounts.list_keys(&b).await.unwrap()), ["k1"]);
}
