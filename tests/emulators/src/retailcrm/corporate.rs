//! `/customers-corporate`: list, get, create, and the nested `addresses`,
//! `companies` and `contacts` (list and create); edits are in
//! `corporate_edit`.

use super::customers::list_filter;
use super::request::{Answer, ApiError, Req, paginate};
use super::state::{State, external_id_taken, find, resolve};
use serde_json::{Map, Value, json};

pub(crate) fn list(st: &mut State, req: &Req) -> Answer {
    st.check_site(req)?;
    let records = st
        .corporates
        .iter()
        .filter(|c| matches(c, req))
        .cloned()
        .collect();
    paginate(req, "customersCorporate", records)
}

pub(crate) fn get(st: &mut State, req: &Req, key: &str) -> Answer {
    st.check_site(req)?;
    let i =
        find(&st.corporates, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    Ok(json!({"success": true, "customerCorporate": st.corporates[i]}))
}

pub(crate) fn create(st: &mut State, req: &Req) -> Answer {
    let mut entity = req.entity("customerCorporate")?;
    let site = st.site_for_create(req)?;
    super::custom_fields::check(st, "customer_corporate", &entity, "customerCorporate")?;
    if entity
        .get("nickName")
        .and_then(Value::as_str)
        .is_none_or(|n| n.trim().is_empty())
    {
        return Err(ApiError::entity_format(
            "nickName",
            "This value should not be blank.",
        ));
    }
    if external_id_taken(&st.corporates, &entity, &site) {
        let ext = entity["externalId"].as_str().unwrap_or_default();
        let e = ApiError::new(400, "Customer is not loaded");
        return Err(e.with(
            "externalId",
            format!("Customer with externalId \"{ext}\" already exists."),
        ));
    }
    let mut contacts = Vec::new();
    for (n, c) in array(&entity, "customerContacts").iter().enumerate() {
        contacts.push(new_contact(
            st,
            c,
            &format!("customerContacts[{n}].customer"),
            &site,
        )?);
    }
    let mut companies = Vec::new();
    for (n, c) in array(&entity, "companies").iter().enumerate() {
        companies.push(new_company(st, c, &format!("companies[{n}]"), &[])?);
    }
    let addresses: Vec<Value> = array(&entity, "addresses")
        .into_iter()
        .map(|a| with_id(st, a))
        .collect();
    let id = st.customer_id();
    entity.insert("id".into(), json!(id));
    entity.insert("site".into(), json!(site));
    entity.insert("type".into(), json!("customer_corporate"));
    entity.insert("customerContacts".into(), Value::Array(contacts));
    entity.insert("companies".into(), Value::Array(companies));
    entity.insert("addresses".into(), Value::Array(addresses));
    st.corporates.push(Value::Object(entity));
    let record = st.corporates.last().cloned().unwrap_or_default();
    super::history::record(st, "customers-corporate", None, &record);
    Ok(json!({"success": true, "id": id}))
}

/// `GET /customers-corporate/{x}/{addresses|companies|contacts}`.
pub(crate) fn parts(st: &mut State, req: &Req, key: &str, part: &str) -> Answer {
    let i =
        find(&st.corporates, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    let field = if part == "contacts" {
        "customerContacts"
    } else {
        part
    };
    let records = st.corporates[i][field]
        .as_array()
        .cloned()
        .unwrap_or_default();
    paginate(req, part, records)
}

/// `POST /customers-corporate/{x}/{addresses|companies|contacts}/create`.
pub(crate) fn add_part(st: &mut State, req: &Req, key: &str, part: &str) -> Answer {
    let field = match part {
        "addresses" => "address",
        "companies" => "company",
        _ => "contact",
    };
    let entity = Value::Object(req.entity(field)?);
    let i =
        find(&st.corporates, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    let site = st.corporates[i]["site"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let addresses = st.corporates[i]["addresses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let (list, record) = match part {
        "addresses" => ("addresses", with_id(st, entity)),
        "companies" => (
            "companies",
            new_company(st, &entity, "company", &addresses)?,
        ),
        _ => {
            let record = new_contact(st, &entity, "contact.customer", &site)?;
            let customer_id = &record["customer"]["id"];
            let known = st.corporates[i]["customerContacts"]
                .as_array()
                .into_iter()
                .flatten();
            if known.clone().any(|c| &c["customer"]["id"] == customer_id) {
                return Err(ApiError::entity_format(
                    "contact.customer",
                    "This customer is already a contact.",
                ));
            }
            ("customerContacts", record)
        }
    };
    let id = record["id"].clone();
    st.corporates[i][list]
        .as_array_mut()
        .expect("created with the list")
        .push(record);
    Ok(json!({"success": true, "id": id}))
}

/// A contact: a reference to an existing private customer.
fn new_contact(st: &mut State, c: &Value, field: &str, site: &str) -> Result<Value, ApiError> {
    let i = resolve(&st.customers, &c["customer"], Some(site))
        .ok_or_else(|| ApiError::entity_format(field, "Customer not found."))?;
    let customer = &st.customers[i];
    let reference = json!({"id": customer["id"], "externalId": customer["externalId"], "site": customer["site"]});
    let is_main = c["isMain"].as_bool().unwrap_or(false);
    Ok(json!({"id": st.part_id(), "isMain": is_main, "customer": reference, "companies": []}))
}

/// A company: needs a name; its `address`, if any, must be one of the customer's.
fn new_company(
    st: &mut State,
    c: &Value,
    field: &str,
    addresses: &[Value],
) -> Result<Value, ApiError> {
    if c["name"].as_str().is_none_or(|n| n.trim().is_empty()) {
        return Err(ApiError::entity_format(
            &format!("{field}.name"),
            "This value should not be blank.",
        ));
    }
    if let Some(address_id) = c.get("address").map(|a| &a["id"])
        && !addresses.iter().any(|a| &a["id"] == address_id)
    {
        return Err(ApiError::entity_format(
            &format!("{field}.address"),
            "Address not found.",
        ));
    }
    Ok(with_id(st, c.clone()))
}

fn with_id(st: &mut State, mut v: Value) -> Value {
    v["id"] = json!(st.part_id());
    v
}

fn array(entity: &Map<String, Value>, field: &str) -> Vec<Value> {
    entity
        .get(field)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// `filter[companyName]` searches the names of the companies (substring,
/// case-insensitive); `filter[nickName]` the corporate name.
fn matches(c: &Value, req: &Req) -> bool {
    let has = |v: &Value, q: &str| {
        v.as_str()
            .unwrap_or_default()
            .to_lowercase()
            .contains(&q.to_lowercase())
    };
    let companies = c["companies"].as_array();
    if let Some(q) = req.param("filter[companyName]")
        && !companies.is_some_and(|cs| cs.iter().any(|co| has(&co["name"], q)))
    {
        return false;
    }
    if let Some(q) = req.param("filter[nickName]")
        && !has(&c["nickName"], q)
    {
        return false;
    }
    let contact_ids = req.params_all("filter[contactIds][]");
    let in_contacts = |cs: &Value| {
        cs.as_array()
            .into_iter()
            .flatten()
            .any(|x| contact_ids.contains(&x["customer"]["id"].to_string().as_str()))
    };
    (contact_ids.is_empty() || in_contacts(&c["customerContacts"]))
        && list_filter(c, req, "filter[ids][]", |c| c["id"].to_string())
        && list_filter(c, req, "filter[externalIds][]", |c| {
            c["externalId"].as_str().unwrap_or_default().to_owned()
        })
        && list_filter(c, req, "filter[sites][]", |c| {
            c["site"].as_str().unwrap_or_default().to_owned()
        })
}
