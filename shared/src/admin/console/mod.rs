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
//! - `customers/`: the customer pages (CM-1..CM-4).

mod customers;
mod layout;
pub(crate) mod session;

use crate::admin::AdminState;
use axum::Router;

/// The pages behind authorisation (mounted inside the admin router's auth).
pub(crate) fn routes() -> Router<AdminState> {
    customers::routes()
}

/// The pages anyone may open: sign in, sign out, the style sheet.
pub(crate) fn public_routes() -> Router<AdminState> {
    session::routes()
}
