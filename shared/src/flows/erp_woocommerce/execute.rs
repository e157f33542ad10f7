//! Carries out the account plans of one third party: creates and updates in
//! `customers/batch` requests (shared with other messages, `Coalescer`),
//! then role changes through WordPress (role deactivation), and says what
//! became of each plan. Per-item failures are told apart one by one; only a
//! request that fails as a whole is an error here.
//!
//! EW-2: a random password is generated right before the request, held as a
//! `Secret` (never printed) inside the request body and dropped with it;
//! nothing stores it.

use super::rules::{AccountPlan, Action, PasswordChoice, random_password};
use crate::connectors::woocommerce::{BatchOp, ItemOutcome, WooCommerce, WooCustomer};
use crate::error::{Error, Result};

/// What became of one account plan.
#[derive(Debug)]
pub(super) enum Done {
    /// Created, updated or up to date: the account as the shop has it now.
    Account(Box<WooCustomer>),
    /// Not created: the party is inactive (EW-5, EW-6).
    NotCreated,
    /// The e-mail belongs to an account we did not know: read it, plan again.
    EmailTaken,
    /// The account is gone from the shop: plan again without it.
    Gone(i64),
    /// Refused for a reason retrying will not fix (journalled).
    Refused(String),
    /// Failed for a reason retrying may fix (the message is retried).
    Transient(Error),
}

/// What became of one plan, and of its role change when it had one.
#[derive(Debug)]
pub(super) struct Settled {
    pub done: Done,
    /// Why the account (which `done` holds) did not get its role: `Gone`,
    /// `Refused` or `Transient`.
    pub role: Option<Done>,
}

/// Runs `plans`; `accounts` are the shop's accounts the plans were made from.
pub(super) async fn run(
    woo: &WooCommerce,
    plans: &[AccountPlan],
    accounts: &[WooCustomer],
) -> Result<Vec<Settled>> {
    let mut done: Vec<Option<Done>> = Vec::with_capacity(plans.len());
    let mut ops = Vec::new();
    let mut slots = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let now = match &plan.action {
            Action::Create {
                fields, password, ..
            } => {
                let mut fields = fields.clone();
                if *password == PasswordChoice::Random {
                    fields.password = Some(random_password());
                }
                ops.push(BatchOp::Create(fields));
                slots.push(i);
                None
            }
            Action::Update { id, fields, .. } if !fields.is_empty() => {
                ops.push(BatchOp::Update {
                    id: *id,
                    fields: fields.clone(),
                });
                slots.push(i);
                None
            }
            Action::Update { id, .. } | Action::Unchanged { id } => {
                Some(match accounts.iter().find(|a| a.id == *id) {
                    Some(a) => Done::Account(Box::new(a.clone())),
                    None => Done::Gone(*id),
                })
            }
            Action::NotCreated => Some(Done::NotCreated),
        };
        done.push(now);
    }
    let outcomes = if ops.is_empty() {
        Vec::new()
    } else {
        woo.customers_batch(ops).await?
    };
    for (slot, outcome) in slots.into_iter().zip(outcomes) {
        done[slot] = Some(item(outcome));
    }
    let mut settled = Vec::with_capacity(plans.len());
    for (plan, done) in plans.iter().zip(done) {
        let mut done = done.unwrap_or_else(|| Done::Transient(short_answer()));
        let role = set_role(woo, plan, &mut done).await;
        settled.push(Settled { done, role });
    }
    Ok(settled)
}

/// One batch item's outcome.
fn item(outcome: ItemOutcome) -> Done {
    match outcome {
        ItemOutcome::Created(c) | ItemOutcome::Updated(c) | ItemOutcome::Deleted(c) => {
            Done::Account(Box::new(c))
        }
        ItemOutcome::EmailExists { .. } => Done::EmailTaken,
        ItemOutcome::NotFound { id } => Done::Gone(id),
        ItemOutcome::Failed {
            code,
            message,
            status,
        } => match status {
            // A server error on one item (a plugin's hook failing, a
            // database timeout) may pass next time.
            Some(429) | Some(500..) => Done::Transient(Error::PeerUnavailable {
                peer: "woocommerce",
                message: format!("{code}: {message}"),
                retry_after: None,
            }),
            _ => Done::Refused(format!("WooCommerce refused it ({code}: {message})")),
        },
    }
}

/// With role deactivation: gives the account its role (WordPress users
/// API); `None` when it has it now, else why not.
async fn set_role(woo: &WooCommerce, plan: &AccountPlan, done: &mut Done) -> Option<Done> {
    let role = match &plan.action {
        Action::Create { role, .. } | Action::Update { role, .. } => role.as_ref()?,
        _ => return None,
    };
    let Done::Account(account) = done else {
        return None;
    };
    if account.role == *role {
        return None;
    }
    match woo.set_role(account.id, role).await {
        Ok(true) => {
            account.role = role.clone();
            None
        }
        Ok(false) => Some(Done::Gone(account.id)),
        Err(e) if e.is_retryable() => Some(Done::Transient(e)),
        Err(e) => Some(Done::Refused(format!(
            "its role could not be set to {role:?}: {e}"
        ))),
    }
}

fn short_answer() -> Error {
    Error::PeerUnavailable {
        peer: "woocommerce",
        message: "the batch answer missed an item".into(),
        retry_after: None,
    }
}
