//! The customer order's custom attributes: MS-M12 (CRM custom fields, with
//! dictionary elements found or created in MoySklad) and MS-C1 (the
//! manager as an employee attribute). What cannot be carried over is
//! returned as journal notes; the order still goes.

use super::context::Ctx;
use super::metadata::{self, cached};
use crate::connectors::moysklad::{AttributeValue, Meta};
use crate::connectors::retailcrm::CrmOrderDetails;
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::copy_fields::attribute_meta;
use crate::flows::crm_moysklad::rules::custom_fields::{Wanted, forward};
use crate::flows::crm_moysklad::rules::manager::employee_of;
use crate::store::Store;
use serde_json::{Value, json};

/// The order's attribute values, and notes for the journal.
pub(super) async fn attributes(
    store: &Store,
    ctx: &Ctx,
    order: &CrmOrderDetails,
) -> Result<(Vec<AttributeValue>, Vec<String>)> {
    let (mut out, mut notes) = (Vec::new(), Vec::new());
    let base = ctx.ms.base_url();
    let value = |id: &str, value: Value| AttributeValue {
        meta: attribute_meta(base, "customerorder", id),
        id: None,
        name: None,
        kind: None,
        value,
    };
    let pairs = &ctx.sync.custom_fields;
    if !pairs.is_empty() {
        let metas = metadata::attributes(store, ctx, "customerorder").await?;
        let dictionaries = metadata::crm_dictionaries(store, ctx, pairs, true).await?;
        let (wanted, found_notes) = forward(pairs, &order.custom_fields, &dictionaries, &metas);
        notes.extend(found_notes);
        for w in wanted {
            match w {
                Wanted::Value {
                    attribute,
                    value: v,
                } => out.push(value(&attribute, v)),
                Wanted::Element {
                    attribute,
                    dictionary,
                    name,
                } => {
                    let element = element(store, ctx, &dictionary, &name).await?;
                    let meta = Meta::entity(base, "customentity", &element);
                    let meta = Meta {
                        href: format!("{base}/entity/customentity/{dictionary}/{element}"),
                        ..meta
                    };
                    out.push(value(&attribute, json!({"meta": meta, "name": name})));
                }
            }
        }
    }
    if let (Some(attribute), Some(manager)) = (&ctx.sync.manager_attribute, order.manager_id) {
        match employee(store, ctx, manager).await? {
            Ok(id) => {
                let meta = Meta::entity(base, "employee", &id);
                out.push(value(attribute, json!({ "meta": meta })));
            }
            Err(note) => notes.push(note),
        }
    }
    Ok((out, notes))
}

/// The id of dictionary `dictionary`'s element `name`, created when missing
/// (MS-M12: "отсутствующий справочник создается на стороне МойСклад").
async fn element(store: &Store, ctx: &Ctx, dictionary: &str, name: &str) -> Result<String> {
    let key = format!("element:{dictionary}:{name}");
    cached(store, &ctx.settings.id, &key, async {
        let found = ctx.ms.dictionary_find(dictionary, name).await?;
        if let Some(id) = found.into_iter().find_map(|e| e.id) {
            return Ok(id);
        }
        let made = ctx.ms.dictionary_add(dictionary, name).await?;
        made.id
            .ok_or_else(|| Error::Invalid("MoySklad returned no dictionary element id".into()))
    })
    .await
}

/// MS-C1: the employee of CRM manager `manager`, or the journal note why none.
async fn employee(store: &Store, ctx: &Ctx, manager: i64) -> Result<Result<String, String>> {
    let key = format!("employee:{manager}");
    cached(store, &ctx.settings.id, &key, async {
        let Some(user) = ctx.crm.user(manager).await? else {
            return Ok(Err(format!("MS-C1: CRM manager {manager} does not exist")));
        };
        let Some(email) = user.email.clone().filter(|e| !e.trim().is_empty()) else {
            return Ok(employee_of(&user, &[]));
        };
        let found = ctx.ms.employees_by_email(email.trim()).await?;
        Ok(employee_of(&user, &found))
    })
    .await
}
