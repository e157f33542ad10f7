//! Role deactivation through WordPress's users API.

use super::{KEY, SECRET, connector, settings};
use synclane::Error;
use synclane::secret::Secret;
use synclane::settings::Deactivation;
use synclane_emulators::WooCommerceEmulator;

fn with_roles(
    emu: &WooCommerceEmulator,
    password: &str,
) -> synclane::connectors::woocommerce::WooCommerce {
    let mut s = settings(&emu.base_url(), KEY, SECRET);
    s.deactivation = Deactivation::Role {
        active: "customer".into(),
        inactive: "b2b_blocked".into(),
        wp_user: "sync-admin".into(),
        application_password: Secret::new(password),
    };
    connector(s)
}

#[tokio::test]
async fn set_role_goes_through_wordpress_with_the_application_password() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    emu.set_wp_admin("sync-admin", "abcd efgh ijkl mnop");
    emu.add_role("b2b_blocked");
    let id = emu.seed_customer("a@b.fr", "customer");
    let woo = with_roles(&emu, "abcd efgh ijkl mnop");
    assert!(woo.set_role(id, "b2b_blocked").await.unwrap());
    assert_eq!(woo.customer(id).await.unwrap().unwrap().role, "b2b_blocked");
    assert!(
        !woo.set_role(9_999, "customer").await.unwrap(),
        "no such user"
    );
    let err = woo.set_role(id, "no_such_role").await.unwrap_err();
    assert!(
        matches!(&err, Error::PeerRejected { status: 400, message, .. } if message.contains("rest_user_invalid_role")),
        "{err}"
    );
    let err = with_roles(&emu, "wrong")
        .set_role(id, "customer")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::PeerAuth { message, .. } if message.contains("incorrect_password")),
        "{err}"
    );
    assert_eq!(emu.calls("POST", &format!("/wp/v2/users/{id}")), 3);
}

#[tokio::test]
async fn set_role_is_refused_without_role_deactivation() {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    let woo = connector(settings(&emu.base_url(), KEY, SECRET));
    assert!(matches!(
        woo.set_role(1, "customer").await,
        Err(Error::Invalid(_))
    ));
    assert!(emu.requests().is_empty());
}
