//! MS-C1: the order's manager travels as a MoySklad "employee" attribute.
//!
//! The CRM manager is matched to a MoySklad employee by e-mail and phone,
//! both of which must be filled on both sides (the seed: "для корректной
//! передачи менеджера необходимо, чтобы поля e-mail и телефон были
//! заполнены на стороне системы и МойСклад"); phones compare after
//! normalisation. A manager with no such employee is journalled: MoySklad's
//! API does not create employees. The manager never comes back from
//! MoySklad (MS-M12 reverse skips the attribute).

use super::phone::same_number;
use crate::connectors::moysklad::NamedRef;
use crate::connectors::retailcrm::CrmUser;

/// The id of the employee among `employees` (found by e-mail) who is `user`.
pub fn employee_of(user: &CrmUser, employees: &[NamedRef]) -> Result<String, String> {
    let (Some(email), Some(phone)) = (
        user.email.as_deref().filter(|e| !e.trim().is_empty()),
        user.phone.as_deref().filter(|p| !p.trim().is_empty()),
    ) else {
        return Err(format!(
            "MS-C1: CRM manager {} needs both an e-mail and a phone to be matched",
            user.id
        ));
    };
    employees
        .iter()
        .find(|e| {
            e.email
                .as_deref()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case(email.trim()))
                && e.phone.as_deref().is_some_and(|p| same_number(p, phone))
        })
        .and_then(|e| e.id.clone())
        .ok_or_else(|| {
            format!(
                "MS-C1: no MoySklad employee with e-mail {email:?} and phone {phone:?} for CRM \
                 manager {}; employees are not created",
                user.id
            )
        })
}
