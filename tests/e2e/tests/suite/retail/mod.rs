//! MoySklad retail sales → CRM (MS-R1..MS-R4, MS-C3, MS-C5), end to end:
//! the MoySklad emulator fires the `retaildemand` CREATE webhook at our hook,
//! our MoySklad hook (`/hooks/{tenant}/moysklad/{token}`) acks and enqueues,
//! the worker drains the queue, and the assertions read the CRM emulator.

mod buyers;
mod dry_run;
mod fields;
mod orders;
mod switch;
pub(crate) mod world;
