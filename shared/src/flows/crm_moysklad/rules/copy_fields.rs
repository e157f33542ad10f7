//! "Перенос значений совпадающих польз. полей из заказа при создании" (MS-M6
//! shipments, MS-M9 payments): a new document gets the order's custom field
//! values where it has fields of its own that match them.
//!
//! Each document type has its own attributes in MoySklad (its own ids, under
//! `entity/{type}/metadata/attributes`), so a value cannot be copied by id:
//! it is copied to the target's attribute of the same name and type (for a
//! dictionary, of the same dictionary). Empty values are not copied.

use crate::connectors::moysklad::{AttributeMeta, AttributeValue, Meta};

/// The order's `values` as the target type's attributes (`targets`, of
/// entity type `target_kind`) of the same name and type.
pub fn matching(
    base_url: &str,
    values: &[AttributeValue],
    sources: &[AttributeMeta],
    targets: &[AttributeMeta],
    target_kind: &str,
) -> Vec<AttributeValue> {
    let mut out = Vec::new();
    for v in values.iter().filter(|v| !v.value.is_null()) {
        let id = v.id.as_deref().unwrap_or_else(|| v.meta.id());
        let Some(source) = sources.iter().find(|s| s.id == id) else {
            continue;
        };
        let same = |t: &&AttributeMeta| {
            t.name == source.name && t.kind == source.kind && t.dictionary() == source.dictionary()
        };
        if let Some(target) = targets.iter().find(same) {
            out.push(AttributeValue {
                meta: attribute_meta(base_url, target_kind, &target.id),
                id: None,
                name: None,
                kind: None,
                value: v.value.clone(),
            });
        }
    }
    out
}

/// `meta` of attribute `id` of entity type `kind`.
pub fn attribute_meta(base_url: &str, kind: &str, id: &str) -> Meta {
    Meta {
        href: format!(
            "{}/entity/{kind}/metadata/attributes/{id}",
            base_url.trim_end_matches('/')
        ),
        kind: Some("attributemetadata".into()),
        ..Meta::entity(base_url, "attributemetadata", id)
    }
}
