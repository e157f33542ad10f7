//! MS-B7: integration problems become a task for the chosen CRM user.
//!
//! A problem is something only the merchant can fix: MoySklad refusing our
//! credentials first (the seed: "в первую очередь проблемы, связанные с
//! авторизационными данными системы МойСклад"), then MoySklad refusing the
//! account's rights or tariff (403). Each has a stable code carried in the
//! task's text, so an open task is found again and at most one is open per
//! problem, however many messages hit it.

use crate::error::Error;

/// One kind of problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable, in the task text: `[Synclane moysklad-auth]`.
    pub code: &'static str,
    pub text: String,
}

impl Problem {
    /// What an open task of this problem contains.
    pub fn marker(&self) -> String {
        format!("[Synclane {}]", self.code)
    }

    /// The task's text.
    pub fn task_text(&self) -> String {
        format!("{} {}", self.marker(), self.text)
    }
}

/// The problem `err` is, if it is one the merchant must fix.
pub fn problem_of(err: &Error) -> Option<Problem> {
    match err {
        Error::PeerAuth {
            peer: "moysklad",
            message,
        } => Some(Problem {
            code: "moysklad-auth",
            text: format!(
                "MoySklad refused the integration's credentials: {message}. Check the token in the MoySklad settings."
            ),
        }),
        Error::PeerRejected {
            peer: "moysklad",
            status: 403,
            message,
        } => Some(Problem {
            code: "moysklad-access",
            text: format!("MoySklad refused access (rights or tariff): {message}."),
        }),
        _ => None,
    }
}
