//! The customer pages (CM-1..CM-4), in the layout of Store Manager's
//! customer window: groups on the left, the list on the right with search
//! and the export menu; an edit form with the tabs General, Addresses and
//! Transactions; delete after a confirmation page; exports made in the
//! background with their progress and download links. The CRM's and
//! WooCommerce's customers are edited on the same URLs with `?system=`
//! (tabs General and Addresses; delete for WooCommerce only).

mod edit_page;
mod exports_page;
mod form;
mod list_page;
mod peer_form;
mod peer_page;
mod view;

use crate::admin::AdminState;
use axum::Router;
use axum::routing::get;

pub(super) fn routes() -> Router<AdminState> {
    Router::new()
        .route("/console/tenants/{tenant}/customers", get(list_page::show))
        .route(
            "/console/tenants/{tenant}/customers/exports",
            get(exports_page::show).post(exports_page::create),
        )
        .route(
            "/console/tenants/{tenant}/customers/new",
            get(edit_page::new_form).post(edit_page::create),
        )
        .route(
            "/console/tenants/{tenant}/customers/{id}",
            get(edit_page::show).post(edit_page::save_general),
        )
        .route(
            "/console/tenants/{tenant}/customers/{id}/addresses",
            axum::routing::post(edit_page::save_addresses),
        )
        .route(
            "/console/tenants/{tenant}/customers/{id}/transactions",
            axum::routing::post(edit_page::add_transaction),
        )
        .route(
            "/console/tenants/{tenant}/customers/{id}/delete",
            get(edit_page::confirm_delete).post(edit_page::delete),
        )
}
