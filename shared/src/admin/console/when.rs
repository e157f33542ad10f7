//! Times and query strings as the console's pages write them.

/// Unix ms as `YYYY-MM-DD HH:MM:SS` UTC.
pub fn when(at_ms: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    at.format(format).unwrap_or_default()
}

/// `&name=value…` (URL-encoded) for the pairs whose value is not empty.
pub fn query(pairs: &[(&str, Option<&str>)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (*k, v)))
        .collect();
    match serde_urlencoded::to_string(kept) {
        Ok(s) if !s.is_empty() => format!("&{s}"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_queries() {
        assert_eq!(when(1_795_176_000_000), "2026-11-20 12:00:00");
        assert_eq!(
            query(&[("q", Some("a b&c")), ("level", Some("")), ("flow", None)]),
            "&q=a+b%26c"
        );
    }
}
