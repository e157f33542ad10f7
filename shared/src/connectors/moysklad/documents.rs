//! The documents the CRM ⇄ MoySklad flow writes besides the customer order:
//! shipments (`demand`), sales returns (`salesreturn`), moves (`move`) and
//! incoming payments (`paymentin` by bank, `cashin` by cash order).
//!
//! Contract (github.com/moysklad/api-remap-1.2-doc, md/documents/_demand.md,
//! _sales_return.md, _move.md, _payment_in.md, _cashin.md; md/_general.md
//! "Назначение поля syncId"):
//! - required on create: demand `organization`, `agent`, `store`; salesreturn
//!   `organization`, `agent`, `store` (and `demand` for a return "with a
//!   base": its agent and organization must be the demand's, its positions
//!   the demand's with at most their quantity and the same price); move
//!   `organization`, `sourceStore`, `targetStore`; paymentin and cashin
//!   `organization`, `agent` (error 3000 names a missing one);
//! - `applicable` is the "conducted" mark (true unless sent false);
//! - links: a demand's and a move's `customerOrder`, a return's `demand`, a
//!   payment's `operations[] {meta, linkedSum}`; the order lists its
//!   `demands`, `payments` and `moves`, a demand its `returns`;
//! - a POST carrying a `syncId` already used returns the first document, so a
//!   resend after a lost answer or a crash never makes a second one;
//! - money is kopecks; positions are replaced whole by a PUT that sends them.

use super::client::{MoySklad, Replay};
use super::documents_types::Document;
use super::paging::MAX_LIMIT;
use super::types::{Position, PositionsField};
use crate::error::{Error, Result};
use http::Method;

/// A document kind this module writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentKind {
    Demand,
    SalesReturn,
    Move,
    PaymentIn,
    CashIn,
}

impl DocumentKind {
    /// The entity name in URLs and `meta.type`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Demand => "demand",
            DocumentKind::SalesReturn => "salesreturn",
            DocumentKind::Move => "move",
            DocumentKind::PaymentIn => "paymentin",
            DocumentKind::CashIn => "cashin",
        }
    }

    /// The kind named `raw` (`meta.type` of a link).
    pub fn parse(raw: &str) -> Option<Self> {
        use DocumentKind::*;
        [Demand, SalesReturn, Move, PaymentIn, CashIn]
            .into_iter()
            .find(|k| k.as_str() == raw)
    }
}

impl MoySklad {
    /// `POST entity/{kind}`; the body's `syncId` (set here when absent) makes
    /// a resend return the first document.
    pub async fn document_create(&self, kind: DocumentKind, body: &Document) -> Result<Document> {
        check_positions(body)?;
        let mut body = body.clone();
        body.sync_id
            .get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        let path = format!("entity/{}", kind.as_str());
        self.send_json(Method::POST, &path, &body, Replay::Safe)
            .await
    }

    /// `GET entity/{kind}/{id}` with `expand` (e.g. `positions`); `None` when gone.
    pub async fn document_get(
        &self,
        kind: DocumentKind,
        id: &str,
        expand: &str,
    ) -> Result<Option<Document>> {
        let query: Vec<(&str, String)> = match expand {
            "" => Vec::new(),
            e => vec![("expand", e.to_owned())],
        };
        self.get_opt(&format!("entity/{}/{id}", kind.as_str()), &query)
            .await
    }

    /// `PUT entity/{kind}/{id}`: writes the fields that are set.
    pub async fn document_update(
        &self,
        kind: DocumentKind,
        id: &str,
        changes: &Document,
    ) -> Result<Document> {
        check_positions(changes)?;
        let path = format!("entity/{}/{id}", kind.as_str());
        self.send_json(Method::PUT, &path, changes, Replay::Safe)
            .await
    }

    /// `DELETE entity/{kind}/{id}` (already gone counts as deleted).
    pub async fn document_delete(&self, kind: DocumentKind, id: &str) -> Result<()> {
        self.delete(&format!("entity/{}/{id}", kind.as_str())).await
    }

    /// Every position of a document (paged beyond what an expanded read shows).
    pub async fn document_positions(&self, kind: DocumentKind, id: &str) -> Result<Vec<Position>> {
        self.list_all(
            &format!("entity/{}/{id}/positions", kind.as_str()),
            Vec::new(),
        )
        .await
    }
}

/// MoySklad refuses arrays over 1000 items (413): say so before sending.
fn check_positions(doc: &Document) -> Result<()> {
    if let Some(PositionsField::Rows(rows)) = &doc.positions
        && rows.len() > MAX_LIMIT as usize
    {
        return Err(Error::Invalid(format!(
            "document has {} positions; MoySklad takes at most 1000 at once",
            rows.len()
        )));
    }
    Ok(())
}
