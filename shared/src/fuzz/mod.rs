//! Fuzzing of every parser of outside input (issue 18, item 2).
//!
//! No coverage-guided fuzzer builds here (no cargo-afl, no libfuzzer), so a
//! proptest harness drives each parser with arbitrary bytes and with
//! mutations of valid seed bodies taken from the tests. Every case asserts
//! that the parser returns (Ok or its typed error) and never panics; a
//! panic fails the test and proptest shrinks the input.
//!
//! Cases: `PROPTEST_CASES` (default `fuzz_input::CI_CASES`, chosen so the whole module
//! stays well under 20 s in a debug build on 2 cores). Long run:
//! `PROPTEST_CASES=20000 cargo test -p synclane --lib fuzz`.

mod answers;
mod config;
mod hooks;
