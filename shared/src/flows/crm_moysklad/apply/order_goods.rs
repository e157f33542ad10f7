//! What an order export reads besides the order: its goods by external code
//! (MS-B9), whether it came from a retail sale (MS-R1), and the verdicts
//! that end it early (skip, or journal and skip: MS-B8).

use super::context::Ctx;
use crate::connectors::moysklad::{Assortment, CallKind, GoodsKind, ListPage};
use crate::error::{Error, Result};
use crate::flows::Outcome;
use crate::flows::crm_moysklad::rules::order_export::{Goods, Verdict};
use crate::flows::journal;
use crate::model::{EntityKind, System, TenantId};
use crate::store::{LinkKey, Store};
use std::collections::BTreeMap;

/// External codes per `entity/assortment` request: a repeated `=` on one
/// field is an OR, and the filter travels in the URL.
const CODES_PER_REQUEST: usize = 40;

/// MoySklad goods per distinct xmlId; those not found are left out. One
/// request for up to 40 goods (an order's goods usually take one).
pub(crate) async fn resolve_goods(
    ctx: &Ctx,
    xml_ids: impl Iterator<Item = String>,
) -> Result<BTreeMap<String, Goods>> {
    // MS-B9: `product#variant` names the variant by its own external code.
    let mut wanted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for xml_id in xml_ids.filter(|x| !x.contains(';') && !x.is_empty()) {
        let code = xml_id.rsplit('#').next().unwrap_or(&xml_id).to_owned();
        let ids = wanted.entry(code).or_default();
        if !ids.contains(&xml_id) {
            ids.push(xml_id);
        }
    }
    let codes: Vec<&String> = wanted.keys().collect();
    let mut out = BTreeMap::new();
    for chunk in codes.chunks(CODES_PER_REQUEST) {
        let filter: Vec<String> = chunk.iter().map(|c| format!("externalCode={c}")).collect();
        let limit = (chunk.len() * 2).clamp(10, 1000);
        let page: ListPage<Assortment> = ctx
            .ms
            .get(
                "entity/assortment",
                &[("filter", filter.join(";")), ("limit", limit.to_string())],
                CallKind::Ordinary,
            )
            .await?;
        for a in page.rows {
            let (Some(meta), Some(code)) = (a.meta, a.external_code) else {
                continue;
            };
            let kind = match meta.kind.as_deref() {
                Some("product") => GoodsKind::Product,
                Some("variant") => GoodsKind::Variant,
                Some("service") => GoodsKind::Service,
                _ => continue,
            };
            for xml_id in wanted.get(&code).into_iter().flatten() {
                let good = Goods {
                    kind,
                    id: meta.id().to_owned(),
                };
                out.entry(xml_id.clone()).or_insert(good);
            }
        }
    }
    Ok(out)
}

/// Whether the CRM order was made by the retail flow from a MoySklad sale
/// (MS-R1): exporting it would put a second copy into MoySklad.
pub(crate) async fn from_retail_sale(
    store: &Store,
    tenant: &TenantId,
    crm_id: i64,
) -> Result<bool> {
    let key = LinkKey::new(
        tenant,
        EntityKind::RetailSale,
        System::RetailCrm,
        crm_id.to_string(),
    );
    Ok(store.links.get_link(&key).await?.is_some())
}

/// A verdict that is not an export: skip, or journal and skip (MS-B8).
pub(super) async fn settle(
    store: &Store,
    ctx: &Ctx,
    crm_id: i64,
    verdict: Verdict,
) -> Result<Outcome> {
    match verdict {
        Verdict::Skip(reason) => Ok(Outcome::Skipped(reason)),
        Verdict::Journal(reason) => {
            journal::note(store, &ctx.settings, "order", &crm_id.to_string(), &reason).await;
            Ok(Outcome::Skipped(reason))
        }
        Verdict::Export(_) => Err(Error::Invalid(
            "an export verdict is not settled here".into(),
        )),
    }
}
