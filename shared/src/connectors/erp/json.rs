//! The JSON feed: `{"third_parties": [...]}` (fields in the module doc of
//! `connectors::erp`). Unknown fields are refused, every one of them named
//! with its place, so a typo (`e_mail`) is not silently dropped.

use super::draft::{self, ADDRESS_FIELDS, CONTACT_FIELDS, DraftParty, PARTY_FIELDS};
use super::model::{FeedError, ThirdParty};
use serde_json::{Map, Value};

/// Parses and validates a request body.
pub fn parse_json(body: &[u8]) -> Result<Vec<ThirdParty>, FeedError> {
    let refuse = |p: String| FeedError { problems: vec![p] };
    let root: Value =
        serde_json::from_slice(body).map_err(|e| refuse(format!("the body is not JSON: {e}")))?;
    let Value::Object(mut root) = root else {
        return Err(refuse(
            "the body must be an object {\"third_parties\": [...]}".into(),
        ));
    };
    let mut problems = Vec::new();
    unknown(&root, &["third_parties"], "the body", &mut problems);
    let list = match root.remove("third_parties") {
        Some(Value::Array(list)) => list,
        Some(_) => return Err(refuse("third_parties must be an array".into())),
        None => return Err(refuse("third_parties is missing".into())),
    };
    let mut parties = Vec::with_capacity(list.len());
    for (i, value) in list.into_iter().enumerate() {
        let at = format!("third_parties[{i}]");
        if !shape(&value, &at, &mut problems) {
            continue;
        }
        match serde_json::from_value::<DraftParty>(value) {
            Ok(d) => parties.extend(draft::finish(d, &at, &mut problems)),
            Err(e) => problems.push(format!("{at}: {e}")),
        }
    }
    draft::unique_ids(&parties, &mut problems);
    if problems.is_empty() {
        Ok(parties)
    } else {
        Err(FeedError { problems })
    }
}

/// Checks object shapes and field names; `false` if serde should not try.
fn shape(value: &Value, at: &str, problems: &mut Vec<String>) -> bool {
    let Value::Object(party) = value else {
        problems.push(format!("{at}: a third party must be an object"));
        return false;
    };
    let before = problems.len();
    unknown(party, PARTY_FIELDS, at, problems);
    match party.get("billing_address") {
        Some(Value::Object(a)) => unknown(
            a,
            ADDRESS_FIELDS,
            &format!("{at}.billing_address"),
            problems,
        ),
        None | Some(Value::Null) => {}
        Some(_) => problems.push(format!("{at}.billing_address must be an object")),
    }
    match party.get("contacts") {
        Some(Value::Array(contacts)) => {
            for (j, c) in contacts.iter().enumerate() {
                let cat = format!("{at}.contacts[{j}]");
                match c {
                    Value::Object(c) => unknown(c, CONTACT_FIELDS, &cat, problems),
                    _ => problems.push(format!("{cat}: a contact must be an object")),
                }
            }
        }
        None => {}
        Some(_) => problems.push(format!("{at}.contacts must be an array")),
    }
    problems.len() == before
}

fn unknown(object: &Map<String, Value>, known: &[&str], at: &str, problems: &mut Vec<String>) {
    let names: Vec<&str> = object
        .keys()
        .map(String::as_str)
        .filter(|k| !known.contains(k))
        .collect();
    if !names.is_empty() {
        problems.push(format!("{at}: unknown field(s) {}", names.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::erp::WebMode;

    #[test]
    fn a_full_record_with_accents_and_cyrillic() {
        let body = r#"{"third_parties":[{"tiers_id":" T001 ","updated_at":"2024-05-01T10:00:00+02:00",
            "active":true,"web_mode":"web_only","company":"Boulangerie Éloïse & Fils",
            "last_name":"Дмитриев","first_name":"Ёжик","email":"contact@eloise.fr","phone":"",
            "mobile":"+33 6 12 34 56 78",
            "billing_address":{"line1":"12, rue de l'Église","line2":null,"postcode":"75004",
                "city":"Paris","country":"fr"},
            "contacts":[{"contact_id":"C1","is_web_contact":true,"last_name":"Müller",
                "first_name":"Zoë","email":"zoe@eloise.fr","phone":"01 02 03 04 05"},
                {"contact_id":"C2","last_name":"Sans mail"}]}]}"#;
        let parties = parse_json(body.as_bytes()).unwrap();
        let p = &parties[0];
        assert_eq!(p.tiers_id, "T001");
        assert_eq!(p.web_mode, WebMode::WebOnly);
        assert_eq!(p.company.as_deref(), Some("Boulangerie Éloïse & Fils"));
        assert_eq!(p.last_name.as_deref(), Some("Дмитриев"));
        assert_eq!(p.phone, None, "empty text is None");
        let a = p.billing_address.as_ref().unwrap();
        assert_eq!(a.line1.as_deref(), Some("12, rue de l'Église"));
        assert_eq!(a.country.as_deref(), Some("FR"));
        assert_eq!(p.contacts.len(), 2);
        assert!(p.contacts[0].is_web_contact && !p.contacts[1].is_web_contact);
        assert_eq!(p.contacts[0].first_name.as_deref(), Some("Zoë"));
        assert_eq!(p.updated_at.unix_timestamp(), 1_714_550_400);
    }

    #[test]
    fn every_unknown_field_is_named_with_its_place() {
        let body = r#"{"third_parties":[{"tiers_id":"T1","updated_at":"2024-05-01T10:00:00Z",
            "active":true,"fax":"x","e_mail":"y","billing_address":{"zip":"1"},
            "contacts":[{"contact_id":"C1","role":"boss"}]}],"version":2}"#;
        let err = parse_json(body.as_bytes()).unwrap_err();
        let text = err.to_string();
        for needle in [
            "the body: unknown field(s) version",
            "third_parties[0]: unknown field(s) e_mail, fax",
            "third_parties[0].billing_address: unknown field(s) zip",
            "third_parties[0].contacts[0]: unknown field(s) role",
        ] {
            assert!(text.contains(needle), "{needle} not in {text}");
        }
    }

    #[test]
    fn a_third_party_without_id_is_refused_and_the_rest_reported() {
        let body = r#"{"third_parties":[{"updated_at":"2024-05-01T10:00:00Z","active":true},
            {"tiers_id":"T2","updated_at":"yesterday","active":"yes","web_mode":"some"},
            {"tiers_id":"T3","updated_at":"2024-05-01T10:00:00Z","active":false,
             "contacts":[{"email":"a@b.fr"}],"billing_address":{"country":"France"}},
            {"tiers_id":"T4","updated_at":"2024-05-01T10:00:00Z","active":true},
            {"tiers_id":"T4","updated_at":"2024-05-02T10:00:00Z","active":true}]}"#;
        let err = parse_json(body.as_bytes()).unwrap_err();
        let all = err.problems.join("\n");
        assert!(
            all.contains("third_parties[0]: tiers_id is missing"),
            "{all}"
        );
        assert!(all.contains("third_parties[1]: invalid type"), "{all}");
        assert!(
            all.contains("third_parties[2].contacts[0]: contact_id is missing"),
            "{all}"
        );
        assert!(
            all.contains("\"France\" is not a two-letter ISO code"),
            "{all}"
        );
        assert!(all.contains("\"T4\" appears more than once"), "{all}");
        let crate::Error::Invalid(_) = crate::Error::from(err) else {
            panic!("a refused feed is invalid input");
        };
    }

    #[test]
    fn bad_shapes_are_clear() {
        for (body, needle) in [
            ("[1]", "must be an object"),
            ("{}", "third_parties is missing"),
            (r#"{"third_parties":{}}"#, "must be an array"),
            ("{", "not JSON"),
            (
                r#"{"third_parties":[1]}"#,
                "a third party must be an object",
            ),
        ] {
            let err = parse_json(body.as_bytes()).unwrap_err();
            assert!(err.to_string().contains(needle), "{body}: {err}");
        }
    }
}
