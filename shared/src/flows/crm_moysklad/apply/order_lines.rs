//! MS-S5 (lines), the I/O half: reads a MoySklad order's positions and the
//! goods behind the CRM items, and hands both to
//! `rules::crm_moysklad::order_lines`.

use super::context::Ctx;
use super::order_goods::resolve_goods;
use crate::connectors::moysklad::{Assortment, Position};
use crate::connectors::retailcrm::CrmOrderDetails;
use crate::error::Result;
use crate::flows::crm_moysklad::rules::order_lines::{self as rules, LineChanges, MsLine};

/// Whether a webhook's `updatedFields` may concern the positions. Without
/// the list (a subscription without `diffType: FIELDS`) we always compare.
pub(super) fn positions_may_have_changed(updated_fields: &[String]) -> bool {
    updated_fields.is_empty()
        || updated_fields
            .iter()
            .any(|f| matches!(f.as_str(), "positions" | "sum"))
}

/// The CRM item changes MoySklad order `ms_id`'s positions ask for.
pub(super) async fn changes(ctx: &Ctx, ms_id: &str, crm: &CrmOrderDetails) -> Result<LineChanges> {
    let crm_goods = resolve_goods(ctx, crm.lines.iter().filter_map(|l| l.xml_id.clone())).await?;
    let known: Vec<&str> = crm_goods.values().map(|g| g.id.as_str()).collect();
    let positions = ctx.ms.customer_order_positions(ms_id).await?;
    let mut ms = Vec::with_capacity(positions.len());
    for p in &positions {
        let Some(good) = p.assortment.as_ref() else {
            continue;
        };
        let good_id = good.meta.id().to_owned();
        // Only goods the CRM order does not hold yet need their xmlId.
        let xml_id = match known.contains(&good_id.as_str()) {
            true => None,
            false => xml_id_of(ctx, &good.meta.href).await?,
        };
        ms.push(ms_line(p, good_id, xml_id));
    }
    Ok(rules::line_changes(&crm.lines, &crm_goods, &ms))
}

fn ms_line(p: &Position, good_id: String, xml_id: Option<String>) -> MsLine {
    MsLine {
        good_id,
        xml_id,
        quantity: p.quantity.unwrap_or(0.0),
        price: rules::unit_price(p.price.unwrap_or_default(), p.discount.unwrap_or(0.0)),
    }
}

/// MS-B9: a product's or service's external code; a variant's as
/// `product#variant`. `None` when the good has none.
async fn xml_id_of(ctx: &Ctx, href: &str) -> Result<Option<String>> {
    let Some(good) = ctx.ms.get_by_href::<Assortment>(href).await? else {
        return Ok(None);
    };
    let own = good.external_code.filter(|c| !c.is_empty());
    let is_variant = good.meta.as_ref().and_then(|m| m.kind.as_deref()) == Some("variant");
    let (Some(own), true, Some(product)) = (own.clone(), is_variant, good.product) else {
        return Ok(own);
    };
    let parent = ctx.ms.get_by_href::<Assortment>(&product.meta.href).await?;
    Ok(parent
        .and_then(|p| p.external_code)
        .filter(|c| !c.is_empty())
        .map(|code| format!("{code}#{own}")))
}
