//! Onboarding backfill (issue 16, item 7): when a merchant connects a shop
//! to the CRM, the records that already exist on both sides are linked in
//! the store, so the flows update them instead of creating duplicates. No
//! peer is written to: only the store's links change.
//!
//! Covered now (`Pass`): private customers, RetailCRM ⇄ OpenCart, by
//! e-mail and normalised phone; orders, RetailCRM ⇄ OpenCart, by external
//! id; MoySklad counterparties ⇄ CRM customers and corporate customers;
//! CRM offers ⇄ MoySklad goods by external code (a report: the flows pair
//! offers by code on every run and keep no offer link). What is left for
//! the merchant (no candidate, two candidates, a side linked elsewhere) is
//! reported, per record, with the progress (`GET
//! /admin/tenants/{t}/backfill[/orders|/moysklad|/offers]`, `synclane
//! backfill [--orders|--moysklad|--offers]`); the conflicts of the linking
//! passes are listed and decided together (`GET …/backfill/conflicts`, the
//! console's Backfill page). A pass stopped by an error is checkpointed
//! `failed` with it. On AWS a run is queued for the export function
//! (`queued`).
//!
//! Files: `matching` (the pure match of one record against the other
//! side's index), `link` (recording a pair in the store, conditionally),
//! `sources` (the two sides, page by page: the only peer I/O), `progress`
//! (what a run has done, as stored and shown), `checkpoint` (where that is
//! stored: a versioned register and snapshot entries, both backends),
//! `skeleton` (what every pass does around its matching: lease, begin or
//! resume, checkpoints, `failed`), `run` (the customer pass: index, pages,
//! the unmatched shop records), `orders` (CRM orders ⇄ OpenCart orders by
//! the CRM's `externalId`, the same link keys as the `opencart_crm` flow),
//! `moysklad` with `ms_matching` (MoySklad counterparties ⇄ CRM customers
//! and corporate customers by linked id, tax id, e-mail, phone), `pass`
//! (the passes by name), `conflicts` with `conflict_keys` (the conflicts of
//! every pass listed with the merchant's decisions: resolve by picking a
//! candidate, linked under the pass's own keys, or dismiss), `offers` with
//! `offer_matching` (CRM offers ⇄ MoySklad goods by xmlId = external code,
//! MS-B9), `queued` (runs queued where the starting process cannot run
//! them: the admin Lambda).
//!
//! Rate budgets: the CRM client comes from `Peers`, so its key's budget
//! (shared with the flows and the merchant's other integrations) paces the
//! walk; a 10,000-customer CRM is 100 page reads, 10 s at 10 requests/s.

mod checkpoint;
mod conflict_keys;
mod conflicts;
mod link;
mod matching;
mod moysklad;
mod ms_matching;
mod offer_matching;
mod offers;
mod orders;
mod pass;
mod progress;
pub mod queued;
mod run;
mod skeleton;
mod sources;

pub use checkpoint::{CURSOR, REPORT, all_reports, load};
pub use conflict_keys::CORPORATE;
pub use conflicts::{
    Conflict, DECISIONS, Decision, Refused, conflict_id, dismiss, list as list_conflicts, resolve,
};
pub use link::{Paired, link_pair};
pub use matching::{Contact, Index, Match, email_key, person_phone};
pub use moysklad::{MOYSKLAD, MoySkladJob, load_moysklad, moysklad_job, moysklad_reports};
pub use ms_matching::{CounterpartyKeys, CrmIndex, CrmKeys, MsIndex, inn_key};
pub use offer_matching::GoodsIndex;
pub use offers::{OFFERS, OffersJob, load_offers, offer_reports, offers_job};
pub use orders::{ORDERS, OrdersJob, load_orders, order_reports, orders_job};
pub use pass::Pass;
pub use progress::{Issue, IssueKind, PageReport, Progress, Status};
pub use run::{Job, LEASE_NAME};
pub use skeleton::{LEASE, Observer};
pub use sources::ContactPages;

use crate::error::Result;
use crate::peers::Peers;
use crate::settings::TenantSettings;
use crate::store::Store;
use std::sync::Arc;

/// The customer backfill of a tenant with both a CRM and an OpenCart shop;
/// `Error::Invalid` when either is not configured.
pub fn customers_job(store: &Store, peers: &Peers, tenant: &TenantSettings) -> Result<Job> {
    Ok(Job {
        store: store.clone(),
        tenant: tenant.id.clone(),
        crm: Arc::new(peers.crm_of(tenant)?),
        shop: Arc::new(peers.opencart_of(tenant)?),
        owner: uuid::Uuid::now_v7().to_string(),
    })
}
