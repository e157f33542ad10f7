//! The operations and outcomes of `customers/batch`, shared by the client
//! (`batch`) and the shared requests (`coalesce`).

use super::wire::{CustomerWrite, WooCustomer};

/// WooCommerce's `woocommerce_rest_batch_items_limit` default, over create,
/// update and delete together.
pub const BATCH_LIMIT: usize = 100;

/// One operation of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchOp {
    Create(CustomerWrite),
    Update {
        id: i64,
        fields: CustomerWrite,
    },
    /// Forced by WooCommerce in batches.
    Delete(i64),
}

/// What happened to one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemOutcome {
    Created(WooCustomer),
    Updated(WooCustomer),
    Deleted(WooCustomer),
    /// A create whose e-mail is taken: link the existing account instead.
    EmailExists {
        message: String,
    },
    /// An update or delete of a user that does not exist.
    NotFound {
        id: i64,
    },
    /// Any other per-item refusal, with WooCommerce's code.
    Failed {
        code: String,
        message: String,
        status: Option<u16>,
    },
}
