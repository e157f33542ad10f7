//! The "Hook URLs" page: what to paste into each peer so its changes reach
//! Synclane, built from the hooks' routes (`hooks::router`) and the public
//! base URL: the tenant's `moysklad.public_base_url` when set (the URL
//! MoySklad's webhooks are registered with), else the address this page
//! was asked on (API Gateway and proxies say it in `X-Forwarded-*`; the
//! hooks and the admin share one HTTP API).
//!
//! Secrets: a URL or value that authenticates the peer (MoySklad's token
//! in the path, the shared secrets the merchant types into the peer's
//! settings) is shown only inside a closed `<details>`, and only those the
//! merchant must paste; API keys Synclane uses to call peers never appear.

use super::layout::{page, problem};
use crate::admin::AdminState;
use crate::settings::TenantSettings;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::HeaderMap;
use maud::{Markup, html};

pub(super) fn routes() -> Router<AdminState> {
    Router::new().route("/console/tenants/{tenant}/hooks", get(show))
}

/// One peer's entry: where to paste, the URL, and any secret to paste with it.
struct Hook {
    id: &'static str,
    peer: &'static str,
    url: String,
    /// Where the URL goes in the peer and what else to set.
    how: String,
    /// A value the merchant must paste too (shown folded), with its label.
    secret: Option<(&'static str, String)>,
    /// Whether the URL itself holds a secret (shown folded).
    url_is_secret: bool,
}

async fn show(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Response {
    let settings = match crate::admin::existing_tenant(&app, &tenant).await {
        Ok(s) => s,
        Err(e) => {
            return (
                e.status(),
                problem("Hook URLs", Some(&tenant), &e.to_string()),
            )
                .into_response();
        }
    };
    let (base, from_settings) = base_url(&settings, &headers);
    let hooks = hooks(&settings, &base);
    page(
        "Hook URLs",
        Some(&tenant),
        body(&base, from_settings, &hooks),
    )
    .into_response()
}

/// The public base URL, and whether it came from the settings.
fn base_url(settings: &TenantSettings, headers: &HeaderMap) -> (String, bool) {
    let configured = settings
        .moysklad
        .as_ref()
        .and_then(|m| m.public_base_url.as_deref())
        .map(|u| u.trim_end_matches('/').to_owned());
    if let Some(url) = configured {
        return (url, true);
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let proto = header("x-forwarded-proto").unwrap_or("http");
    let host = header("x-forwarded-host")
        .or_else(|| header("host"))
        .unwrap_or("localhost");
    (format!("{proto}://{host}"), false)
}

fn hooks(s: &TenantSettings, base: &str) -> Vec<Hook> {
    let t = s.id.as_str();
    let mut out = Vec::new();
    if s.opencart.is_some() {
        out.push(Hook {
            id: "opencart",
            peer: "OpenCart",
            url: format!("{base}/hooks/{t}/opencart"),
            how: format!(
                "Extensions → Synclane → Settings: the Synclane URL {base}, tenant {t}, and the shared secret; \
                 the extension posts order and customer events to this URL, signed."
            ),
            secret: Some(("Shared secret", s.webhook_secret.expose().to_owned())),
            url_is_secret: false,
        });
    }
    if let Some(ms) = &s.moysklad {
        out.push(Hook {
            id: "moysklad",
            peer: "MoySklad",
            url: format!("{base}/hooks/{t}/moysklad/{}", ms.webhook_token.expose()),
            how: "Synclane registers its webhooks (customerorder, demand, counterparty, retaildemand) \
                  with this URL itself once public_base_url is set; register by hand only without it. \
                  The token in the URL is the webhooks' only authentication."
                .into(),
            secret: None,
            url_is_secret: true,
        });
    }
    if let Some(woo) = &s.woocommerce {
        out.push(Hook {
            id: "woocommerce",
            peer: "WooCommerce",
            url: format!("{base}/hooks/{t}/woocommerce"),
            how: "WooCommerce → Settings → Advanced → Webhooks: two webhooks, topics \
                  \"Customer updated\" and \"Customer deleted\", this Delivery URL, API version WP REST API v3, \
                  and the secret below."
                .into(),
            secret: Some(("Secret", woo.webhook_secret.expose().to_owned())),
            url_is_secret: false,
        });
    }
    if let Some(ss) = &s.shopscript {
        out.push(Hook {
            id: "shopscript",
            peer: "Shop-Script",
            url: format!("{base}/hooks/{t}/shopscript"),
            how: "Shop-Script → Settings → Notifications → add an \"HTTP request\" notification per order \
                  action, POST to this URL, with the HTTP header X-Synclane-Secret set to the value below."
                .into(),
            secret: Some(("X-Synclane-Secret", ss.notification_secret.expose().to_owned())),
            url_is_secret: false,
        });
    }
    if let Some(erp) = &s.erp {
        out.push(Hook {
            id: "erp",
            peer: "ERP contact feed",
            url: format!("{base}/hooks/{t}/erp"),
            how: "The ERP connector posts the third-party feed (JSON or CSV) here, each request signed \
                  X-Synclane-Signature: sha256=<hex HMAC-SHA256 of the body> with the feed secret below."
                .into(),
            secret: Some(("Feed secret", erp.feed_secret.expose().to_owned())),
            url_is_secret: false,
        });
    }
    if let Some(sync) = s.moysklad.as_ref().and_then(|m| m.sync.as_ref())
        && !sync.icml.feed_token.is_empty()
    {
        out.push(Hook {
            id: "icml",
            peer: "RetailCRM catalogue (ICML)",
            url: format!("{base}/catalogue/{t}/{}.xml", sync.icml.feed_token.expose()),
            how: "RetailCRM → Settings → Shops → the shop → Catalogue: the ICML file URL.".into(),
            secret: None,
            url_is_secret: true,
        });
    }
    out
}

fn body(base: &str, from_settings: bool, hooks: &[Hook]) -> Markup {
    html! {
        h1 { "Hook URLs" }
        div class="card" {
            p {
                "Public base URL: " code id="base-url" { (base) } " "
                @if from_settings {
                    span class="muted" { "(MoySklad settings: public_base_url)" }
                } @else {
                    span class="muted" { "(the address of this page; set moysklad.public_base_url to fix it)" }
                }
            }
            @if hooks.is_empty() {
                p { "No peer that sends changes is configured for this tenant." }
            }
            table id="hooks" {
                tr { th { "Peer" } th { "URL" } th { "Where it goes" } }
                @for h in hooks {
                    tr id=(format!("hook-{}", h.id)) {
                        td { (h.peer) }
                        td {
                            @if h.url_is_secret {
                                details { summary { "Show (holds a secret)" } code class="url" { (h.url) } }
                            } @else {
                                code class="url" { (h.url) }
                            }
                            @if let Some((label, value)) = &h.secret {
                                @if !value.is_empty() {
                                    details { summary { "Show " (label) } code class="secret" { (value) } }
                                } @else {
                                    p class="error" { (label) " is not set: deliveries are refused until it is." }
                                }
                            }
                        }
                        td { (h.how) }
                    }
                }
            }
        }
    }
}
