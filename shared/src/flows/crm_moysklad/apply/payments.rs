//! MS-M9, MS-M10, MS-M11, MS-S15, the I/O half: each CRM payment's document
//! created (`syncId` from the payment and the document kind), updated when
//! the payment changed (a fingerprint on its link), replaced when its type
//! now makes the other kind, deleted when the payment was removed. Matching
//! order fields are copied into a new document when MS-M9's option is on.

use super::context::Ctx;
use super::documents::Exported;
use super::{metadata, stable_uuid};
use crate::connectors::moysklad::{AttributeValue, DocumentKind};
use crate::connectors::retailcrm::CrmPayment;
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::copy_fields::matching;
use crate::flows::crm_moysklad::rules::payments::payment_doc;
use crate::flows::{fingerprint, links};
use crate::model::{EntityKind, System};
use crate::store::{LinkKey, Store};

/// Brings the order's payment documents in line; `true` when it wrote.
pub(super) async fn sync(store: &Store, ctx: &Ctx, o: &Exported<'_>) -> Result<bool> {
    if ctx.sync.payment_documents.is_empty() {
        return Ok(false);
    }
    let mut wrote = false;
    for p in &o.crm.payments {
        wrote |= one(store, ctx, o, p).await?;
    }
    // Payments this change removed from the order take their documents along.
    let changed: Vec<i64> =
        serde_json::from_value(o.envelope.payload["payments"].clone()).unwrap_or_default();
    for id in changed {
        if o.crm.payments.iter().any(|p| p.id == Some(id)) {
            continue;
        }
        let key = o.key(EntityKind::Payment, System::RetailCrm, id.to_string());
        wrote |= remove(store, ctx, &key).await?;
    }
    Ok(wrote)
}

/// Deletes the document of payment link `key`, if it has one, and marks
/// the link so (links are never removed).
async fn remove(store: &Store, ctx: &Ctx, key: &LinkKey) -> Result<bool> {
    let Some((kind, doc)) = linked_doc(store, key).await? else {
        return Ok(false);
    };
    ctx.ms.document_delete(kind, &doc).await?;
    let gone = format!("deleted/{doc}");
    links::upsert(store.links.as_ref(), key, System::MoySklad, &gone, |l| {
        l.fingerprint = None
    })
    .await?;
    Ok(true)
}

/// The document kind and id a payment link records (`{kind}/{id}`).
async fn linked_doc(store: &Store, key: &LinkKey) -> Result<Option<(DocumentKind, String)>> {
    let link = store.links.get_link(key).await?;
    let peer = link
        .as_ref()
        .and_then(|l| l.peer(System::MoySklad))
        .unwrap_or_default();
    Ok(peer
        .split_once('/')
        .and_then(|(k, id)| Some((DocumentKind::parse(k)?, id.to_owned()))))
}

async fn one(store: &Store, ctx: &Ctx, o: &Exported<'_>, p: &CrmPayment) -> Result<bool> {
    let Some(payment_id) = p.id else {
        return Ok(false);
    };
    let parties = (o.ms_id, o.agent, o.org);
    let base = ctx.ms.base_url();
    let key = o.key(
        EntityKind::Payment,
        System::RetailCrm,
        payment_id.to_string(),
    );
    let Some(doc) = payment_doc(&ctx.sync, base, o.crm, p, parties, Vec::new()) else {
        // MS-M9: an unmapped type makes no document (one made before goes).
        return remove(store, ctx, &key).await;
    };
    let link = store.links.get_link(&key).await?;
    let print = fingerprint::of(&doc.body);
    let current = linked_doc(store, &key).await?;
    if let Some((kind, id)) = &current {
        if *kind == doc.kind {
            if fingerprint::matches(
                link.as_ref().and_then(|l| l.fingerprint.as_deref()),
                &doc.body,
            ) {
                return Ok(false);
            }
            ctx.ms.document_update(*kind, id, &doc.body).await?;
            let peer = format!("{}/{id}", kind.as_str());
            links::upsert(store.links.as_ref(), &key, System::MoySklad, &peer, |l| {
                l.fingerprint = Some(print.clone())
            })
            .await?;
            return Ok(true);
        }
        // The type now makes the other kind: the old document goes.
        ctx.ms.document_delete(*kind, id).await?;
    }
    let mut body = doc.body;
    body.attributes = copied_fields(store, ctx, o, doc.kind).await?;
    let pid = payment_id.to_string();
    body.sync_id = Some(stable_uuid(&[
        o.tenant().as_str(),
        doc.kind.as_str(),
        "payment",
        &pid,
    ]));
    let made = ctx.ms.document_create(doc.kind, &body).await?;
    let id = made
        .id
        .ok_or_else(|| Error::Invalid("MoySklad returned no payment document id".into()))?;
    let peer = format!("{}/{id}", doc.kind.as_str());
    links::upsert(store.links.as_ref(), &key, System::MoySklad, &peer, |l| {
        l.fingerprint = Some(print.clone())
    })
    .await?;
    Ok(true)
}

/// MS-M9: the order's custom field values a new payment document of `kind` takes.
async fn copied_fields(
    store: &Store,
    ctx: &Ctx,
    o: &Exported<'_>,
    kind: DocumentKind,
) -> Result<Option<Vec<AttributeValue>>> {
    if !ctx.sync.copy_custom_fields_to_payments {
        return Ok(None);
    }
    let Some(order) = ctx.ms.customer_order_get(o.ms_id).await? else {
        return Ok(None);
    };
    let from = metadata::attributes(store, ctx, "customerorder").await?;
    let to = metadata::attributes(store, ctx, kind.as_str()).await?;
    let values = order.attributes.unwrap_or_default();
    let copied = matching(ctx.ms.base_url(), &values, &from, &to, kind.as_str());
    Ok((!copied.is_empty()).then_some(copied))
}
