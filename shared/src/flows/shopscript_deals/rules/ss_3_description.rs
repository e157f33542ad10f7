//! SS-3: a linked deal shows the order's items and a link to the order.
//!
//! Choice (the seed says neither): the deal's description, as HTML — a
//! link to the order's backend page, a table of the items (name, quantity,
//! price, total) and the order's total — plus the deal's amount. The
//! description needs nothing set up in the CRM (custom deal fields would
//! have to be created by the merchant first), the CRM shows its HTML with
//! tables and links (`crmHtmlSanitizer` keeps `a`, `table`, `tr`, `td`),
//! and `crm.deal.patch` may write it. It is rewritten whenever what it
//! shows changes (a fingerprint of it is kept), never otherwise.

use crate::connectors::webasyst::Order;
use crate::settings::ShopScriptSettings;

/// What the deal shows of its order.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Shown {
    pub description: String,
    pub amount: f64,
    pub currency: Option<String>,
}

/// The order's number as the shop shows it (`#100{id}` by default).
pub fn number(ss: &ShopScriptSettings, order_id: i64) -> String {
    ss.order_format.replace("{id}", &order_id.to_string())
}

/// The name of a deal made for `order`.
pub fn deal_name(ss: &ShopScriptSettings, order_id: i64) -> String {
    format!("Order {}", number(ss, order_id))
}

/// What the deal of `order` shows.
pub fn shown(ss: &ShopScriptSettings, order: &Order) -> Shown {
    let currency = order.currency.clone().unwrap_or_default();
    let url = format!("{}shop/?action=orders#/order/{}/", ss.backend(), order.id);
    let mut html = format!(
        "<p><a href=\"{}\">Order {}</a></p>\n<table>\n<thead><tr><th>Item</th><th>Quantity</th>\
         <th>Price</th><th>Total</th></tr></thead>\n<tbody>\n",
        escape(&url),
        escape(&number(ss, order.id))
    );
    for item in &order.items {
        let name = item.name.as_deref().map(unescape).unwrap_or_default();
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&name),
            quantity(item.quantity),
            money(item.price),
            money(item.price * item.quantity)
        ));
    }
    html.push_str(&format!(
        "</tbody>\n</table>\n<p>Total: {} {}</p>",
        money(order.total),
        escape(&currency)
    ));
    Shown {
        description: html,
        amount: (order.total * 100.0).round() / 100.0,
        currency: order.currency.clone(),
    }
}

fn money(v: f64) -> String {
    format!("{v:.2}")
}

fn quantity(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `shop.order.getInfo` escapes item names for HTML already
/// (`htmlspecialchars`): undo it, so the name is escaped once.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&amp;", "&")
}
