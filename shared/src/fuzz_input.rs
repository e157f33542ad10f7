//! The fuzz harness (issue 18, item 2): the inputs and the config every
//! fuzz test shares. A leaf module apart from `crate::fuzz`, so connectors
//! whose wire types are private can fuzz them in place without a module
//! cycle (`infra/import_cycles.py`).

use proptest::prelude::*;

/// Cases per test in CI; `PROPTEST_CASES` overrides it for long runs.
const CI_CASES: u32 = 1024;

/// The proptest config of every fuzz test. `with_cases` would otherwise
/// ignore `PROPTEST_CASES`, so the variable is read here.
pub(crate) fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CI_CASES);
    ProptestConfig {
        cases,
        // Inputs are cheap; a failure's shrink should not run for minutes.
        max_shrink_iters: 2048,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// 10,000 levels: far past serde_json's recursion limit (128), so a parser
/// that recursed on its own would overflow the test thread's stack.
pub(crate) fn deep(open: &str) -> Vec<u8> {
    open.repeat(10_000).into_bytes()
}

/// Pieces inserted into seeds: the shapes that break hand-written readers.
fn tokens() -> Vec<Vec<u8>> {
    let long = format!("\"{}\"", "x".repeat(100_000));
    vec![
        b"[]".to_vec(),
        b"{}".to_vec(),
        b"1e400".to_vec(),
        b"-1e400".to_vec(),
        b"18446744073709551616".to_vec(),
        b"9223372036854775808".to_vec(),
        b"-9223372036854775809".to_vec(),
        b"1e19".to_vec(),
        b"0.5".to_vec(),
        b"null".to_vec(),
        b"\"\"".to_vec(),
        b"\0".to_vec(),
        b"\xff\xfe\xc3".to_vec(),
        b"\\ud800".to_vec(),
        b"\"".to_vec(),
        b",".to_vec(),
        b"\n".to_vec(),
        b"%".to_vec(),
        b"&a[=".to_vec(),
        long.into_bytes(),
        deep("["),
        deep("{\"a\":"),
    ]
}

/// One edit of a seed; positions are taken modulo its length.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, usize),
    Remove(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(p, t)| Edit::Insert(p, t)),
        (any::<usize>(), 1..16usize).prop_map(|(p, n)| Edit::Remove(p, n)),
    ]
}

fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let tokens = tokens();
    let mut out = seed.to_vec();
    for e in edits {
        let at = |p: usize, len: usize| if len == 0 { 0 } else { p % (len + 1) };
        match *e {
            Edit::Flip(p, b) if !out.is_empty() => {
                let i = p % out.len();
                out[i] ^= b.max(1);
            }
            Edit::Flip(..) => {}
            Edit::Truncate(p) => out.truncate(at(p, out.len())),
            Edit::Insert(p, t) => {
                let i = at(p, out.len());
                let tok = &tokens[t % tokens.len()];
                out.splice(i..i, tok.iter().copied());
            }
            Edit::Remove(p, n) => {
                let i = at(p, out.len());
                let end = (i + n).min(out.len());
                out.drain(i..end);
            }
        }
    }
    out
}

/// Arbitrary bytes, or a seed with one to four edits.
pub(crate) fn input(seeds: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..512),
        3 => (0..seeds.len(), proptest::collection::vec(edit(), 1..5))
            .prop_map(move |(s, edits)| apply(seeds[s].as_bytes(), &edits)),
    ]
}

#[test]
fn seeds_mutate_into_every_token() {
    // The harness itself: an insert really places the deep nesting.
    let out = apply(b"{}", &[Edit::Insert(1, tokens().len() - 2)]);
    assert_eq!(out.len(), 10_002);
}
