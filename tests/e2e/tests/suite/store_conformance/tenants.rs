//! Tenant settings: put, get, list, replace.

use super::Fresh;
use crate::support::{settings, tenant};

pub async fn tenants_put_get_list(store: Fresh) {
    let (a, b) = (tenant(), tenant());
    assert_eq!(
        store.tenants.list_tenants().await.unwrap(),
        vec![],
        "a fresh store has no tenants"
    );
    assert_eq!(store.tenants.get_tenant(&a).await.unwrap(), None);

    store
        .tenants
        .put_tenant(&settings(&a, "shop-a"))
        .await
        .unwrap();
    store
        .tenants
        .put_tenant(&settings(&b, "shop-b"))
        .await
        .unwrap();
    assert_eq!(
        store.tenants.get_tenant(&a).await.unwrap(),
        Some(settings(&a, "shop-a")),
        "settings round-trip whole"
    );

    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    let mut listed = store.tenants.list_tenants().await.unwrap();
    listed.sort();
    assert_eq!(listed, expected);

    // A second put replaces the settings and does not add a tenant.
    store
        .tenants
        .put_tenant(&settings(&a, "shop-a2"))
        .await
        .unwrap();
    assert_eq!(
        store.tenants.get_tenant(&a).await.unwrap(),
        Some(settings(&a, "shop-a2"))
    );
    assert_eq!(store.tenants.list_tenants().await.unwrap().len(), 2);
}
