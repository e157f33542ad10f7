//! Canonical ERP records: a third party (EBP "tiers") with its contacts.
//!
//! They serialise to the JSON feed's own record shape (a queued envelope's
//! payload is one valid feed record), with `updated_at` in RFC 3339 and
//! empty fields left out.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One ERP third party, validated: it has an id, a version time, and every
/// text field is trimmed (empty text is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThirdParty {
    pub tiers_id: String,
    /// When the ERP last changed the record; older versions than the one last
    /// applied are skipped.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub active: bool,
    pub web_mode: WebMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddress>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

/// EBP's "web" tab of a third party: which contacts may use the shop (EW-6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2, upper case; `None` means France (EW-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A contact person of a third party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub contact_id: String,
    pub is_web_contact: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// Why a feed was refused: every problem found, each with where it is
/// (`third_parties[2].contacts[0].contact_id`, `row 7, column email`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ERP feed refused: {}", problems.join("; "))]
pub struct FeedError {
    pub problems: Vec<String>,
}

impl ThirdParty {
    /// The record as a queued envelope's payload (one feed record).
    pub fn to_payload(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// The record from an envelope's payload; a payload that is not one is
    /// invalid input (the message can never be applied).
    pub fn from_payload(payload: &serde_json::Value) -> crate::Result<ThirdParty> {
        ThirdParty::deserialize(payload)
            .map_err(|e| crate::Error::Invalid(format!("ERP third party payload: {e}")))
    }
}

impl From<FeedError> for crate::Error {
    fn from(e: FeedError) -> Self {
        crate::Error::Invalid(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::erp::parse_json;

    #[test]
    fn a_payload_is_a_feed_record_and_round_trips() {
        let body = r#"{"third_parties":[{"tiers_id":"T1","updated_at":"2024-05-01T10:00:00+02:00",
            "active":true,"web_mode":"web_only","company":"Éloïse SARL","email":"a@b.fr",
            "billing_address":{"line1":"1 rue","country":"BE"},
            "contacts":[{"contact_id":"C1","is_web_contact":true,"email":"c@b.fr"}]}]}"#;
        let tp = parse_json(body.as_bytes()).unwrap().remove(0);
        let payload = tp.to_payload();
        assert_eq!(payload["web_mode"], "web_only");
        assert!(payload.get("phone").is_none(), "empty fields are left out");
        assert_eq!(ThirdParty::from_payload(&payload).unwrap(), tp);
        let feed = serde_json::json!({ "third_parties": [payload] });
        let again = parse_json(feed.to_string().as_bytes()).unwrap();
        assert_eq!(again, vec![tp], "the payload is itself a valid feed record");
        assert!(ThirdParty::from_payload(&serde_json::json!({"tiers_id": 1})).is_err());
    }
}
