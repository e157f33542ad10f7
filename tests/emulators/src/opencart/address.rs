//! An address object of a request → column values, resolving the country
//! (`iso_code_2` or `country_id`) and the zone (`zone` name or code, or
//! `zone_id`) against the shop's tables, as `SynclaneAddressInput` does.

use super::error::ApiError;
use super::input::In;
use super::state::State;
use serde_json::{Map, Value, json};

/// The members of an address object.
pub(crate) const FIELDS: [&str; 11] = [
    "firstname",
    "lastname",
    "company",
    "address_1",
    "address_2",
    "city",
    "postcode",
    "iso_code_2",
    "country_id",
    "zone",
    "zone_id",
];

/// The columns `input` sets. With `complete`, names, `address_1`, `city`
/// and a country are required; `company_max` is 40 or 60 by column;
/// `extra` are further members the caller reads itself.
pub(crate) fn columns(
    st: &State,
    input: &In,
    complete: bool,
    company_max: usize,
    extra: &[&str],
) -> Result<Map<String, Value>, ApiError> {
    let allowed: Vec<&str> = FIELDS.iter().chain(extra).copied().collect();
    input.allow_only(&allowed)?;
    let limits = [
        ("firstname", 32),
        ("lastname", 32),
        ("company", company_max),
        ("address_1", 128),
        ("address_2", 128),
        ("city", 128),
        ("postcode", 10),
    ];
    let required = ["firstname", "lastname", "address_1", "city"];
    let mut out = Map::new();
    for (key, max) in limits {
        let must = complete && required.contains(&key);
        if input.has(key) || must {
            out.insert(key.into(), json!(input.text(key, max, !must)?));
        }
    }
    if input.has("iso_code_2") || input.has("country_id") || complete {
        out.extend(country(st, input)?);
    } else if input.has("zone") || input.has("zone_id") {
        let key = if input.has("zone") { "zone" } else { "zone_id" };
        return Err(ApiError::invalid(
            &input.field(key),
            "give the country (iso_code_2 or country_id) with the zone",
        ));
    }
    Ok(out)
}

fn country(st: &State, input: &In) -> Result<Map<String, Value>, ApiError> {
    if input.has("iso_code_2") && input.has("country_id") {
        return Err(ApiError::invalid(
            &input.field("country_id"),
            "give iso_code_2 or country_id, not both",
        ));
    }
    let (found, field) = if input.has("country_id") {
        let id = input.id("country_id", 1)?;
        (st.countries.iter().find(|c| c.0 == id), "country_id")
    } else {
        let iso = input.text("iso_code_2", 2, false)?.to_lowercase();
        let found = st.countries.iter().find(|c| c.2.to_lowercase() == iso);
        (found, "iso_code_2")
    };
    let (country_id, name, _) = *found
        .ok_or_else(|| ApiError::invalid(&input.field(field), "no such country in the shop"))?;
    if input.has("zone") && input.has("zone_id") {
        return Err(ApiError::invalid(
            &input.field("zone_id"),
            "give zone or zone_id, not both",
        ));
    }
    let in_country = st.zones.iter().filter(|z| z.1 == country_id);
    let zone = if input.has("zone_id") {
        let id = input.id("zone_id", 1)?;
        let zone = in_country.clone().find(|z| z.0 == id);
        Some(zone.ok_or_else(|| zone_missing(input, "zone_id"))?)
    } else if input.has("zone") {
        let name = input.text("zone", 128, false)?.to_lowercase();
        let mut matching: Vec<_> = in_country
            .filter(|z| z.2.to_lowercase() == name || z.3.to_lowercase() == name)
            .collect();
        matching.sort_by_key(|z| z.0);
        Some(
            *matching
                .first()
                .ok_or_else(|| zone_missing(input, "zone"))?,
        )
    } else {
        None
    };
    let mut out = Map::new();
    out.insert("country_id".into(), json!(country_id.to_string()));
    out.insert("country".into(), json!(name));
    out.insert("address_format".into(), json!(""));
    out.insert("zone_id".into(), json!(zone.map_or(0, |z| z.0).to_string()));
    out.insert("zone".into(), json!(zone.map_or("", |z| z.2)));
    Ok(out)
}

fn zone_missing(input: &In, field: &str) -> ApiError {
    ApiError::invalid(&input.field(field), "no such zone in this country")
}
