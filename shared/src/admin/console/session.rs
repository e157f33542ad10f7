//! Signing in to the console: a form takes the tenant and its key, the
//! key goes into an HttpOnly, SameSite=Strict cookie (Secure behind
//! HTTPS), and every later request carries it. Nothing is checked here:
//! the admin router's authorisation checks the key on the first page, and
//! `to_sign_in` brings a refused one back to the form with a message.
//!
//! Cross-site requests: SameSite=Strict keeps the cookie off them; as a
//! second guard, a state-changing request whose `Sec-Fetch-Site` says
//! `cross-site` is refused before it reaches a handler.

use super::layout::page;
use crate::admin::AdminState;
use crate::model::TenantId;
use axum::Router;
use axum::extract::{Form, Query, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::{HeaderValue, Method, StatusCode, header};
use maud::html;
use serde::Deserialize;

/// The cookie holding the signed-in key.
pub const COOKIE: &str = "synclane_key";

pub(super) fn routes() -> Router<AdminState> {
    Router::new()
        .route(
            "/console",
            get(|| async { Redirect::to("/console/sign-in") }),
        )
        .route("/console/sign-in", get(sign_in_page).post(sign_in))
        .route("/console/sign-out", post(sign_out))
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct SignInQuery {
    #[serde(default)]
    refused: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct SignInForm {
    tenant: String,
    key: String,
}

async fn sign_in_page(Query(query): Query<SignInQuery>) -> Response {
    let body = html! {
        form class="card" method="post" action="/console/sign-in" style="max-width:28em" {
            h1 { "Sign in" }
            @if query.refused.is_some() {
                p class="error" role="alert" id="sign-in-error" {
                    "That key does not open this tenant. Check both and try again."
                }
            }
            label for="tenant" { "Tenant" }
            input type="text" id="tenant" name="tenant" required autocomplete="username";
            label for="key" { "API key" }
            input type="password" id="key" name="key" required autocomplete="current-password";
            p { button type="submit" id="sign-in" { "Sign in" } }
        }
    };
    page("Sign in", None, body).into_response()
}

async fn sign_in(headers: http::HeaderMap, Form(form): Form<SignInForm>) -> Response {
    let Some(tenant) = TenantId::parse(form.tenant.trim()) else {
        return Redirect::to("/console/sign-in?refused=1").into_response();
    };
    let key = form.key.trim();
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Redirect::to("/console/sign-in?refused=1").into_response();
    }
    let secure = if behind_https(&headers) {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{COOKIE}={key}; Path=/; HttpOnly; SameSite=Strict{secure}");
    let mut response =
        Redirect::to(&format!("/console/tenants/{tenant}/customers")).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn sign_out() -> Response {
    let mut response = Redirect::to("/console/sign-in").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("synclane_key=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    response
}

/// API Gateway and load balancers say how the client connected.
fn behind_https(headers: &http::HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The session cookie's key, if the request carries one.
fn cookie_key(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// A middleware on the whole admin router: a request with the session
/// cookie and no `Authorization` header is authorised as if the cookie's
/// key were its bearer token. A state-changing cross-site request is
/// refused outright.
pub(crate) async fn cookie_to_bearer(mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    if headers.contains_key(header::AUTHORIZATION) {
        return next.run(request).await;
    }
    let Some(key) = cookie_key(headers) else {
        return next.run(request).await;
    };
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD);
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site");
    if unsafe_method && cross_site {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    if let Ok(value) = HeaderValue::from_str(&format!("Bearer {key}")) {
        request.headers_mut().insert(header::AUTHORIZATION, value);
    }
    next.run(request).await
}

/// A middleware on the whole admin router: a console page the key may not
/// open goes back to the sign-in form (the API keeps its JSON 401/403).
pub(crate) async fn to_sign_in(request: Request, next: Next) -> Response {
    let console = request.uri().path().starts_with("/console/tenants/");
    let response = next.run(request).await;
    let refused = matches!(
        response.status(),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
    );
    if console && refused {
        let mut back = Redirect::to("/console/sign-in?refused=1").into_response();
        back.headers_mut().insert(
            header::SET_COOKIE,
            HeaderValue::from_static("synclane_key=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
        );
        return back;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; synclane_key=k-123; b=2"),
        );
        assert_eq!(cookie_key(&headers).as_deref(), Some("k-123"));
        headers.insert(header::COOKIE, HeaderValue::from_static("synclane_key="));
        assert_eq!(cookie_key(&headers), None);
    }
}
