//! `customer_group.list`, `transaction.list` and `transaction.add`: the
//! shop's customer groups and a customer's store-credit transactions
//! (amounts are strings with four decimals, as `DECIMAL(15,4)` holds them).

use super::super::numbers;
use super::client::{OpenCart, Repeat};
use super::errors::{Sent, none_if};
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// A customer group with how many customers it has.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OcCustomerGroup {
    #[serde(deserialize_with = "numbers::int")]
    pub customer_group_id: i64,
    pub name: String,
    pub description: String,
    #[serde(deserialize_with = "numbers::int")]
    pub sort_order: i64,
    #[serde(deserialize_with = "numbers::int")]
    pub customer_count: i64,
}

/// `customer_group.list`'s answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CustomerGroups {
    pub customer_groups: Vec<OcCustomerGroup>,
    /// Customers whose group does not exist.
    pub no_group_count: u64,
    #[serde(deserialize_with = "numbers::int")]
    pub default_customer_group_id: i64,
}

/// One transaction.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OcTransaction {
    #[serde(deserialize_with = "numbers::int")]
    pub customer_transaction_id: i64,
    /// 0: no order.
    #[serde(deserialize_with = "numbers::int")]
    pub order_id: i64,
    pub description: String,
    /// e.g. `"-5.0000"`.
    pub amount: String,
    pub date_added: String,
}

/// `transaction.list`'s answer: newest first.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TransactionPage {
    pub transactions: Vec<OcTransaction>,
    pub total: u64,
    /// The sum of all the customer's transactions.
    pub balance: String,
    pub page: u64,
    pub limit: u64,
}

/// The body of `transaction.add`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewTransaction {
    pub description: String,
    /// `-?[0-9]{1,11}(.[0-9]{1,4})?`; negative takes credit away.
    pub amount: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
}

#[derive(Deserialize)]
struct Added {
    transaction: OcTransaction,
}

impl OpenCart {
    /// The shop's customer groups.
    pub async fn customer_groups(&self) -> Result<CustomerGroups> {
        Ok(self.get("customer_group.list", Vec::new()).await?)
    }

    /// One page (1-based, `limit` 1 to 200) of the customer's transactions;
    /// `None` when there is no such customer.
    pub async fn transaction_list(
        &self,
        customer_id: i64,
        page: u32,
        limit: u32,
    ) -> Result<Option<TransactionPage>> {
        let params = vec![
            ("customer_id", customer_id.to_string()),
            ("page", page.to_string()),
            ("limit", limit.to_string()),
        ];
        none_if(
            "customer_not_found",
            self.get("transaction.list", params).await,
        )
    }

    /// Adds a transaction; `None` when there is no such customer. Not
    /// idempotent: the newest transaction id is read first, so that after an
    /// unclear failure a transaction above it with the same description,
    /// amount and order tells that it was added (API.md §1) and nothing is
    /// sent twice. Costs one read more than the write.
    pub async fn transaction_add(
        &self,
        customer_id: i64,
        new: &NewTransaction,
    ) -> Result<Option<OcTransaction>> {
        let Some(before) = self.transaction_list(customer_id, 1, 1).await? else {
            return Ok(None);
        };
        let newest = before
            .transactions
            .first()
            .map_or(0, |t| t.customer_transaction_id);
        let params = vec![("customer_id", customer_id.to_string())];
        let mut attempt = 1;
        loop {
            let answer = self
                .post::<Added>("transaction.add", params.clone(), new, Repeat::OnlyIfUnsent)
                .await;
            let failure = match answer {
                Ok(added) => return Ok(Some(added.transaction)),
                Err(f) if f.sent == Sent::Maybe => f,
                Err(f) => return none_if::<()>("customer_not_found", Err(f)).map(|_| None),
            };
            let Some(page) = self.transaction_list(customer_id, 1, 50).await? else {
                return Ok(None);
            };
            let same = |t: &OcTransaction| {
                t.customer_transaction_id > newest
                    && t.description == new.description
                    && same_amount(&t.amount, &new.amount)
                    && t.order_id == new.order_id.unwrap_or(0)
            };
            if let Some(added) = page.transactions.into_iter().find(same) {
                return Ok(Some(added));
            }
            let Some(pause) = self.retry().delay(attempt, failure.error.retry_after()) else {
                return Err(failure.error);
            };
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }
}

/// `"-5.00"` sent is `"-5.0000"` stored.
fn same_amount(stored: &str, sent: &str) -> bool {
    match (stored.parse::<f64>(), sent.parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() < 0.00005,
        _ => stored == sent,
    }
}
