//! `order.get` and `order.update`.

use super::client::{OpenCart, Repeat};
use super::errors::none_if;
use super::order_types::{OcOrderRecord, OrderChanges};
use crate::error::Result;

impl OpenCart {
    /// The order and its products; `None` when the shop has no such order.
    pub async fn order_get(&self, order_id: i64) -> Result<Option<OcOrderRecord>> {
        let answer = self
            .get("order.get", vec![("order_id", order_id.to_string())])
            .await;
        none_if("order_not_found", answer)
    }

    /// Writes `changes` (absolute values: sending them twice is harmless)
    /// and returns the order as it is afterwards; `None` when the shop has
    /// no such order. A `customer.customer_id` that does not exist is a
    /// `PeerRejected` 404 (`customer_not_found`), not `None`.
    pub async fn order_update(
        &self,
        order_id: i64,
        changes: &OrderChanges,
    ) -> Result<Option<OcOrderRecord>> {
        let answer = self
            .post(
                "order.update",
                vec![("order_id", order_id.to_string())],
                changes,
                Repeat::Safe,
            )
            .await;
        none_if("order_not_found", answer)
    }
}
