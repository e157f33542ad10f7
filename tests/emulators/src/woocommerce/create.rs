//! `POST /wc/v3/customers` and batch creates: the route's argument checks
//! and `wc_create_new_customer` (9.4+: a missing username or password is
//! generated; the "New account" e-mail goes out when the shop enables it,
//! with a set-password link when the shop made the password).

use super::customers::{ADDRESS, apply_fields};
use super::request::{ApiError, is_email};
use super::state::{NewAccountEmail, State};
use serde_json::{Map, Value, json};

/// `POST /customers` (and a batch `create` item).
pub(crate) fn create(
    st: &mut State,
    body: &Map<String, Value>,
    single: bool,
) -> Result<Value, ApiError> {
    if single {
        create_args(st, body)?;
    }
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    if body.get("id").is_some_and(|v| !v.is_null() && v != 0) {
        return Err(ApiError::new(
            400,
            "woocommerce_rest_customer_exists",
            "Cannot create existing resource.",
        ));
    }
    let email = text("email").unwrap_or_default().to_owned();
    if !is_email(&email) {
        return Err(ApiError::new(
            400,
            "registration-error-invalid-email",
            "Please provide a valid email address.",
        ));
    }
    if st.email_owner(&email).is_some() {
        return Err(ApiError::new(
            400,
            "registration-error-email-exists",
            format!(
                "An account is already registered with {email}. Please log in or use a different email address."
            ),
        ));
    }
    let username = match text("username") {
        Some(u) => u.to_owned(),
        None => new_username(st, &email),
    };
    if st.username_taken(&username) {
        return Err(ApiError::new(
            400,
            "registration-error-username-exists",
            "An account is already registered with that username. Please choose another.",
        ));
    }
    let generated = text("password").is_none();
    let id = st.user_id();
    let password = text("password")
        .map(str::to_owned)
        .unwrap_or_else(|| format!("generated-{id}"));
    let blank: Map<String, Value> = ADDRESS.iter().map(|k| (k.to_string(), json!(""))).collect();
    let mut record = json!({
        "id": id, "date_created": "2024-05-01T10:00:00", "date_created_gmt": "2024-05-01T08:00:00",
        "date_modified": "2024-05-01T10:00:00", "date_modified_gmt": "2024-05-01T08:00:00",
        "email": email, "first_name": "", "last_name": "", "role": "customer", "username": username,
        "billing": blank, "shipping": blank, "is_paying_customer": false,
        "avatar_url": "https://secure.gravatar.com/avatar/?s=96&d=mm&r=g", "meta_data": [],
    });
    record["shipping"]
        .as_object_mut()
        .map(|s| s.remove("email"));
    apply_fields(st, &mut record, body);
    st.passwords.insert(id, password);
    if st.options.new_account_email {
        st.emails.push(NewAccountEmail {
            to: email,
            set_password_link: generated,
        });
    }
    st.push_customer(record.clone());
    Ok(record)
}

/// The route's argument checks, which WordPress runs before the permission
/// callback: `email` required and an e-mail; `password` required unless the
/// shop generates passwords.
pub(crate) fn create_args(st: &State, body: &Map<String, Value>) -> Result<(), ApiError> {
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let Some(email) = text("email") else {
        return Err(ApiError::missing_param("email"));
    };
    if !is_email(email) {
        return Err(ApiError::invalid_param("email"));
    }
    if text("password").is_none() && !st.options.generate_password {
        return Err(ApiError::missing_param("password"));
    }
    Ok(())
}

/// `wc_create_new_customer_username` from the e-mail's local part.
fn new_username(st: &State, email: &str) -> String {
    let base = email
        .split('@')
        .next()
        .unwrap_or("user")
        .to_ascii_lowercase();
    let mut name = base.clone();
    let mut n = 1;
    while st.username_taken(&name) {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}
