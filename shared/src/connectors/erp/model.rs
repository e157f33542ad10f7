//! Canonical ERP records: a third party (EBP "tiers") with its contacts.

use time::OffsetDateTime;

/// One ERP third party, validated: it has an id, a version time, and every
/// text field is trimmed (empty text is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThirdParty {
    pub tiers_id: String,
    /// When the ERP last changed the record; older versions than the one last
    /// applied are skipped.
    pub updated_at: OffsetDateTime,
    pub active: bool,
    pub web_mode: WebMode,
    pub company: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub billing_address: Option<BillingAddress>,
    pub contacts: Vec<Contact>,
}

/// EBP's "web" tab of a third party: which contacts may use the shop (EW-6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WebMode {
    /// "Aucun", EBP's default: every contact is active (kept for backward
    /// compatibility, says the vendor).
    #[default]
    None,
    /// "Tous": every contact is active.
    All,
    /// "Seulement les contacts web": only web contacts are active.
    WebOnly,
}

impl WebMode {
    /// `none`, `all` or `web_only`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "none" => Some(WebMode::None),
            "all" => Some(WebMode::All),
            "web_only" => Some(WebMode::WebOnly),
            _ => None,
        }
    }
}

/// The third party's billing address (EW-3: the only address sent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillingAddress {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2, upper case; `None` means France (EW-3).
    pub country: Option<String>,
}

/// A contact person of a third party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub contact_id: String,
    pub is_web_contact: bool,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Why a feed was refused: every problem found, each with where it is
/// (`third_parties[2].contacts[0].contact_id`, `row 7, column email`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ERP feed refused: {}", problems.join("; "))]
pub struct FeedError {
    pub problems: Vec<String>,
}

impl From<FeedError> for crate::Error {
    fn from(e: FeedError) -> Self {
        crate::Error::Invalid(e.to_string())
    }
}
