//! What each entity is filtered on: the fields its page in the vendor's
//! docs (moysklad/api-remap-1.2-doc, md/dictionaries/*.md, md/documents/*.md)
//! marks in the "Фильтрация" column, with the operators listed there, plus
//! the ones md/_general.md adds (`isDeleted` for documents, `updatedBy`,
//! `retailstore` for retail operations, `state.name`, `assortment`,
//! `accounts.accountnumber`). Custom attributes are filtered by their href
//! (see `Spec`). An entity whose page marks nothing (`webhook`) is not
//! filtered at all.

use super::dictionaries as d;
use super::documents as k;
use super::syntax::Op;

/// How a field's values are read and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A string compared as written (`~` operators ignore case).
    Text,
    /// A UUID.
    Id,
    /// A reference: the value is an href, compared by `entity/{type}/{id}`.
    Ref,
    /// `true` or `false`; absent counts as `false`.
    Flag,
    Number,
    /// A moment, `YYYY-MM-DD HH:mm[:ss[.SSS]]`.
    Moment,
    /// A reference kept under another name (`retailstore` is `retailStore`).
    RefAt(&'static str),
    /// The id of the entity the named field references (variant `productid`).
    RefId(&'static str),
    /// Any value of `barcodes` (filtered as `barcode`).
    Barcode,
    /// `meta.type` (the assortment's `type`).
    MetaType,
    /// The assortment's `filter=search=`: contextual search.
    Search,
    /// Documented, but not modelled by this emulator: refused, saying so.
    Unmodelled,
}

/// A filterable field.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub ops: &'static [Op],
}

pub(crate) const EQ_NE: &[Op] = &[Op::Eq, Op::Ne];
pub(crate) const TEXT_OPS: &[Op] = &[Op::Eq, Op::Ne, Op::Like, Op::Prefix, Op::Suffix];
pub(crate) const ORD_OPS: &[Op] = &[Op::Eq, Op::Ne, Op::Lt, Op::Gt, Op::Le, Op::Ge];

pub(crate) const fn field(name: &'static str, ty: Ty, ops: &'static [Op]) -> Field {
    Field { name, ty, ops }
}
pub(crate) const fn text(name: &'static str) -> Field {
    field(name, Ty::Text, TEXT_OPS)
}
pub(crate) const fn id(name: &'static str) -> Field {
    field(name, Ty::Id, EQ_NE)
}
pub(crate) const fn reference(name: &'static str) -> Field {
    field(name, Ty::Ref, EQ_NE)
}
pub(crate) const fn flag(name: &'static str) -> Field {
    field(name, Ty::Flag, EQ_NE)
}
pub(crate) const fn moment(name: &'static str) -> Field {
    field(name, Ty::Moment, ORD_OPS)
}
pub(crate) const fn number(name: &'static str) -> Field {
    field(name, Ty::Number, ORD_OPS)
}
pub(crate) const fn unmodelled(name: &'static str) -> Field {
    field(name, Ty::Unmodelled, TEXT_OPS)
}

/// md/_general.md: "Фильтрация выборки с помощью параметра filter=updatedBy".
pub(super) const ANY: &[Field] = &[unmodelled("updatedBy")];

/// An entity's filterable fields, and whether it has custom attributes.
pub(crate) struct Table {
    pub parts: &'static [&'static [Field]],
    pub attributes: bool,
}

/// The field called `name` among `parts`.
pub(crate) fn find(parts: &[&[Field]], name: &str) -> Option<Field> {
    parts
        .iter()
        .flat_map(|p| p.iter())
        .find(|f| f.name == name)
        .copied()
}

const fn table(parts: &'static [&'static [Field]], attributes: bool) -> Table {
    Table { parts, attributes }
}

/// The table of `kind` (one of `schema::ENTITIES`).
pub(crate) fn of(kind: &str) -> Option<Table> {
    Some(match kind {
        "counterparty" => table(&[ANY, d::FOREIGN, d::COUNTERPARTY], true),
        "organization" => table(&[ANY, d::FOREIGN, d::ORGANIZATION], true),
        "product" => table(&[ANY, d::PRODUCT], true),
        "variant" => table(&[ANY, d::VARIANT], false),
        "service" => table(&[ANY, d::SERVICE], true),
        "productfolder" => table(&[ANY, d::PRODUCTFOLDER], false),
        "store" => table(&[ANY, d::STORE], true),
        "retailstore" => table(&[ANY, d::RETAILSTORE], false),
        "employee" => table(&[ANY, d::EMPLOYEE], true),
        "customentity" => table(&[ANY, d::CUSTOMENTITY_ELEMENT], false),
        "webhook" => table(&[], false),
        "customerorder" => table(
            &[
                ANY,
                k::DOCUMENT,
                k::TRADE,
                k::POSITIONS,
                k::AGENT,
                k::CUSTOMERORDER,
            ],
            true,
        ),
        "demand" => table(
            &[
                ANY,
                k::DOCUMENT,
                k::TRADE,
                k::POSITIONS,
                k::AGENT,
                k::DEMAND,
            ],
            true,
        ),
        "salesreturn" => table(
            &[
                ANY,
                k::DOCUMENT,
                k::TRADE,
                k::POSITIONS,
                k::AGENT,
                k::STORE_REF,
            ],
            true,
        ),
        "move" => table(
            &[ANY, k::DOCUMENT, k::TRADE, k::POSITIONS, k::PROJECT],
            true,
        ),
        "paymentin" => table(&[ANY, k::DOCUMENT, k::TRADE, k::AGENT, k::PAYMENTIN], true),
        "cashin" => table(&[ANY, k::DOCUMENT, k::TRADE, k::AGENT, k::PURPOSE], true),
        "retaildemand" => table(
            &[ANY, k::DOCUMENT, k::TRADE, k::POSITIONS, k::RETAILDEMAND],
            true,
        ),
        "retailshift" => table(&[ANY, k::DOCUMENT, k::RETAILSHIFT], true),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_served_entity_has_a_table() {
        for kind in crate::moysklad::schema::ENTITIES {
            assert!(of(kind).is_some(), "{kind}");
        }
    }

    #[test]
    fn documents_take_the_general_filters_and_webhooks_none() {
        let order = of("customerorder").unwrap();
        for name in ["isDeleted", "state", "agent", "sum", "moment", "updatedBy"] {
            assert!(find(order.parts, name).is_some(), "{name}");
        }
        assert!(find(of("move").unwrap().parts, "agent").is_none());
        assert!(of("webhook").unwrap().parts.is_empty());
    }
}
