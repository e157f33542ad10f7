//! Phone matching. Merchants type the same number in many ways
//! (`8 (903) 123-45-67`, `+7 903 123 45 67`, `79031234567`), so numbers are
//! compared by digits only.
//!
//! Choice: two numbers are the same when their last 10 digits are equal. Ten
//! digits is a full national number in Russia and the rest of the +7 zone
//! (and in North America), so the trunk prefix `8` and the country code `+7`
//! drop out. Numbers shorter than 10 digits are compared whole. The cost: two
//! numbers from different countries sharing their last 10 digits would match;
//! for one merchant's customer base that is accepted.

/// The comparison key of a phone number: its last 10 digits (all digits if
/// fewer); `None` when it has no digits at all.
pub fn phone_key(raw: &str) -> Option<String> {
    let digits: Vec<char> = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let start = digits.len().saturating_sub(10);
    Some(digits[start..].iter().collect())
}

/// Whether two phone numbers are the same number (see the module docs).
pub fn same_phone(a: &str, b: &str) -> bool {
    matches!((phone_key(a), phone_key(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_prefix_and_country_code_match() {
        assert!(same_phone("8 (903) 123-45-67", "+79031234567"));
        assert!(same_phone("+7 903 123 45 67", "9031234567"));
        assert!(!same_phone("+79031234567", "+79031234568"));
        assert!(!same_phone("", ""));
        assert_eq!(phone_key("12-34"), Some("1234".into()));
    }
}
