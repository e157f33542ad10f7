//! The canonical model that sits between peers. Each connector maps its peer
//! to and from these types; rules only ever see these types.

mod envelope;
mod ids;
mod order;
mod party;

pub use envelope::{Envelope, EventKind};
pub use ids::{EntityKind, System, TenantId};
pub use order::{Order, OrderBuyer, OrderLine};
pub use party::{Address, BankAccount, Company, CorporateCustomer, Customer, LegalDetails, Person};
