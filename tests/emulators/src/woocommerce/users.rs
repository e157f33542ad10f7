//! WordPress's users API, the part role deactivation uses:
//! `POST /wp/v2/users/{id}` with `{"roles":[..]}` (`WP_REST_Users_Controller`).
//! Only the configured administrator's application password may call it.

use super::auth::Who;
use super::request::{Answer, ApiError, Reply};
use super::state::State;
use serde_json::{Map, Value, json};

pub(crate) fn update(st: &mut State, who: Who, id: i64, body: &Map<String, Value>) -> Answer {
    let Some(i) = st.index(id) else {
        return Err(ApiError::new(
            404,
            "rest_user_invalid_id",
            "Invalid user ID.",
        ));
    };
    if who == Who::Anonymous {
        return Err(ApiError::new(
            401,
            "rest_cannot_edit",
            "Sorry, you are not allowed to edit this user.",
        ));
    }
    if let Some(roles) = body.get("roles") {
        let Some(roles) = roles.as_array().filter(|r| r.iter().all(Value::is_string)) else {
            return Err(ApiError::invalid_param("roles"));
        };
        for r in roles {
            let r = r.as_str().unwrap_or_default();
            if !st.roles.iter().any(|k| k == r) {
                return Err(ApiError::new(
                    400,
                    "rest_user_invalid_role",
                    format!("The role {r} does not exist."),
                ));
            }
        }
        // WordPress keeps one primary role; WooCommerce shows it as `role`.
        if let Some(first) = roles.first() {
            st.customers[i]["role"] = first.clone();
        }
    }
    let c = &st.customers[i];
    Ok(Reply::json(json!({
        "id": id, "username": c["username"], "email": c["email"],
        "roles": [c["role"]],
    })))
}
