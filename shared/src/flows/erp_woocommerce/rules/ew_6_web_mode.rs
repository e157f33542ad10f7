//! EW-6: for an active third party, EBP's web tab decides which contacts
//! are active: "Aucun" (none, EBP's default, kept so for backward
//! compatibility) → all; "Tous" (all) → all; "Seulement les contacts web"
//! (web_only) → the web contacts only, the others inactive. EW-5 comes
//! first: an inactive third party has no active contact.
//!
//! The web tab speaks of contacts: the third party's own account follows the
//! third party's `active` flag alone.

use crate::connectors::erp::{Contact, ThirdParty, WebMode};

/// Whether `contact`'s account should be active.
pub fn contact_active(tp: &ThirdParty, contact: &Contact) -> bool {
    tp.active
        && match tp.web_mode {
            WebMode::None | WebMode::All => true,
            WebMode::WebOnly => contact.is_web_contact,
        }
}
