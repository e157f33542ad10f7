//! The `retaildemand` CREATE subscription that retail (MS-R1) depends on.
//!
//! Registering is idempotent: an identical subscription (same entity type,
//! action and URL) is found first and reused — switched back on if it was
//! disabled — and a create racing another one ends on MoySklad's 30003
//! ("already exists"), which `webhook_create` turns into the existing one.
//! Other connectors register on every settings save and pile up duplicates.

use super::client::{MoySklad, Replay};
use super::types::Webhook;
use super::webhook::WebhookSpec;
use crate::error::{Error, Result};
use http::Method;

/// The entity type and action retail listens to.
pub const RETAIL_ENTITY: &str = "retaildemand";
pub const RETAIL_ACTION: &str = "CREATE";

fn is_retail_hook(w: &Webhook, url: &str) -> bool {
    w.entity_type.as_deref() == Some(RETAIL_ENTITY)
        && w.action.as_deref() == Some(RETAIL_ACTION)
        && w.url.as_deref() == Some(url)
}

impl MoySklad {
    /// Makes sure exactly one enabled `retaildemand` CREATE webhook posts to `url`.
    pub async fn retail_webhook_on(&self, url: &str) -> Result<Webhook> {
        let existing = self.webhooks().await?;
        if let Some(hook) = existing.into_iter().find(|w| is_retail_hook(w, url)) {
            if hook.enabled == Some(false) {
                let id = hook
                    .id
                    .clone()
                    .ok_or_else(|| Error::Invalid("moysklad webhook without id".into()))?;
                let change = Webhook {
                    enabled: Some(true),
                    ..Webhook::default()
                };
                return self
                    .send_json(
                        Method::PUT,
                        &format!("entity/webhook/{id}"),
                        &change,
                        Replay::Safe,
                    )
                    .await;
            }
            return Ok(hook);
        }
        self.webhook_create(&WebhookSpec {
            url: url.to_owned(),
            action: RETAIL_ACTION.into(),
            entity_type: RETAIL_ENTITY.into(),
            fields_diff: false,
        })
        .await
    }

    /// Removes every `retaildemand` CREATE webhook that posts to `url`;
    /// returns how many were removed.
    pub async fn retail_webhook_off(&self, url: &str) -> Result<usize> {
        let ours: Vec<Webhook> = self
            .webhooks()
            .await?
            .into_iter()
            .filter(|w| is_retail_hook(w, url))
            .collect();
        for hook in &ours {
            if let Some(id) = &hook.id {
                self.webhook_delete(id).await?;
            }
        }
        Ok(ours.len())
    }
}
