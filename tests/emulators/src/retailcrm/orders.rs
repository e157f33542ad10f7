//! `/orders`: list, get, create, edit.
//!
//! A corporate order names the corporate customer as `customer`, one of its
//! contact persons as `contact` and one of its companies as `company`, with
//! `contragent.contragentType` other than `individual`. An order without a
//! `customer` gets a new private customer made from its name, e-mail and
//! phone, as the CRM does.

use super::custom_fields;
use super::customers::{list_filter, validate};
use super::history;
use super::request::{Answer, ApiError, Req, paginate};
use super::state::{State, external_id_taken, find, resolve};
use serde_json::{Map, Value, json};

pub(crate) fn list(st: &mut State, req: &Req) -> Answer {
    st.check_site(req)?;
    let records = st
        .orders
        .iter()
        .filter(|o| {
            list_filter(o, req, "filter[ids][]", |o| o["id"].to_string())
                && list_filter(o, req, "filter[externalIds][]", |o| {
                    o["externalId"].as_str().unwrap_or_default().to_owned()
                })
                && custom_fields::filter(o, req)
        })
        .cloned()
        .collect();
    paginate(req, "orders", records)
}

pub(crate) fn get(st: &mut State, req: &Req, key: &str) -> Answer {
    st.check_site(req)?;
    let i = find(&st.orders, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    Ok(json!({"success": true, "order": st.orders[i]}))
}

pub(crate) fn create(st: &mut State, req: &Req) -> Answer {
    let mut order = req.entity("order")?;
    let site = st.site_for_create(req)?;
    validate(&order, "order")?;
    custom_fields::check(st, "order", &order, "order")?;
    if external_id_taken(&st.orders, &order, &site) {
        let ext = order["externalId"].as_str().unwrap_or_default();
        return Err(not_loaded(
            "externalId",
            format!("Order with externalId \"{ext}\" already exists."),
        ));
    }
    resolve_buyer(st, &mut order, &site)?;
    number_items(st, &mut order, &[])?;
    let id = st.order_id();
    order.insert("id".into(), json!(id));
    order.insert("site".into(), json!(site));
    order
        .entry("number")
        .or_insert_with(|| json!(format!("{id}A")));
    order.entry("status").or_insert_with(|| json!("new"));
    let record = Value::Object(order);
    st.orders.push(record.clone());
    history::record(st, "orders", None, &record);
    Ok(json!({"success": true, "id": id, "order": record}))
}

pub(crate) fn edit(st: &mut State, req: &Req, key: &str) -> Answer {
    let changes = req.entity("order")?;
    st.check_site(req)?;
    validate(&changes, "order")?;
    custom_fields::check(st, "order", &changes, "order")?;
    let i = find(&st.orders, req.by()?, key, req.param("site")).ok_or_else(ApiError::not_found)?;
    let mut order = st.orders[i]
        .as_object()
        .cloned()
        .expect("records are objects");
    let site = order["site"].as_str().unwrap_or_default().to_owned();
    let buyer_changed = ["customer", "contact", "company", "contragent"]
        .iter()
        .any(|k| changes.contains_key(*k));
    let has_items = changes.contains_key("items");
    let old_items = order
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let before = st.orders[i].clone();
    for (k, v) in changes
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "id" | "site"))
    {
        custom_fields::merge_into(&mut order, k, v);
    }
    if buyer_changed {
        resolve_buyer(st, &mut order, &site)?;
    }
    if has_items {
        number_items(st, &mut order, &old_items)?;
    }
    st.orders[i] = Value::Object(order);
    let after = st.orders[i].clone();
    history::record(st, "orders", Some(&before), &after);
    Ok(json!({"success": true, "id": st.orders[i]["id"], "order": st.orders[i]}))
}

/// Checks `customer` / `contact` / `company` and replaces them with the
/// CRM's own reference objects (with `type`, as `GET /orders/{x}` shows them).
fn resolve_buyer(
    st: &mut State,
    order: &mut Map<String, Value>,
    site: &str,
) -> Result<(), ApiError> {
    let Some(reference) = order.get("customer").cloned() else {
        let id = st.customer_id();
        let person = ["firstName", "lastName", "patronymic", "email"]
            .map(|k| (k, order.get(k).cloned().unwrap_or(Value::Null)));
        let mut customer: Map<String, Value> = person
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        if let Some(phone) = order.get("phone") {
            customer.insert("phones".into(), json!([{"number": phone}]));
        }
        customer.extend([
            ("id".into(), json!(id)),
            ("site".into(), json!(site)),
            ("type".into(), json!("customer")),
        ]);
        st.customers.push(Value::Object(customer));
        order.insert(
            "customer".into(),
            json!({"id": id, "type": "customer", "site": site}),
        );
        return Ok(());
    };
    if let Some(i) = resolve(&st.customers, &reference, Some(site)) {
        let c = &st.customers[i];
        order.insert("customer".into(), json!({"id": c["id"], "externalId": c["externalId"], "type": "customer", "site": c["site"]}));
        // Contact persons and companies belong to corporate customers only.
        order.remove("contact");
        order.remove("company");
        return Ok(());
    }
    let Some(ci) = resolve(&st.corporates, &reference, Some(site)) else {
        let (field, what) = match reference["id"].as_i64() {
            Some(id) => ("customer.id", format!("id={id}")),
            None => (
                "customer.externalId",
                format!(
                    "externalId={}",
                    reference["externalId"].as_str().unwrap_or_default()
                ),
            ),
        };
        return Err(not_loaded(
            field,
            format!("Customer with {what} not found."),
        ));
    };
    let corp = st.corporates[ci].clone();
    let customer = json!({"id": corp["id"], "externalId": corp["externalId"], "type": "customer_corporate", "nickName": corp["nickName"], "site": corp["site"]});
    order.insert("customer".into(), customer);
    if let Some(contact) = order.get("contact").cloned() {
        let i = resolve(&st.customers, &contact, Some(site))
            .ok_or_else(|| not_loaded("contact", "Customer not found."))?;
        let id = &st.customers[i]["id"];
        let listed = corp["customerContacts"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| &c["customer"]["id"] == id);
        if !listed {
            return Err(not_loaded(
                "contact",
                "The customer is not a contact person of the corporate customer.",
            ));
        }
        order.insert("contact".into(), st.customers[i].clone());
    }
    if let Some(company) = order.get("company").cloned() {
        let found = corp["companies"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["id"] == company["id"]);
        let found = found.ok_or_else(|| {
            not_loaded(
                "company",
                "The company does not belong to the corporate customer.",
            )
        })?;
        order.insert("company".into(), found.clone());
    }
    let kind = &mut order.entry("contragent").or_insert_with(|| json!({}))["contragentType"];
    match kind.as_str() {
        Some("individual") => Err(not_loaded(
            "contragent.contragentType",
            "A corporate customer's order needs a legal contragent type.",
        )),
        Some(_) => Ok(()),
        None => {
            *kind = json!("legal-entity");
            Ok(())
        }
    }
}

/// Items must be objects; quantity defaults to 1. An item sent with the `id`
/// of an existing item updates that item (the fields sent replace its own);
/// one without an `id` is new and gets one; existing items not sent are gone.
fn number_items(
    st: &mut State,
    order: &mut Map<String, Value>,
    old_items: &[Value],
) -> Result<(), ApiError> {
    let Some(items) = order.get_mut("items") else {
        return Ok(());
    };
    let Some(items) = items.as_array_mut() else {
        return Err(not_loaded("items", "This value should be a list."));
    };
    for (n, item) in items.iter_mut().enumerate() {
        let numeric = |k: &str| item.get(k).is_none_or(|p| p.is_number() || p.is_null());
        if !item.is_object() || !numeric("initialPrice") || !numeric("purchasePrice") {
            return Err(not_loaded(&format!("items[{n}]"), "Invalid item."));
        }
        if let Some(id) = item.get("id").filter(|id| !id.is_null()).cloned() {
            let Some(old) = old_items.iter().find(|o| o["id"] == id) else {
                return Err(not_loaded(&format!("items[{n}].id"), "Item not found."));
            };
            let mut merged = old.clone();
            for (k, v) in item.as_object().expect("checked").clone() {
                merged[k] = v;
            }
            *item = merged;
        } else {
            item["id"] = json!(st.part_id());
        }
        // An item names its offer by externalId; reads show the offer's xmlId too.
        let external = item["offer"]["externalId"].as_str().map(str::to_owned);
        if let Some(xml_id) =
            external.and_then(|e| st.catalog.offers_by_external_id.get(&e).cloned())
        {
            item["offer"]["xmlId"] = json!(xml_id);
        }
        let canceled = item["status"]
            .as_str()
            .is_some_and(|s| st.cancel_item_statuses.iter().any(|c| c == s));
        let o = item.as_object_mut().expect("checked");
        o.insert("isCanceled".into(), json!(canceled));
        o.entry("quantity").or_insert(json!(1));
        // Manual discounts give the per-unit `discountTotal`, as the CRM computes it.
        let manual = ["discountManualAmount", "discountManualPercent"];
        if manual.iter().any(|k| o.contains_key(*k)) {
            let price = o.get("initialPrice").and_then(Value::as_f64).unwrap_or(0.0);
            let amount = o.get(manual[0]).and_then(Value::as_f64).unwrap_or(0.0);
            let percent = o.get(manual[1]).and_then(Value::as_f64).unwrap_or(0.0);
            o.insert(
                "discountTotal".into(),
                json!(amount + price * percent / 100.0),
            );
        }
    }
    Ok(())
}

fn not_loaded(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(400, "Order is not loaded").with(field, message)
}
