//! Shop-Script's order methods (`shop.order.*`) and its settings.
//!
//! Read in Shop-Script's `api/v1`: there is no `shop.order.getList`;
//! `shop.order.search` takes a collection `hash` (`search/field>=value`,
//! conditions joined by `&`, `=NULL` for IS NULL), `sort` (`field ASC|DESC`,
//! a field of `shop_order`), `offset` and `limit` (≤ 1000, 400
//! `invalid_param` above). `shop.order.action` (POST `id`, `action`) runs
//! an action only if the order's state offers it now: otherwise 404 "Available
//! action not found for the specified order.". The `shop.order.complete`,
//! `ship`, `process` and `delete` shortcuts skip that check and are never
//! used.

use super::client::{Body, Replay, Webasyst};
use super::errors::none_if_not_found;
use super::shop_wire::{AvailableAction, LogEntry, Order, OrderPage, ShopInfo};
use crate::error::Result;
use reqwest::Method;

/// The largest page `shop.order.search` serves.
pub const SEARCH_LIMIT: u32 = 1000;

/// What became of an action asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionOutcome {
    /// The action ran.
    Done,
    /// The order's state does not offer it (404).
    Unavailable,
    /// No such order (404 "Order not found.").
    NoOrder,
}

/// A shop's API. Cheap to clone.
#[derive(Clone)]
pub struct ShopScript {
    api: Webasyst,
}

impl ShopScript {
    pub fn new(api: Webasyst) -> Self {
        ShopScript { api }
    }

    /// One page of `shop.order.search?hash=..&sort=..`.
    pub async fn search(
        &self,
        hash: &str,
        sort: &str,
        offset: u32,
        limit: u32,
    ) -> Result<OrderPage> {
        let query = [
            ("hash", hash.to_owned()),
            ("sort", sort.to_owned()),
            ("offset", offset.to_string()),
            ("limit", limit.min(SEARCH_LIMIT).to_string()),
        ];
        let answer = self
            .api
            .call(
                Method::GET,
                "shop.order.search",
                &query,
                Body::None,
                Replay::Safe,
            )
            .await?;
        Ok(self.api.parse(answer)?)
    }

    /// `shop.order.getInfo`; `None` when the order does not exist.
    pub async fn order(&self, id: i64) -> Result<Option<Order>> {
        let query = [("id", id.to_string())];
        let answer = self
            .api
            .call(
                Method::GET,
                "shop.order.getInfo",
                &query,
                Body::None,
                Replay::Safe,
            )
            .await;
        none_if_not_found(answer.and_then(|a| self.api.parse(a)))
    }

    /// The order's history (`shop.order.log`), oldest first; entries that
    /// are no action (notifications sent) left out.
    pub async fn log(&self, id: i64) -> Result<Vec<LogEntry>> {
        let query = [("id", id.to_string())];
        let answer = self
            .api
            .call(
                Method::GET,
                "shop.order.log",
                &query,
                Body::None,
                Replay::Safe,
            )
            .await?;
        let mut entries: Vec<LogEntry> = self.api.parse(answer)?;
        entries.retain(|e| e.action_id.is_some());
        entries.sort_by_key(|e| e.id);
        Ok(entries)
    }

    /// The actions the order's state offers now (`shop.order.actions`).
    pub async fn actions(&self, id: i64) -> Result<Option<Vec<AvailableAction>>> {
        let query = [("id", id.to_string())];
        let answer = self
            .api
            .call(
                Method::GET,
                "shop.order.actions",
                &query,
                Body::None,
                Replay::Safe,
            )
            .await;
        none_if_not_found(answer.and_then(|a| self.api.parse(a)))
    }

    /// Runs `action` on the order (`shop.order.action`), if its state offers it.
    pub async fn run_action(&self, id: i64, action: &str) -> Result<ActionOutcome> {
        let form = vec![
            ("id".into(), id.to_string()),
            ("action".into(), action.into()),
        ];
        // Not replayed after a timeout: the action may have run, and the
        // retry of the whole message reads the order's state first.
        match self
            .api
            .call(
                Method::POST,
                "shop.order.action",
                &[],
                Body::Form(form),
                Replay::Refused,
            )
            .await
        {
            Ok(_) => Ok(ActionOutcome::Done),
            Err(f) if f.is_action_unavailable() => Ok(ActionOutcome::Unavailable),
            Err(f) if f.is_not_found() => Ok(ActionOutcome::NoOrder),
            Err(f) => Err(f.error),
        }
    }

    /// The live workflow and the shop's clock (`shop.settings.get`).
    pub async fn info(&self) -> Result<ShopInfo> {
        let answer = self
            .api
            .call(
                Method::GET,
                "shop.settings.get",
                &[],
                Body::None,
                Replay::Safe,
            )
            .await?;
        Ok(self.api.parse(answer)?)
    }
}
