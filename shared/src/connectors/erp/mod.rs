//! The ERP contact feed (EBP Gestion Commerciale style): third parties and
//! their contacts, posted to us as JSON or uploaded as CSV. No I/O here: the
//! parsers turn a body into canonical [`ThirdParty`] records or say, all at
//! once, everything that is wrong with it.
//!
//! EBP has no public feed format, so Synclane defines a neutral one (see
//! DESIGN.md, "ERP"): `{"third_parties": [{tiers_id, updated_at, active,
//! web_mode, company, last_name, first_name, email, phone, mobile,
//! billing_address{line1, line2, postcode, city, country}, contacts:
//! [{contact_id, is_web_contact, last_name, first_name, email, phone}]}]}`.
//! A feed is accepted whole or refused whole: a half-applied upload would
//! leave the merchant guessing which rows went through.
//!
//! Files by concern: `model` (the canonical records), `draft` (the shared
//! checks every parser ends with), `json` (the JSON body), `csv_upload` (the
//! CSV upload and its columns).

mod csv_upload;
mod draft;
mod json;
mod model;

pub use csv_upload::{COLUMNS, parse_csv};
pub use json::parse_json;
pub use model::{BillingAddress, Contact, FeedError, ThirdParty, WebMode};
