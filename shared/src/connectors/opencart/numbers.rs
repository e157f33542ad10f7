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

/// An id or a count: a JSON integer, or a string holding one ("" is 0).
/// Anything else is refused, a float or an integer out of range included:
/// `9223372036854775808` or `1e19` must not become `i64::MAX`, nor `1e3`
/// order 1000 (distinct shop records would merge into one).
pub(super) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct Int;
    impl de::Visitor<'_> for Int {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer, or a string holding one")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom(format!("integer {v} is out of range")))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
            Err(E::custom(format!("expected an integer, got {v}")))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<i64, E> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(0);
            }
            s.parse()
                .map_err(|_| E::custom(format!("expected an integer, got {s:?}")))
        }
    }
    d.deserialize_any(Int)
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

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Id {
        #[serde(deserialize_with = "super::int")]
        id: i64,
    }

    fn parse(raw: &str) -> Result<i64, String> {
        serde_json::from_str::<Id>(raw)
            .map(|v| v.id)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn ids_are_exact_integers_in_range() {
        assert_eq!(parse(r#"{"id": 42}"#), Ok(42));
        assert_eq!(parse(r#"{"id": "42"}"#), Ok(42));
        assert_eq!(parse(r#"{"id": ""}"#), Ok(0));
        assert_eq!(parse(r#"{"id": 9223372036854775807}"#), Ok(i64::MAX));
        for refused in [
            r#"{"id": 9223372036854775808}"#,
            r#"{"id": 18446744073709551616}"#,
            r#"{"id": 1e19}"#,
            r#"{"id": 1e3}"#,
            r#"{"id": 42.0}"#,
            r#"{"id": "9223372036854775808"}"#,
            r#"{"id": "1e3"}"#,
        ] {
            assert!(parse(refused).is_err(), "{refused} must be refused");
        }
    }
}
