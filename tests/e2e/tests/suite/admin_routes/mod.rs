//! Who reaches which admin route, on both backends (SQLite; DynamoDB on
//! moto behind the sealing store), walked from `/admin/openapi.json` so a
//! new route cannot skip the checks (`walk`); tenant keys shown once and
//! stored hashed, rotated and revoked (`keys`); failed sign-ins limited per
//! source (`sign_in`).

mod harness;
mod keys;
mod sign_in;
mod walk;
