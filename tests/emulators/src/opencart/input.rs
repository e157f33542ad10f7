//! Typed reads of a request's query or JSON body, as the extension's
//! `SynclaneInput` does them: each refusal names the field by its path
//! (`addresses[1].postcode`), unknown members are refused, ids are JSON
//! integers or strings of digits, flags `true`/`false`, `1`/`0`, `"1"`/`"0"`.

use super::error::ApiError;
use serde_json::{Map, Value};

/// An object being read, and where it sits in the request.
pub(crate) struct In {
    data: Map<String, Value>,
    path: String,
}

impl In {
    pub fn new(data: Map<String, Value>) -> Self {
        In {
            data,
            path: String::new(),
        }
    }

    /// The query's parameters (values are strings).
    pub fn query(params: &[(String, String)]) -> Self {
        In::new(
            params
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    }

    pub fn allow_only(&self, allowed: &[&str]) -> Result<(), ApiError> {
        match self.data.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(key) => Err(ApiError::invalid(&self.field(key), "unknown field")),
            None => Ok(()),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.data.contains_key(key)
    }

    /// A nested object (PHP decodes `[]` to an empty array, which it takes as one).
    pub fn object(&self, key: &str) -> Result<Option<In>, ApiError> {
        let Some(value) = self.data.get(key) else {
            return Ok(None);
        };
        let data = match value {
            Value::Object(map) => map.clone(),
            Value::Array(items) if items.is_empty() => Map::new(),
            _ => return Err(ApiError::invalid(&self.field(key), "must be an object")),
        };
        Ok(Some(In {
            data,
            path: self.field(key),
        }))
    }

    /// The objects of a JSON array.
    pub fn objects(&self, key: &str) -> Result<Option<Vec<In>>, ApiError> {
        let Some(value) = self.data.get(key) else {
            return Ok(None);
        };
        let items = match value {
            Value::Array(items) => items,
            Value::Object(map) if map.is_empty() => return Ok(Some(Vec::new())),
            _ => return Err(ApiError::invalid(&self.field(key), "must be an array")),
        };
        let path = self.field(key);
        let mut out = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let field = format!("{path}[{n}]");
            let data = match item {
                Value::Object(map) => map.clone(),
                Value::Array(a) if a.is_empty() => Map::new(),
                _ => return Err(ApiError::invalid(&field, "must be an object")),
            };
            out.push(In { data, path: field });
        }
        Ok(Some(out))
    }

    /// A JSON string of at most `max` characters; empty only if `allow_empty`.
    pub fn text(&self, key: &str, max: usize, allow_empty: bool) -> Result<String, ApiError> {
        let Value::String(value) = self.value(key)? else {
            return Err(ApiError::invalid(&self.field(key), "must be a string"));
        };
        if !allow_empty && value.is_empty() {
            return Err(ApiError::invalid(&self.field(key), "must not be empty"));
        }
        if value.chars().count() > max {
            let message = format!("longer than {max} characters");
            return Err(ApiError::invalid(&self.field(key), &message));
        }
        Ok(value.clone())
    }

    /// An e-mail address (the empty string too if `allow_empty`).
    pub fn email(&self, key: &str, allow_empty: bool) -> Result<String, ApiError> {
        let value = self.text(key, 96, allow_empty)?;
        if !value.is_empty() && !valid_email(&value) {
            return Err(ApiError::invalid(&self.field(key), "not an e-mail address"));
        }
        Ok(value)
    }

    /// A JSON integer or a string of digits, from `min` to 2147483647.
    pub fn id(&self, key: &str, min: i64) -> Result<i64, ApiError> {
        let parsed = match self.value(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s)
                if (1..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.parse().ok()
            }
            _ => None,
        };
        match parsed {
            Some(id) if id >= min && id <= 2_147_483_647 => Ok(id),
            _ => Err(ApiError::invalid(
                &self.field(key),
                &format!("must be a whole number of at least {min}"),
            )),
        }
    }

    /// `true`/`false`, `1`/`0` or `"1"`/`"0"`.
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.value(key)? {
            Value::Bool(b) => Ok(*b),
            Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
            Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
            Value::String(s) if s == "1" => Ok(true),
            Value::String(s) if s == "0" => Ok(false),
            _ => Err(ApiError::invalid(&self.field(key), "must be true or false")),
        }
    }

    /// A `DECIMAL(15,4)` amount, returned with four decimals.
    pub fn amount(&self, key: &str) -> Result<String, ApiError> {
        let text = match self.value(key)? {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            _ => String::new(),
        };
        let (int, frac) = text
            .strip_prefix('-')
            .unwrap_or(&text)
            .split_once('.')
            .unwrap_or((text.strip_prefix('-').unwrap_or(&text), ""));
        let digits = |s: &str, max: usize| {
            (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        let has_point = text.contains('.');
        if !digits(int, 11) || (has_point && !digits(frac, 4)) {
            return Err(ApiError::invalid(
                &self.field(key),
                "must be a number with at most 11 digits before and 4 after the point",
            ));
        }
        let value: f64 = text.parse().unwrap_or_default();
        Ok(format!("{value:.4}"))
    }

    /// The path of member `key`: `customer.email`, `addresses[1]`.
    pub fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn value(&self, key: &str) -> Result<&Value, ApiError> {
        self.data
            .get(key)
            .ok_or_else(|| ApiError::invalid(&self.field(key), "required"))
    }
}

/// The part of PHP's `FILTER_VALIDATE_EMAIL` that real addresses meet:
/// one `@`, a dot-atom local part of at most 64 characters, and a domain of
/// two or more labels of letters, digits and inner hyphens.
pub(crate) fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let atom = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = (1..=64).contains(&local.len())
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atom));
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    local_ok && labels.len() >= 2 && labels.iter().all(label_ok)
}
