//! MoySklad JSON API 1.2 connector.
//!
//! Protocol (checked against dev.moysklad.ru / github.com/moysklad/api-remap-1.2-doc,
//! see DESIGN.md): `Authorization: Bearer`; `Accept-Encoding: gzip` on every
//! call (415 without); JSON bodies; lists paged by `limit` (1..=1000) and
//! `offset` with `meta.nextHref`; errors `{"errors":[{error,code,parameter}]}`;
//! 45 units per 3 s and 5 parallel requests per user, 429 with
//! `X-Lognex-Retry-After` (ms) beyond; writes carry one
//! `X-Lognex-WebHook-DisableByPrefix` header per prefix of our receivers so
//! they do not echo back. Money is in kopecks.

mod attributes;
mod call_kind;
mod catalog;
mod client;
mod counterparty;
mod documents;
mod documents_types;
pub mod errors;
pub mod mapping;
mod meta;
mod order;
mod paging;
mod retail;
mod retail_webhook;
mod stock;
mod types;
mod webhook;

pub use attributes::{AttributeMeta, AttributeValue, NamedRef};
pub use call_kind::CallKind;
pub use catalog::{ASSORTMENT_IDS_PER_REQUEST, GoodsKind};
pub use client::MoySklad;
pub use counterparty::CounterpartyField;
pub use documents::DocumentKind;
pub use documents_types::{Document, Operation};
pub use meta::{Kopecks, ListPage, Meta, MetaRef, id_from_href};
pub use paging::{MAX_LIMIT, Pager};
pub use retail::{Attribute, DictionaryElement, RetailDemand, RetailPosition, RetailStore};
pub use retail_webhook::{RETAIL_ACTION, RETAIL_ENTITY};
pub use stock::{CurrentStock, StockQuery, moscow_time};
pub use types::{
    Assortment, BankAccount, ContactPerson, Counterparty, CustomerOrder, GoodsRef, ListRef,
    OrderMetadata, Organization, Position, PositionsField, Price, SalePrice, State, StockRow,
    Store, Webhook,
};
pub use webhook::{WebhookEvent, WebhookPayload, WebhookSpec};
