//! Which entities exist, what they require on creation (error 3000 names the
//! field) and which nested collections they own.

/// Entity types served under `entity/`.
pub(crate) const ENTITIES: &[&str] = &[
    "counterparty",
    "customerorder",
    "demand",
    "move",
    "salesreturn",
    "paymentin",
    "cashin",
    "product",
    "variant",
    "service",
    "productfolder",
    "store",
    "organization",
    "webhook",
    "retaildemand",
    "retailstore",
    "retailshift",
    "employee",
];

/// Fields that must be present when creating `kind`.
pub(crate) fn required(kind: &str) -> &'static [&'static str] {
    match kind {
        "counterparty" | "product" | "service" | "store" | "organization" | "productfolder" => {
            &["name"]
        }
        "customerorder" | "paymentin" | "cashin" => &["organization", "agent"],
        "demand" | "salesreturn" => &["organization", "agent", "store"],
        "move" => &["organization", "sourceStore", "targetStore"],
        "variant" => &["product"],
        "webhook" => &["url", "action", "entityType"],
        // `priceType` is required too, but price types are not modelled.
        "retailstore" => &["name", "organization", "store"],
        "retailshift" => &["organization", "retailStore"],
        "retaildemand" => &["agent", "store", "retailShift"],
        "employee" => &["lastName"],
        "contactpersons" => &["name"],
        "accounts" => &["accountNumber"],
        "positions" => &["assortment", "quantity"],
        _ => &[],
    }
}

/// Nested collections of `kind` and the `type` of their rows.
pub(crate) fn nested(kind: &str) -> &'static [(&'static str, &'static str)] {
    match kind {
        "counterparty" => &[("contactpersons", "contactperson"), ("accounts", "account")],
        "organization" => &[("accounts", "account")],
        "customerorder" => &[("positions", "customerorderposition")],
        "demand" => &[("positions", "demandposition")],
        "move" => &[("positions", "moveposition")],
        "salesreturn" => &[("positions", "salesreturnposition")],
        "retaildemand" => &[("positions", "retaildemandposition")],
        _ => &[],
    }
}

/// The `type` of a row of `collection` under `kind`, if it exists.
pub(crate) fn nested_type(kind: &str, collection: &str) -> Option<&'static str> {
    nested(kind)
        .iter()
        .find(|(c, _)| *c == collection)
        .map(|(_, t)| *t)
}

/// Whether documents of `kind` carry positions and a `sum` in kopecks.
pub(crate) fn has_sum(kind: &str) -> bool {
    nested_type(kind, "positions").is_some()
}

/// First required field missing (absent, null or empty string) from `body`.
pub(crate) fn missing_field(kind: &str, body: &serde_json::Value) -> Option<&'static str> {
    required(kind).iter().copied().find(|f| match body.get(*f) {
        None | Some(serde_json::Value::Null) => true,
        Some(serde_json::Value::String(s)) => s.trim().is_empty(),
        _ => false,
    })
}
