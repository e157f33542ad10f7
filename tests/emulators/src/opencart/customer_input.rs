//! The body of `customer.create` / `customer.update` → the `customer`
//! columns and the address list to write, checked before anything is
//! written (the extension's `SynclaneCustomerInput`).

use super::Flavour;
use super::address;
use super::error::ApiError;
use super::input::In;
use super::state::{State, int};
use serde_json::{Map, Value, json};

/// One address to write: an existing id to keep (0: new), its columns, default.
pub(crate) struct AddressWrite {
    pub address_id: i64,
    pub columns: Map<String, Value>,
    pub default: bool,
}

/// The checked body: columns, and the complete new address list if given.
pub(crate) struct CustomerWrite {
    pub columns: Map<String, Value>,
    pub addresses: Option<Vec<AddressWrite>>,
}

/// `customer_id` 0 when creating.
pub(crate) fn read(st: &State, body: &In, customer_id: i64) -> Result<CustomerWrite, ApiError> {
    let creating = customer_id == 0;
    if body.has("ip") {
        return Err(ApiError::invalid(
            "ip",
            "read-only: the shop records it when the customer logs in",
        ));
    }
    body.allow_only(&[
        "customer_group_id",
        "firstname",
        "lastname",
        "email",
        "telephone",
        "newsletter",
        "status",
        "addresses",
    ])?;
    let mut columns = Map::new();
    if creating || body.has("customer_group_id") {
        let id = body.id("customer_group_id", 1)?;
        if !st.group_exists(id) {
            return Err(ApiError::invalid(
                "customer_group_id",
                "no such customer group",
            ));
        }
        columns.insert("customer_group_id".into(), json!(id.to_string()));
    }
    for key in ["firstname", "lastname"] {
        if creating || body.has(key) {
            columns.insert(key.into(), json!(body.text(key, 32, false)?));
        }
    }
    if creating || body.has("email") {
        let email = body.email("email", false)?;
        refuse_taken_email(st, &email, customer_id)?;
        columns.insert("email".into(), json!(email));
    }
    if body.has("telephone") {
        columns.insert("telephone".into(), json!(body.text("telephone", 32, true)?));
    } else if creating {
        columns.insert("telephone".into(), json!(""));
    }
    for (key, default) in [("newsletter", false), ("status", true)] {
        if body.has(key) {
            columns.insert(key.into(), json!(flag(body.flag(key)?)));
        } else if creating {
            columns.insert(key.into(), json!(flag(default)));
        }
    }
    let addresses = match body.objects("addresses")? {
        None => None,
        Some(list) => Some(address_list(st, &list, customer_id)?),
    };
    Ok(CustomerWrite { columns, addresses })
}

fn address_list(st: &State, list: &[In], customer_id: i64) -> Result<Vec<AddressWrite>, ApiError> {
    let company_max = if st.flavour == Flavour::Oc3 { 40 } else { 60 };
    let kept = [
        "firstname",
        "lastname",
        "company",
        "address_1",
        "address_2",
        "city",
        "postcode",
        "country_id",
        "zone_id",
    ];
    let mut out: Vec<AddressWrite> = Vec::new();
    let mut seen = Vec::new();
    for input in list {
        let all = address::columns(st, input, true, company_max, &["address_id", "default"])?;
        let mut address_id = 0;
        if input.has("address_id") {
            address_id = input.id("address_id", 1)?;
            let owned = st
                .addresses
                .get(&address_id)
                .is_some_and(|a| customer_id > 0 && int(a, "customer_id") == customer_id);
            if !owned || seen.contains(&address_id) {
                return Err(ApiError::invalid(
                    &input.field("address_id"),
                    "not an address of this customer, or listed twice",
                ));
            }
            seen.push(address_id);
        }
        let default = input.has("default") && input.flag("default")?;
        if default && out.iter().any(|a| a.default) {
            return Err(ApiError::invalid(
                &input.field("default"),
                "only one address can be the default",
            ));
        }
        let columns = all
            .into_iter()
            .filter(|(k, _)| kept.contains(&k.as_str()))
            .collect();
        out.push(AddressWrite {
            address_id,
            columns,
            default,
        });
    }
    if !out.iter().any(|a| a.default)
        && let Some(first) = out.first_mut()
    {
        first.default = true;
    }
    Ok(out)
}

fn refuse_taken_email(st: &State, email: &str, customer_id: i64) -> Result<(), ApiError> {
    let lower = email.to_lowercase();
    let taken = st.customers.iter().find(|(id, c)| {
        **id != customer_id
            && c["email"]
                .as_str()
                .is_some_and(|e| e.to_lowercase() == lower)
    });
    match taken {
        Some((id, _)) => Err(ApiError {
            extra: vec![("field", "email".into()), ("customer_id", id.to_string())],
            ..ApiError::new(
                409,
                "email_exists",
                format!("customer {id} has this e-mail address"),
            )
        }),
        None => Ok(()),
    }
}

fn flag(on: bool) -> &'static str {
    if on { "1" } else { "0" }
}
