//! Shop-Script orders ⇄ Webasyst CRM deals end to end, on both backends:
//! emulator change → the Shop-Script hook or a catch-up poll → queue →
//! worker → the other emulator's state, links and journal. Named after
//! RULES.md block SS; one file per concern, helpers here.

pub(crate) use crate::support::app::Backend;
pub(crate) use crate::support::on_both_backends;
pub(crate) use crate::support::ss_app::{NOTIFY_SECRET, SsApp};
pub(crate) use serde_json::{Value, json};

mod automatic;
mod close;
mod connector;
mod dry_run;
mod forward;
mod intake;
mod manual;
mod mapping;
mod stages;

/// The journal entries naming `needle`.
pub(crate) async fn notes(app: &SsApp, needle: &str) -> Vec<String> {
    app.journal()
        .await
        .into_iter()
        .map(|e| e.message)
        .filter(|m| m.contains(needle))
        .collect()
}

/// An order placed and its deal made (automatic mode), its queue drained.
pub(crate) async fn linked_order(app: &SsApp, email: &str) -> (i64, i64) {
    let order = app.place(email).await;
    app.drain().await;
    let deal = app.deal_of(order).await.expect("SS-2 made a deal");
    (order, deal)
}
