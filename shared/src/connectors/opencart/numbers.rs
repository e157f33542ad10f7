//! OpenCart's PHP arrays carry numbers as strings ("42", "10.0000"); JSON
//! encoders of other versions send real numbers. Accept both.

use serde::{Deserialize, Deserializer, de};

#[derive(Deserialize)]
#[serde(untagged)]
enum NumOrString {
    Int(i64),
    Float(f64),
    Str(String),
}

pub(super) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match NumOrString::deserialize(d)? {
        NumOrString::Int(n) => Ok(n),
        NumOrString::Float(f) if f.fract() == 0.0 => Ok(f as i64),
        NumOrString::Str(s) if s.trim().is_empty() => Ok(0),
        NumOrString::Str(s) => s
            .trim()
            .parse()
            .map_err(|_| de::Error::custom(format!("expected an integer, got {s:?}"))),
        NumOrString::Float(f) => Err(de::Error::custom(format!("expected an integer, got {f}"))),
    }
}

pub(super) fn float<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    match NumOrString::deserialize(d)? {
        NumOrString::Int(n) => Ok(n as f64),
        NumOrString::Float(f) => Ok(f),
        NumOrString::Str(s) if s.trim().is_empty() => Ok(0.0),
        NumOrString::Str(s) => s
            .trim()
            .parse()
            .map_err(|_| de::Error::custom(format!("expected a number, got {s:?}"))),
    }
}

/// OpenCart fills absent optional text with "" (or null): both mean "none".
pub(super) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Text {
        S(String),
        N(i64),
        F(f64),
    }
    Ok(match Option::<Text>::deserialize(d)? {
        None => None,
        Some(Text::S(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Some(Text::N(n)) => Some(n.to_string()),
        Some(Text::F(f)) => Some(f.to_string()),
    })
}
