//! `POST /hooks/{tenant}/erp`: the ERP contact feed (RULES.md block EW). A
//! JSON body `{"third_parties": [...]}` or a CSV upload (`Content-Type:
//! text/csv`, columns in `connectors::erp::COLUMNS`), signed with the
//! tenant's `erp.feed_secret` (`X-Synclane-Signature: sha256=<hex HMAC>`),
//! at most `MAX_BODY_BYTES`; a full export comes as several requests.
//!
//! Each third party becomes one source event `(erp, third_party)`, and the
//! whole request is fanned out and queued as one batch before the 202: no
//! peer is called and nothing is read per record, so a request of a few
//! thousand third parties is accepted in about a second. A feed is taken
//! whole or refused whole (400 `invalid_feed` listing every problem):
//! nothing of a refused request is queued.
//!
//! Dedupe key: the tenant, the third party's id and its `updated_at` (as an
//! instant: `+02:00` and `Z` spellings of one time are one version), so a
//! feed posted again within the queue's dedupe window is dropped there, and
//! later by the worker's done-keys; a newer version is a new event.

use super::{ApiError, AppState, read_body, signature};
use crate::clock::now_ms;
use crate::connectors::erp::{ThirdParty, parse_csv, parse_json};
use crate::model::{EntityKind, Envelope, EventKind, System, TenantId};
use axum::Json;
use axum::extract::{Path, State};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The largest payload of one third party: a queued message must stay
/// under SQS's 256 KiB with the envelope around it.
const MAX_PAYLOAD_BYTES: usize = 200 * 1024;

/// How the body is written.
enum Format {
    Json,
    Csv,
}

pub(super) async fn hook(
    State(app): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let raw = read_body(&headers, body).await?;
    let settings = super::tenant_settings(&app, &tenant, || ApiError::BadSignature).await?;
    let tenant = settings.id.clone();
    let erp = settings
        .erp
        .as_ref()
        // Without a feed secret no signature can be right: the same answer
        // as a wrong one, so the tenant's setup is not told to strangers.
        .ok_or(ApiError::BadSignature)?;
    signature::verify(&erp.feed_secret, &headers, &raw)?;
    let parsed = match format(&headers)? {
        Format::Json => parse_json(&raw),
        Format::Csv => parse_csv(&raw),
    };
    let parties = parsed.map_err(|e| ApiError::InvalidFeed(e.problems))?;
    let received_at = now_ms();
    let events = parties
        .iter()
        .map(|party| envelope(&tenant, party, received_at))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::InvalidFeed)?;
    let messages = app
        .registry
        .publish_all(app.queue.as_ref(), &settings, &events, false)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({
            "status": "accepted",
            "third_parties": events.len(),
            "messages": messages,
        })),
    ))
}

/// JSON unless the body is declared CSV; anything else is refused.
fn format(headers: &HeaderMap) -> Result<Format, ApiError> {
    let declared = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json");
    let essence = declared
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "" => Ok(Format::Json),
        "text/csv" | "application/csv" => Ok(Format::Csv),
        _ => Err(ApiError::UnsupportedMediaType(declared.to_owned())),
    }
}

/// One third party's source event; a record too large to queue is a problem.
fn envelope(
    tenant: &TenantId,
    party: &ThirdParty,
    received_at: i64,
) -> Result<Envelope, Vec<String>> {
    let payload = party.to_payload();
    let size = payload.to_string().len();
    if size > MAX_PAYLOAD_BYTES {
        return Err(vec![format!(
            "third party {:?}: {size} bytes once queued ({} contacts), more than the \
             {MAX_PAYLOAD_BYTES} a record may take",
            party.tiers_id,
            party.contacts.len()
        )]);
    }
    Ok(Envelope {
        tenant: tenant.clone(),
        source: System::Erp,
        kind: EventKind::Updated,
        entity: EntityKind::ThirdParty,
        external_id: party.tiers_id.clone(),
        dedupe_key: dedupe_key(tenant, party),
        received_at,
        payload,
        flow: None,
    })
}

/// The version's identity: tenant, third party and `updated_at` as an instant.
fn dedupe_key(tenant: &TenantId, party: &ThirdParty) -> String {
    let instant = party.updated_at.unix_timestamp_nanos().to_string();
    let digest = Sha256::new()
        .chain_update(tenant.as_str())
        .chain_update([0])
        .chain_update(party.tiers_id.as_bytes())
        .chain_update([0])
        .chain_update(instant.as_bytes())
        .finalize();
    format!("erp-{}", hex::encode(digest))
}
