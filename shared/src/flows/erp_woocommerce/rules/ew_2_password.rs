//! EW-2: passwords are random; the welcome e-mail is optional.
//!
//! What WooCommerce really does (`wc_create_new_customer`, 9.4+, and
//! `WC_Email_Customer_New_Account`): every account created through REST
//! fires `woocommerce_created_customer`, and the shop sends its "New
//! account" e-mail whenever that e-mail is enabled in WooCommerce → Settings
//! → Emails. The API cannot switch it off per request. The e-mail never
//! holds the password; when WooCommerce generated the password itself
//! (the request had none) it carries a link to set one.
//!
//! So the tenant's `welcome_email` chooses who makes the password:
//! - on: we send no password; WooCommerce generates a random one and its
//!   e-mail (if enabled in the shop) lets the customer set their own. Before
//!   WooCommerce 9.4, or with "generate password" off in the shop's account
//!   settings, WooCommerce refuses a create without a password (400
//!   `rest_missing_callback_param`): the merchant must switch that option on.
//! - off (default): we send a random password of [`PASSWORD_LEN`]
//!   characters that nobody is told: it is generated right before the
//!   request, never logged (a `Secret`) and never stored. The customer gets
//!   in through "Lost password". If the shop still has the "New account"
//!   e-mail enabled, it goes out without a set-password link; only the shop
//!   can turn it off, which the merchant should do to have no e-mail at all.

use crate::secret::Secret;
use crate::settings::WooCommerceSettings;
use rand::Rng;
use rand::distr::Alphanumeric;

/// Length of our random passwords (about 190 bits from 62 symbols).
pub const PASSWORD_LEN: usize = 32;

/// Who makes a new account's password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChoice {
    /// Send [`random_password`]: no set-password link goes out.
    Random,
    /// Send none: WooCommerce generates one and its welcome e-mail carries
    /// a set-password link.
    ShopGenerated,
}

/// EW-2: the tenant's choice.
pub fn password_choice(settings: &WooCommerceSettings) -> PasswordChoice {
    if settings.welcome_email {
        PasswordChoice::ShopGenerated
    } else {
        PasswordChoice::Random
    }
}

/// A fresh password from the thread's cryptographic generator. Call it right
/// before the create request; drop it right after.
pub fn random_password() -> Secret {
    let password: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(PASSWORD_LEN)
        .map(char::from)
        .collect();
    Secret::new(password)
}
