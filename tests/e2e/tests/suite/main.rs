//! One integration-test binary for the conformance suites: the same contract
//! tests run against every implementation of the `Store` and `Queue` ports.
//!
//! The AWS variants need a local AWS endpoint: run `bash infra/test.sh`.

mod queue_conformance;
mod store_conformance;
mod support;
