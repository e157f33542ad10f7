//! Who a request is: WooCommerce's key (`WC_REST_Authentication`) for
//! `/wc/v3`, a WordPress application password for `/wp/v2`.
//!
//! As in WooCommerce: `consumer_key` and `consumer_secret` in the query are
//! read first, then Basic auth; an unknown key leaves the request anonymous
//! (each endpoint then answers its own 401); a known key with the wrong
//! secret is 401 `woocommerce_rest_authentication_error` with a
//! `WWW-Authenticate` challenge; the key's read/write permissions are
//! checked per method. The real shop accepts Basic auth only over HTTPS;
//! the emulator serves plain HTTP on loopback and accepts it there.

use super::request::{ApiError, Query};
use super::state::State;
use axum::http::{HeaderMap, Method, header};
use base64::Engine;

/// The outcome of authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    /// The shop's REST key (WooCommerce routes) or the WordPress
    /// administrator (WordPress routes).
    Authorized,
    Anonymous,
}

/// `(user, password)` of a Basic header.
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let raw = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = raw
        .strip_prefix("Basic ")
        .or_else(|| raw.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (u, p) = text.split_once(':')?;
    (!u.is_empty() && !p.is_empty()).then(|| (u.to_owned(), p.to_owned()))
}

/// WooCommerce key authentication; `true` in the pair when the key came in
/// the query string.
pub(crate) fn woo(
    st: &State,
    method: &Method,
    headers: &HeaderMap,
    query: &Query,
) -> Result<Who, ApiError> {
    let from_query = match (query.get("consumer_key"), query.get("consumer_secret")) {
        (Some(k), Some(s)) if !k.is_empty() && !s.is_empty() => Some((k.to_owned(), s.to_owned())),
        _ => None,
    };
    let Some((key, secret)) = from_query.or_else(|| basic(headers)) else {
        return Ok(Who::Anonymous);
    };
    if key != st.consumer_key {
        return Ok(Who::Anonymous);
    }
    if secret != st.consumer_secret {
        let mut e = ApiError::new(
            401,
            "woocommerce_rest_authentication_error",
            "Consumer secret is invalid.",
        );
        e.challenge = true;
        return Err(e);
    }
    let perms = st.options.key_permissions.as_str();
    let (needed, word) = if *method == Method::GET || *method == Method::HEAD {
        ("read", "read")
    } else {
        ("write", "write")
    };
    if perms != needed && perms != "read_write" {
        return Err(ApiError::new(
            401,
            "woocommerce_rest_authentication_error",
            format!("The API key provided does not have {word} permissions."),
        ));
    }
    Ok(Who::Authorized)
}

/// WordPress application-password authentication (WooCommerce keys do not
/// count on WordPress routes).
pub(crate) fn wordpress(st: &State, headers: &HeaderMap) -> Result<Who, ApiError> {
    let Some((user, password)) = basic(headers) else {
        return Ok(Who::Anonymous);
    };
    match &st.wp_admin {
        Some((login, app)) if *login == user => {
            if *app == password {
                Ok(Who::Authorized)
            } else {
                Err(ApiError::new(
                    401,
                    "incorrect_password",
                    "The provided password is an invalid application password.",
                ))
            }
        }
        _ => Err(ApiError::new(
            401,
            "invalid_username",
            "Unknown username. Check again or try your email address.",
        )),
    }
}
