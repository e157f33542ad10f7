//! The routes of the operations pages: Connections, Journal, Links, Dead
//! letters, Usage and Backfill (each page in its own file).

use super::{
    backfill_page, connections_page, dead_letters_page, journal_page, links_page, usage_page,
};
use crate::admin::AdminState;
use axum::Router;
use axum::routing::{get, post};

pub(super) fn routes() -> Router<AdminState> {
    let t = "/console/tenants/{tenant}";
    Router::new()
        .route(&format!("{t}/connections"), get(connections_page::show))
        .route(
            &format!("{t}/connections/{{system}}/test"),
            post(connections_page::test),
        )
        .route(&format!("{t}/journal"), get(journal_page::show))
        .route(&format!("{t}/links"), get(links_page::show))
        .route(&format!("{t}/dead-letters"), get(dead_letters_page::list))
        .route(
            &format!("{t}/dead-letters/replay-all"),
            post(dead_letters_page::replay_all),
        )
        .route(
            &format!("{t}/dead-letters/{{id}}"),
            get(dead_letters_page::inspect),
        )
        .route(
            &format!("{t}/dead-letters/{{id}}/replay"),
            post(dead_letters_page::replay),
        )
        .route(
            &format!("{t}/dead-letters/{{id}}/discard"),
            get(dead_letters_page::confirm_discard).post(dead_letters_page::discard),
        )
        .route(&format!("{t}/usage"), get(usage_page::show))
        .route(&format!("{t}/backfill"), get(backfill_page::show))
        .route(&format!("{t}/backfill/start"), post(backfill_page::start))
        .route(
            &format!("{t}/backfill/offers/start"),
            post(super::backfill_offers_card::start),
        )
        .route(
            &format!("{t}/backfill/conflicts/{{id}}/resolve"),
            post(backfill_page::resolve),
        )
        .route(
            &format!("{t}/backfill/conflicts/{{id}}/dismiss"),
            post(backfill_page::dismiss),
        )
}
