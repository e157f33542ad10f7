//! WordPress roles, for `Deactivation::Role`. WooCommerce's customer `role`
//! is read-only, so the role is set through WordPress's users API:
//! `POST /wp-json/wp/v2/users/{id}` with `{"roles":[role]}`, authenticated by
//! a WordPress user's application password (Basic), never the WooCommerce key.
//!
//! Answers (`class-wp-rest-users-controller.php`): unknown user 404
//! `rest_user_invalid_id`; unknown role 400 `rest_user_invalid_role`; a user
//! without `promote_users` 403 `rest_cannot_edit_roles`; a wrong application
//! password 401 `incorrect_password`.

use super::client::{Credentials, WooCommerce};
use super::errors::none_if_not_found;
use crate::error::{Error, Result};
use crate::settings::Deactivation;
use reqwest::Method;
use serde_json::{Value, json};

impl WooCommerce {
    /// Gives user `id` exactly the role `role`. `Ok(false)` if the user does
    /// not exist. Refused unless the tenant deactivates by role (the
    /// credentials live there).
    pub async fn set_role(&self, id: i64, role: &str) -> Result<bool> {
        let Deactivation::Role {
            wp_user,
            application_password,
            ..
        } = &self.settings.deactivation
        else {
            return Err(Error::Invalid(
                "roles are set only when the tenant deactivates WooCommerce accounts by role"
                    .into(),
            ));
        };
        let url = self.url("wp/v2", &format!("users/{id}"));
        let who = Credentials::WordPress {
            user: wp_user,
            password: application_password,
        };
        let answer = self
            .send::<Value>(
                Method::POST,
                &url,
                Vec::new(),
                Some(json!({"roles": [role]})),
                who,
                None,
            )
            .await;
        Ok(none_if_not_found(answer)?.is_some())
    }
}
