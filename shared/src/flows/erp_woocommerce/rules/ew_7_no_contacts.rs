//! EW-7: third parties without contacts in the ERP are not sent (the seed:
//! "Les tiers sans contact dans EBP ne sont pas envoyés"). Contacts without
//! an e-mail still count as contacts here; they only get no account (EW-4).

use crate::connectors::erp::ThirdParty;

/// Whether the third party is sent at all.
pub fn is_sent(tp: &ThirdParty) -> bool {
    !tp.contacts.is_empty()
}
