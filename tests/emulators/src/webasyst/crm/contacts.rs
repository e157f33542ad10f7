//! The CRM's contact methods Synclane uses: `crm.contact.list` with a
//! contacts-collection `hash` (`search/email=..`, `search/phone=..`; a
//! hash of another kind than the collection knows is 400 `invalid_hash`),
//! and `crm.contact.add` (a JSON list of `{field, value}`; a person needs
//! a first, middle or last name: 400 `invalid_param` with `error_fields`;
//! an unknown field is refused the same way).

use super::super::api::{Answer, Call};
use super::state::{Contact, State};
use serde_json::{Value, json};

const KNOWN: &[&str] = &[
    "firstname",
    "middlename",
    "lastname",
    "name",
    "email",
    "phone",
    "company",
    "jobtitle",
];

pub(crate) fn list(st: &State, call: &Call) -> Result<Answer, Answer> {
    let hash = call.param("hash").unwrap_or("");
    let found: Vec<&Contact> = if hash.is_empty() {
        st.contacts.iter().collect()
    } else {
        let (kind, rest) = hash.split_once('/').unwrap_or((hash, ""));
        if ![
            "id",
            "search",
            "tag",
            "segment",
            "vault",
            "responsible",
            "crmSearch",
            "import",
        ]
        .contains(&kind)
            || rest.is_empty()
        {
            return Err(Answer::error(400, "invalid_hash", "Invalid hash."));
        }
        let (field, value) = rest.split_once('=').unwrap_or((rest, ""));
        let value = value.replace("\\&", "&").to_lowercase();
        st.contacts
            .iter()
            .filter(|c| match field {
                "email" => c.emails.iter().any(|e| e.to_lowercase() == value),
                "phone" => c.phones.iter().any(|p| digits(p) == digits(&value)),
                "id" => c.id.to_string() == value,
                _ => false,
            })
            .collect()
    };
    let limit = call
        .param("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(30usize)
        .min(500);
    let data: Vec<Value> = found
        .iter()
        .take(limit)
        .map(|c| json!({ "id": c.id, "name": c.name }))
        .collect();
    Ok(Answer::ok(
        json!({ "params": { "hash": hash, "total_count": found.len(), "limit": limit }, "data": data }),
    ))
}

pub(crate) fn add(st: &mut State, call: &Call) -> Result<Answer, Answer> {
    let fields = match &call.json {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let mut errors = Vec::new();
    let mut contact = Contact {
        id: 0,
        name: String::new(),
        emails: vec![],
        phones: vec![],
    };
    let mut names = Vec::new();
    for f in &fields {
        let field = f.get("field").and_then(Value::as_str).unwrap_or("");
        let value = f
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_owned();
        match field {
            "firstname" | "middlename" | "lastname" if !value.is_empty() => names.push(value),
            "email" if !value.is_empty() => contact.emails.push(value),
            "phone" if !value.is_empty() => contact.phones.push(value),
            f if KNOWN.contains(&f) => {}
            other => errors.push(json!({ "field": other, "value": value, "code": "unknown_field", "description": "Unknown field" })),
        }
    }
    if names.is_empty() {
        for field in ["firstname", "lastname"] {
            errors.push(json!({ "field": field, "value": "", "code": "invalid_param", "description": "This field is required" }));
        }
    }
    if !errors.is_empty() {
        let mut a = Answer::error(400, "invalid_param", "Please correct errors in the data.");
        a.body["error_fields"] = json!(errors);
        return Err(a);
    }
    contact.id = st.next();
    contact.name = names.join(" ");
    let id = contact.id;
    st.contacts.push(contact);
    Ok(Answer::with(201, json!(id)))
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}
