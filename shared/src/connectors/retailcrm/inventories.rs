//! Stock and purchase prices: `POST /store/inventories/upload`.
//!
//! Body: `offers=[{xmlId, stores:[{code, available, purchasePrice}]}]` (JSON
//! in a form field) and `site=`. At most 250 offers per request (the CRM's
//! own clients refuse more). The answer counts what was processed and lists
//! `notFoundOffers` (offers the CRM does not know), which is not an error:
//! the merchant's catalogue simply lacks them. Purchase prices are roubles.

use super::client::RetailCrm;
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// The CRM's limit of offers per upload.
pub const UPLOAD_LIMIT: usize = 250;

/// One warehouse of one offer. Absent fields are left as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InventoryStore {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_price: Option<f64>,
}

/// One offer, found by its `xmlId`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InventoryOffer {
    pub xml_id: String,
    pub stores: Vec<InventoryStore>,
}

/// What the CRM did with an upload (summed over its requests).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UploadOutcome {
    pub processed: u64,
    /// xmlIds the CRM has no offer for.
    pub not_found: Vec<String>,
    /// HTTP requests sent (for the benchmark's call counts).
    pub requests: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UploadAnswer {
    #[serde(default)]
    processed_offers_count: u64,
    #[serde(default)]
    not_found_offers: Vec<NotFound>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NotFound {
    #[serde(default)]
    xml_id: Option<String>,
}

impl RetailCrm {
    /// Uploads `offers` in requests of at most `UPLOAD_LIMIT`. Throttling
    /// (503) is retried by the transport; an upload is idempotent, so a
    /// retried request does no harm.
    pub async fn upload_inventories(&self, offers: &[InventoryOffer]) -> Result<UploadOutcome> {
        let mut outcome = UploadOutcome::default();
        for chunk in offers.chunks(UPLOAD_LIMIT) {
            let body = serde_json::to_string(chunk)
                .map_err(|e| crate::Error::Invalid(format!("offers: {e}")))?;
            let form = vec![("site".into(), self.site().into()), ("offers".into(), body)];
            let answer: UploadAnswer = self.post("store/inventories/upload", form).await?;
            outcome.requests += 1;
            outcome.processed += answer.processed_offers_count;
            outcome
                .not_found
                .extend(answer.not_found_offers.into_iter().filter_map(|o| o.xml_id));
        }
        Ok(outcome)
    }
}
