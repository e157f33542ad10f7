//! Phone numbers for counterparty matching (MS-B2).
//!
//! MoySklad's `filter=phone=` matches only identical strings, so the
//! reference integration cannot find `8 (903) 123-45-67` by `+79031234567`.
//! Choice (written down per RULES.md): numbers are compared in E.164; to find
//! candidates we ask MoySklad for the number as typed and for the renderings
//! merchants use in the +7 zone (E.164, `8XXXXXXXXXX`, `8 (XXX) XXX-XX-XX`,
//! `+7 (XXX) XXX-XX-XX`, `+7 XXX XXX-XX-XX`), one exact filter each, stopping
//! at the first hit, and keep only candidates whose number normalises to the
//! same E.164. Listing every counterparty would be exact for any format but
//! costs the whole account per lookup; a handful of exact filters costs at
//! most six calls and only when tax id and e-mail found nothing.

/// The number in E.164 (`+79031234567`). Ten national digits or a leading
/// trunk `8` are read as Russian (+7), the CRM's and MoySklad's home zone;
/// `None` when there are too few digits to be a phone number.
pub fn e164(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let international = raw.trim_start().starts_with('+');
    match digits.len() {
        10 if !international => Some(format!("+7{digits}")),
        11 if !international && (digits.starts_with('8') || digits.starts_with('7')) => {
            Some(format!("+7{}", &digits[1..]))
        }
        8..=15 => Some(format!("+{digits}")),
        _ => None,
    }
}

/// Whether two numbers are the same after normalisation.
pub fn same_number(a: &str, b: &str) -> bool {
    matches!((e164(a), e164(b)), (Some(x), Some(y)) if x == y)
}

/// Strings to look a number up by, exact-match, most likely first.
pub fn lookup_variants(raw: &str) -> Vec<String> {
    let mut out = vec![raw.trim().to_owned()];
    if let Some(n) = e164(raw) {
        out.push(n.clone());
        if let Some(national) = n.strip_prefix("+7").filter(|d| d.len() == 10) {
            let (a, b, c, d) = (
                &national[..3],
                &national[3..6],
                &national[6..8],
                &national[8..],
            );
            out.push(format!("8{national}"));
            out.push(format!("8 ({a}) {b}-{c}-{d}"));
            out.push(format!("+7 ({a}) {b}-{c}-{d}"));
            out.push(format!("+7 {a} {b}-{c}-{d}"));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|v| !v.is_empty() && !v.contains(';') && seen.insert(v.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ms_b2_phones_match_after_normalisation() {
        assert_eq!(e164("8 (903) 123-45-67").as_deref(), Some("+79031234567"));
        assert_eq!(e164("+7 903 123 45 67").as_deref(), Some("+79031234567"));
        assert_eq!(e164("9031234567").as_deref(), Some("+79031234567"));
        assert!(same_number("+79031234567", "8 (903) 123-45-67"));
        assert!(!same_number("+79031234567", "+79031234568"));
        assert_eq!(e164("12-34"), None);
        let v = lookup_variants("+79031234567");
        assert!(v.contains(&"8 (903) 123-45-67".to_owned()), "{v:?}");
        assert_eq!(v[0], "+79031234567");
    }
}
