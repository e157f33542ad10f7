//! The merchant console: server-rendered HTML pages (maud) with plain
//! forms, served by the admin router, so the local process and the
//! `admin` Lambda serve it alike. No JavaScript build step; every page
//! works without script.
//!
//! Signing in stores the presented key in an HttpOnly, SameSite=Strict
//! cookie; `session::cookie_to_bearer` turns it into the
//! `Authorization: Bearer` header, so console pages pass the very same
//! authorisation as the admin API (whatever the key may reach, the console
//! may show, nothing more). `session::to_sign_in` sends a refused page
//! request back to the sign-in form.
//!
//! - `layout`: the page shell and style;
//! - `session`: sign in and out, the cookie;
//! - `customers/`: the customer pages (CM-1..CM-4);
//! - `pages`: the operations pages' routes: `connections_page`,
//!   `journal_page`, `links_page`, `dead_letters_page`, `usage_page`
//!   (with `usage_chart`), `backfill_page` (with `backfill_offers_card`), and `when` (times and query strings).
//! - `settings/`: the settings tabs;
//! - `hook_urls`: the URLs to paste into each peer;
//! - `dry_run`: what each flow would do with a record now.

mod backfill_offers_card;
mod backfill_page;
mod connections_page;
mod customers;
mod dead_letters_page;
mod dry_run;
mod hook_urls;
mod journal_page;
mod layout;
mod links_page;
mod pages;
pub(crate) mod session;
mod settings;
mod usage_chart;
mod usage_page;
mod when;

use crate::admin::AdminState;
use axum::Router;

/// The pages behind authorisation (mounted inside the admin router's auth).
pub(crate) fn routes() -> Router<AdminState> {
    customers::routes()
        .merge(pages::routes())
        .merge(settings::routes())
        .merge(hook_urls::routes())
        .merge(dry_run::routes())
}

/// The pages anyone may open: sign in, sign out, the style sheet.
pub(crate) fn public_routes() -> Router<AdminState> {
    session::routes()
}
