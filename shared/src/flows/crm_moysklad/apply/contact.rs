//! MS-C2: the order of a corporate customer is placed on its contact person.
//! MoySklad's customer order has no contact-person field (JSON API 1.2,
//! `customerorder` attributes), so the order's `agent` is the corporate
//! counterparty and the CRM order's contact person is kept among that
//! counterparty's contact persons: added when missing, never twice.

use super::context::Ctx;
use crate::connectors::moysklad::mapping::contact_from_person;
use crate::error::Result;
use crate::flows::crm_moysklad::rules::counterparty::has_contact;
use crate::flows::journal;
use crate::model::Person;
use crate::store::Store;

/// Adds `person` to counterparty `counterparty_id`'s contact persons unless
/// it is there. Failing to add it is journalled: like MS-B2, it does not
/// stop the order.
pub(super) async fn ensure(
    store: &Store,
    ctx: &Ctx,
    crm_order_id: i64,
    counterparty_id: &str,
    person: &Person,
) -> Result<()> {
    if person.full_name().is_empty() {
        return Ok(());
    }
    let existing = ctx.ms.contact_persons(counterparty_id).await?;
    if has_contact(&existing, person) {
        return Ok(());
    }
    let contact = contact_from_person(person);
    if let Err(e) = ctx
        .ms
        .contact_person_create(counterparty_id, &contact)
        .await
    {
        let message = format!("MS-C2: contact person not added to the counterparty: {e}");
        journal::note(
            store,
            &ctx.settings,
            "order",
            &crm_order_id.to_string(),
            &message,
        )
        .await;
    }
    Ok(())
}
