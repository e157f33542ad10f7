//! Webhook subscriptions (`entity/webhook`) and the payload MoySklad posts.
//!
//! Payload (dev.moysklad.ru, "Вебхуки"): `POST {url}?requestId={uuid}` with
//! `{"auditContext":{meta,uid,moment},"events":[{meta:{type,href},action,
//! accountId,updatedFields}]}`; `updatedFields` only with `diffType: FIELDS` on
//! UPDATE. The receiver must answer 200 or 204 within 1500 ms; MoySklad makes
//! 3 more attempts with the same `requestId`, then drops the notification.

use super::client::{MoySklad, Replay};
use super::errors::{self, codes};
use super::meta::Meta;
use super::types::Webhook;
use crate::error::Result;
use http::Method;
use serde::{Deserialize, Serialize};

/// What a subscription asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSpec {
    pub url: String,
    /// CREATE, UPDATE or DELETE.
    pub action: String,
    /// e.g. `customerorder`, `counterparty`, `demand`, `retaildemand`.
    pub entity_type: String,
    /// Ask for `updatedFields` (UPDATE only).
    pub fields_diff: bool,
}

/// One delivery from MoySklad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookPayload {
    #[serde(default)]
    pub audit_context: Option<serde_json::Value>,
    pub events: Vec<WebhookEvent>,
}

/// One event of a delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEvent {
    pub meta: Meta,
    pub action: String,
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub updated_fields: Vec<String>,
}

impl MoySklad {
    /// Every subscription of the account.
    pub async fn webhooks(&self) -> Result<Vec<Webhook>> {
        self.list_all("entity/webhook", Vec::new()).await
    }

    /// Subscribes; an identical subscription that already exists (30003) is
    /// returned instead, so registering twice is harmless.
    pub async fn webhook_create(&self, spec: &WebhookSpec) -> Result<Webhook> {
        let body = Webhook {
            url: Some(spec.url.clone()),
            action: Some(spec.action.clone()),
            entity_type: Some(spec.entity_type.clone()),
            diff_type: (spec.fields_diff && spec.action == "UPDATE").then(|| "FIELDS".to_owned()),
            ..Webhook::default()
        };
        match self
            .send_json(Method::POST, "entity/webhook", &body, Replay::OnlyIfRefused)
            .await
        {
            Err(err) if errors::has_code(&err, codes::WEBHOOK_EXISTS) => {
                let same = |w: &Webhook| {
                    w.url.as_deref() == Some(&spec.url)
                        && w.action.as_deref() == Some(&spec.action)
                        && w.entity_type.as_deref() == Some(&spec.entity_type)
                };
                self.webhooks().await?.into_iter().find(same).ok_or(err)
            }
            other => other,
        }
    }

    /// Removes a subscription (already gone counts as removed).
    pub async fn webhook_delete(&self, id: &str) -> Result<()> {
        self.delete(&format!("entity/webhook/{id}")).await
    }
}
