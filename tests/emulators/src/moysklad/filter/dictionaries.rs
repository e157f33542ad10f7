//! Filterable fields of the dictionaries the emulator serves, from their
//! pages in md/dictionaries/ ("Атрибуты сущности", column "Фильтрация").

use super::fields::{
    EQ_NE, Field, TEXT_OPS, Ty, field, flag, id, moment, number, reference, text, unmodelled,
};

/// Requisites of Uzbekistan and Kazakhstan (counterparty, organization).
pub(super) const FOREIGN: &[Field] = &[
    text("certificateDate"),
    text("certificateNumber"),
    text("oked"),
    text("pinfl"),
    text("vatPayerRegCode"),
    text("vatCertificateDate"),
    text("vatCertificateNumber"),
    text("bin"),
    text("iin"),
    text("kbe"),
];

pub(super) const COUNTERPARTY: &[Field] = &[
    id("accountId"),
    text("actualAddress"),
    flag("archived"),
    text("code"),
    field("companyType", Ty::Text, EQ_NE),
    moment("created"),
    text("description"),
    text("discountCardNumber"),
    text("email"),
    text("externalCode"),
    text("fax"),
    reference("group"),
    id("id"),
    text("name"),
    reference("owner"),
    text("phone"),
    unmodelled("priceType"),
    flag("shared"),
    reference("state"),
    id("syncId"),
    // An array of strings: a value matches when any tag does.
    text("tags"),
    moment("updated"),
    text("inn"),
    text("kpp"),
    text("legalAddress"),
    text("legalTitle"),
    unmodelled("accounts.accountnumber"),
];

pub(super) const ORGANIZATION: &[Field] = &[
    id("accountId"),
    text("actualAddress"),
    flag("archived"),
    text("code"),
    field("companyType", Ty::Text, EQ_NE),
    moment("created"),
    text("description"),
    text("externalCode"),
    id("id"),
    text("name"),
    reference("owner"),
    flag("shared"),
    id("syncId"),
    moment("updated"),
    text("email"),
    text("fax"),
    text("inn"),
    text("kpp"),
    text("legalAddress"),
    text("legalTitle"),
    text("phone"),
];

/// md/dictionaries/_product.md: `barcodes` is filtered as `barcode`.
pub(super) const PRODUCT: &[Field] = &[
    flag("archived"),
    text("article"),
    field("barcode", Ty::Barcode, TEXT_OPS),
    text("code"),
    text("description"),
    text("externalCode"),
    reference("group"),
    id("id"),
    flag("isSerialTrackable"),
    number("minimumBalance"),
    text("name"),
    reference("owner"),
    text("pathName"),
    flag("shared"),
    reference("supplier"),
    id("syncId"),
    moment("updated"),
    number("volume"),
    number("weight"),
];

/// md/dictionaries/_variant.md, with `productid` ("Возможна фильтрация списка
/// Модификаций по id товара").
pub(super) const VARIANT: &[Field] = &[
    id("accountId"),
    flag("archived"),
    text("article"),
    field("barcode", Ty::Barcode, TEXT_OPS),
    text("code"),
    text("externalCode"),
    id("id"),
    text("name"),
    moment("updated"),
    field("productid", Ty::RefId("product"), EQ_NE),
];

pub(super) const SERVICE: &[Field] = &[
    id("accountId"),
    flag("archived"),
    field("barcode", Ty::Barcode, TEXT_OPS),
    text("code"),
    text("description"),
    text("externalCode"),
    reference("group"),
    id("id"),
    text("name"),
    reference("owner"),
    text("pathName"),
    flag("shared"),
    id("syncId"),
    moment("updated"),
];

pub(super) const PRODUCTFOLDER: &[Field] = &[
    id("accountId"),
    flag("archived"),
    text("code"),
    text("description"),
    text("externalCode"),
    reference("group"),
    id("id"),
    text("name"),
    reference("owner"),
    text("pathName"),
    flag("shared"),
    moment("updated"),
];

pub(super) const STORE: &[Field] = &[
    id("accountId"),
    text("address"),
    flag("archived"),
    text("code"),
    text("description"),
    text("externalCode"),
    reference("group"),
    id("id"),
    text("name"),
    reference("owner"),
    reference("parent"),
    text("pathName"),
    flag("shared"),
    moment("updated"),
];

pub(super) const RETAILSTORE: &[Field] = &[
    id("accountId"),
    flag("active"),
    text("address"),
    text("description"),
    text("externalCode"),
    reference("group"),
    id("id"),
    text("name"),
    reference("organization"),
    reference("owner"),
    flag("shared"),
    reference("store"),
    moment("updated"),
];

/// md/dictionaries/_employee.md.
pub(super) const EMPLOYEE: &[Field] = &[
    id("accountId"),
    flag("archived"),
    text("description"),
    text("email"),
    text("externalCode"),
    text("firstName"),
    reference("group"),
    id("id"),
    text("lastName"),
    text("middleName"),
    text("name"),
    reference("owner"),
    text("phone"),
    flag("shared"),
    text("uid"),
    moment("updated"),
];

/// md/dictionaries/_customentity.md, "Атрибуты элемента".
pub(super) const CUSTOMENTITY_ELEMENT: &[Field] = &[
    id("accountId"),
    text("code"),
    text("description"),
    text("externalCode"),
    reference("group"),
    id("id"),
    text("name"),
    reference("owner"),
    flag("shared"),
    moment("updated"),
];
