//! EW-3: with addresses on, the third party's billing address is sent: lines
//! 1 and 2, postcode, city, country (France when the ERP has none). Its
//! phone is the billing phone (EW-1 puts it in `billing.phone`). Delivery,
//! other and contact addresses are never sent; contacts' accounts get their
//! company's billing address, theirs not being supported.
//!
//! When the ERP has no billing address at all, nothing is sent, so what a
//! customer typed in the shop is not wiped; when it has one, all five fields
//! are sent (an empty part as `""`), so a line removed in the ERP does not
//! linger in the shop.

use crate::connectors::erp::ThirdParty;
use crate::settings::WooCommerceSettings;

/// The country when the ERP gives none.
pub const DEFAULT_COUNTRY: &str = "FR";

/// Address fields in WooCommerce's names: `address_1, address_2, postcode,
/// city, country`; `None` when nothing is to be sent.
pub fn billing_address(
    settings: &WooCommerceSettings,
    tp: &ThirdParty,
) -> Option<[(&'static str, String); 5]> {
    if !settings.addresses {
        return None;
    }
    let a = tp.billing_address.as_ref()?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    Some([
        ("address_1", text(&a.line1)),
        ("address_2", text(&a.line2)),
        ("postcode", text(&a.postcode)),
        ("city", text(&a.city)),
        (
            "country",
            a.country.clone().unwrap_or_else(|| DEFAULT_COUNTRY.into()),
        ),
    ])
}
