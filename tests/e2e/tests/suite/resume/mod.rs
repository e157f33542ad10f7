//! Issue 10: every flow's handler is resumable (a redelivered message
//! finishes each step its earlier delivery did not, and repeats none it
//! did), a claim whose owner died never dead-letters the orders waiting on
//! it, and each retried failure is journalled.
//!
//! Each test fails one of the flow's last peer writes (long enough to use
//! up the connector's in-process retries, so the message itself fails and
//! is redelivered) and checks the end state: every record once, every link
//! and secondary record in place, no dead letter.

mod claims;
mod crm_moysklad;
mod opencart_crm;
mod retail;
mod stock;
