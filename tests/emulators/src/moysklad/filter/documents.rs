//! Filterable fields of the documents the emulator serves, from their pages
//! in md/documents/ ("Атрибуты сущности", column "Фильтрация") and the
//! general filters of md/_general.md.

use super::fields::{
    EQ_NE, Field, Ty, field, flag, id, moment, number, reference, text, unmodelled,
};

/// The fields every document page lists (retailshift has no more than these).
pub(super) const DOCUMENT: &[Field] = &[
    id("accountId"),
    moment("created"),
    moment("deleted"),
    text("description"),
    text("externalCode"),
    reference("group"),
    id("id"),
    moment("moment"),
    text("name"),
    reference("organization"),
    reference("owner"),
    flag("printed"),
    flag("published"),
    flag("shared"),
    id("syncId"),
    moment("updated"),
    // md/_general.md, "Фильтрация документов"; nothing here is in the bin.
    flag("isDeleted"),
];

/// Documents with a status, a sum and a code.
pub(super) const TRADE: &[Field] = &[
    flag("applicable"),
    text("code"),
    reference("state"),
    number("sum"),
    unmodelled("state.name"),
];

/// Documents with positions (md/_general.md, "Дополнительные фильтры").
pub(super) const POSITIONS: &[Field] = &[unmodelled("assortment")];

/// Documents on a counterparty.
pub(super) const AGENT: &[Field] = &[
    reference("agent"),
    reference("contract"),
    reference("project"),
    reference("salesChannel"),
];

pub(super) const STORE_REF: &[Field] = &[reference("store")];
pub(super) const PROJECT: &[Field] = &[reference("project")];
pub(super) const PURPOSE: &[Field] = &[text("paymentPurpose")];

pub(super) const CUSTOMERORDER: &[Field] = &[
    moment("deliveryPlannedMoment"),
    text("shipmentAddress"),
    reference("store"),
];

pub(super) const DEMAND: &[Field] = &[text("shipmentAddress"), reference("store")];

pub(super) const PAYMENTIN: &[Field] = &[
    moment("incomingDate"),
    text("incomingNumber"),
    text("paymentPurpose"),
];

/// md/_general.md also lets retail operations be filtered by `retailstore`.
pub(super) const RETAILDEMAND: &[Field] = &[
    reference("agent"),
    reference("retailShift"),
    reference("retailStore"),
    field("retailstore", Ty::RefAt("retailStore"), EQ_NE),
    reference("store"),
];

pub(super) const RETAILSHIFT: &[Field] = &[
    moment("closeDate"),
    reference("retailStore"),
    field("retailstore", Ty::RefAt("retailStore"), EQ_NE),
];
