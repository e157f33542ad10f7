//! The RetailCRM connector against the RetailCRM emulator: that they agree on
//! the protocol, and that the emulator enforces the CRM's contract.

mod contract;
mod corporate;
mod custom_fields;
mod customers;
mod faults;
mod orders;
mod php_shapes;

use std::time::Duration;
use synclane::connectors::RetryPolicy;
use synclane::connectors::retailcrm::RetailCrm;
use synclane::model::{Address, Customer, Person};
use synclane::secret::Secret;
use synclane::settings::RetailCrmSettings;
use synclane_emulators::RetailCrmEmulator;

pub const KEY: &str = "test-key-1";
pub const SITE: &str = "opencart";

/// An emulator with two sites and a connector on the first one.
pub async fn setup() -> (RetailCrmEmulator, RetailCrm) {
    let emu = RetailCrmEmulator::start(KEY, &[SITE, "other-shop"]).await;
    let crm = connector(&emu.base_url(), KEY);
    (emu, crm)
}

/// A connector with short retry pauses, so fault tests stay fast.
pub fn connector(base_url: &str, key: &str) -> RetailCrm {
    let settings = RetailCrmSettings {
        base_url: base_url.to_owned(),
        api_key: Secret::new(key),
        site: SITE.to_owned(),
        corporate_customers: true,
        requests_per_second: 10,
    };
    let retry = RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(100),
    };
    RetailCrm::new(reqwest::Client::new(), settings)
        .with_retry(retry)
        .with_timeout(Duration::from_secs(5))
}

pub fn person(first: &str, last: &str, email: &str, phone: &str) -> Person {
    Person {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        patronymic: None,
        email: Some(email.into()),
        phone: Some(phone.into()),
    }
}

pub fn customer(first: &str, last: &str, email: &str, phone: &str) -> Customer {
    Customer {
        person: person(first, last, email, phone),
        address: None,
    }
}

pub fn address(city: &str, line1: &str) -> Address {
    Address {
        country_iso: Some("RU".into()),
        city: Some(city.into()),
        postcode: Some("101000".into()),
        line1: Some(line1.into()),
        ..Address::default()
    }
}
