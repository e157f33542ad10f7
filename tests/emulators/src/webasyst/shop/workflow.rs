//! Shop-Script's default order workflow, as `lib/config/data/workflow.php`
//! has it: each state's available actions, and where each action leads.
//! Two tweaks the workflow classes make are kept: `restore` leads back to
//! the state before deletion (`shopWorkflowRestoreAction`), and actions
//! with a form in the backend (`getHTML`) say `data_required`.

/// `(state, actions available in it)`.
pub(crate) const STATES: &[(&str, &[&str])] = &[
    (
        "new",
        &[
            "process",
            "initpay",
            "pay",
            "fulfilling",
            "ship",
            "complete",
            "comment",
            "edit",
            "editcode",
            "editshippingdetails",
            "message",
            "delete",
            "sendpin",
        ],
    ),
    (
        "processing",
        &[
            "initpay",
            "pay",
            "fulfilling",
            "ship",
            "complete",
            "comment",
            "edit",
            "editcode",
            "editshippingdetails",
            "message",
            "delete",
            "sendpin",
        ],
    ),
    (
        "auth",
        &["capture", "cancel", "comment", "message", "sendpin"],
    ),
    (
        "paid",
        &[
            "fulfilling",
            "ship",
            "editcode",
            "editshippingdetails",
            "complete",
            "refund",
            "comment",
            "message",
            "sendpin",
        ],
    ),
    (
        "fulfilling",
        &[
            "ship",
            "editcode",
            "editshippingdetails",
            "complete",
            "comment",
            "delete",
            "message",
        ],
    ),
    (
        "shipped",
        &[
            "editcode",
            "editshippingdetails",
            "complete",
            "comment",
            "delete",
            "message",
            "sendpin",
        ],
    ),
    ("completed", &["editcode", "comment", "refund", "message"]),
    (
        "pos",
        &[
            "initpay",
            "complete",
            "comment",
            "edit",
            "editcode",
            "editshippingdetails",
            "message",
            "delete",
            "sendpin",
        ],
    ),
    (
        "pickup",
        &[
            "pickup",
            "initpay",
            "comment",
            "edit",
            "editcode",
            "editshippingdetails",
            "message",
            "delete",
            "sendpin",
        ],
    ),
    ("refunded", &["message"]),
    ("deleted", &["restore", "message"]),
];

/// `(action, the state it leads to, its name)`; actions without a state
/// leave the order where it is.
pub(crate) const ACTIONS: &[(&str, Option<&str>, &str)] = &[
    ("create", Some("new"), "Create"),
    ("process", Some("processing"), "Process"),
    ("pay", Some("paid"), "Paid"),
    ("initpay", None, "Initiate POS payment"),
    ("fulfilling", Some("fulfilling"), "Start fulfillment"),
    ("ship", Some("shipped"), "Sent"),
    ("refund", Some("refunded"), "Refund"),
    ("edit", None, "Edit order"),
    ("editcode", None, "Edit product codes"),
    ("editshippingdetails", None, "Edit shipping details"),
    ("delete", Some("deleted"), "Delete"),
    ("restore", None, "Restore"),
    ("complete", Some("completed"), "Mark as Completed"),
    ("message", None, "Contact customer"),
    ("comment", None, "Add comment"),
    ("capture", Some("paid"), "Capture payment"),
    ("cancel", Some("refunded"), "Cancel payment"),
    ("pickup", Some("pickup"), "Pick up"),
    ("sendpin", None, "Resend PIN"),
];

/// Actions that show a form in the backend.
const WITH_FORM: &[&str] = &[
    "ship",
    "refund",
    "delete",
    "comment",
    "message",
    "edit",
    "editcode",
    "editshippingdetails",
];

/// The actions `state` offers.
pub(crate) fn available(state: &str) -> &'static [&'static str] {
    STATES
        .iter()
        .find(|(s, _)| *s == state)
        .map(|(_, a)| *a)
        .unwrap_or(&[])
}

/// Where `action` leads, if anywhere.
pub(crate) fn target(action: &str) -> Option<&'static str> {
    ACTIONS
        .iter()
        .find(|(a, _, _)| *a == action)
        .and_then(|(_, s, _)| *s)
}

/// The action's name.
pub(crate) fn name(action: &str) -> &'static str {
    ACTIONS
        .iter()
        .find(|(a, _, _)| *a == action)
        .map(|(_, _, n)| *n)
        .unwrap_or("")
}

pub(crate) fn with_form(action: &str) -> bool {
    WITH_FORM.contains(&action)
}
