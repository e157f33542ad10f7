//! Customer orders and their positions (`entity/customerorder`).

use super::client::{MoySklad, Replay};
use super::paging::MAX_LIMIT;
use super::types::{CustomerOrder, Position, PositionsField};
use crate::error::{Error, Result};
use http::Method;

/// MoySklad refuses arrays over 1000 items (413): say so before sending.
fn check_positions(order: &CustomerOrder) -> Result<()> {
    if let Some(PositionsField::Rows(rows)) = &order.positions
        && rows.len() > MAX_LIMIT as usize
    {
        return Err(Error::Invalid(format!(
            "order has {} positions; MoySklad takes at most 1000 at once",
            rows.len()
        )));
    }
    Ok(())
}

impl MoySklad {
    /// `GET entity/customerorder/{id}`; `None` when it does not exist.
    pub async fn customer_order_get(&self, id: &str) -> Result<Option<CustomerOrder>> {
        self.get_opt(&format!("entity/customerorder/{id}"), &[])
            .await
    }

    /// `GET entity/customerorder/{id}?expand=..` (e.g. `positions`); `None` when gone.
    pub async fn customer_order_expanded(
        &self,
        id: &str,
        expand: &str,
    ) -> Result<Option<CustomerOrder>> {
        self.get_opt(
            &format!("entity/customerorder/{id}"),
            &[("expand", expand.to_owned())],
        )
        .await
    }

    /// Every position of an order (paged: an order may hold more than one page).
    pub async fn customer_order_positions(&self, id: &str) -> Result<Vec<Position>> {
        self.list_all(&format!("entity/customerorder/{id}/positions"), Vec::new())
            .await
    }

    /// `POST entity/customerorder` with its positions; `syncId` makes a resend safe.
    pub async fn customer_order_create(&self, order: &CustomerOrder) -> Result<CustomerOrder> {
        check_positions(order)?;
        let mut body = order.clone();
        body.sync_id
            .get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        self.send_json(Method::POST, "entity/customerorder", &body, Replay::Safe)
            .await
    }

    /// `PUT entity/customerorder/{id}`: writes the fields that are set; positions,
    /// when sent, replace the order's positions.
    pub async fn customer_order_update(
        &self,
        id: &str,
        changes: &CustomerOrder,
    ) -> Result<CustomerOrder> {
        check_positions(changes)?;
        self.send_json(
            Method::PUT,
            &format!("entity/customerorder/{id}"),
            changes,
            Replay::Safe,
        )
        .await
    }

    /// Adds positions to an order (at most 1000 per call).
    pub async fn customer_order_add_positions(
        &self,
        id: &str,
        positions: &[Position],
    ) -> Result<Vec<Position>> {
        if positions.len() > MAX_LIMIT as usize {
            return Err(Error::Invalid("at most 1000 positions per call".into()));
        }
        let path = format!("entity/customerorder/{id}/positions");
        self.send_json(Method::POST, &path, positions, Replay::OnlyIfRefused)
            .await
    }
}
