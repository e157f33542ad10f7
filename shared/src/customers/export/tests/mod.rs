//! CM-4 tests: every format written from awkward rows and read back with an
//! independent parser (`csv`, `calamine`, `scraper`, quick-xml's reader),
//! then compared field by field with what was written.
//!
//! - `fixtures`: the rows and an in-memory `out`;
//! - `read`: the readers, each turning a file back into `CustomerRow`s;
//! - `round_trip`: one test per format, plus the head/structure checks;
//! - `prop`: CSV and XML round trips of arbitrary strings (proptest).

mod fixtures;
mod prop;
mod read;
mod round_trip;
