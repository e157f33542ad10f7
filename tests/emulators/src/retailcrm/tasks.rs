//! `/users/{id}` and `/tasks`: the account's users (managers) and tasks set
//! for them (github.com/retailcrm/api-client-go `client.go` `User`,
//! `TaskCreate`, `Tasks`; api-client-php `Entity/Tasks/Task.php`,
//! `Enum/Tasks/TaskStatus.php`).
//!
//! A task needs `text` and a `performerId` that is a user of the account
//! (`400 Task is not loaded` otherwise); it starts not `complete`. Lists
//! take `filter[performers][]`, `filter[status]` (`performing` or
//! `completed`) and `filter[text]` (a substring), paged like every list.

use super::request::{Answer, ApiError, Req, paginate, same_id};
use super::state::State;
use serde_json::{Value, json};

/// `GET /users/{id}`.
pub(crate) fn user(st: &State, id: &str) -> Answer {
    let user = st
        .users
        .iter()
        .find(|u| same_id(&u["id"], id))
        .ok_or_else(ApiError::not_found)?;
    Ok(json!({"success": true, "user": user}))
}

/// `POST /tasks/create`.
pub(crate) fn create(st: &mut State, req: &Req) -> Answer {
    let mut task = req.entity("task")?;
    let refuse = |field: &str, message: &str| {
        Err(ApiError::new(400, "Task is not loaded").with(field, message))
    };
    if task
        .get("text")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return refuse("text", "This value should not be blank.");
    }
    let performer = task.get("performerId").and_then(Value::as_i64);
    if !performer.is_some_and(|p| st.users.iter().any(|u| u["id"] == p)) {
        return refuse("performerId", "User not found.");
    }
    let id = st.part_id();
    task.insert("id".into(), json!(id));
    task.insert("performer".into(), json!(performer));
    task.insert("complete".into(), json!(false));
    st.tasks.push(Value::Object(task));
    Ok(json!({"success": true, "id": id}))
}

/// `GET /tasks`.
pub(crate) fn list(st: &State, req: &Req) -> Answer {
    let performers = req.params_all("filter[performers][]");
    let status = req.param("filter[status]");
    let text = req.param("filter[text]");
    let tasks = st
        .tasks
        .iter()
        .filter(|t| {
            performers.is_empty() || performers.contains(&t["performer"].to_string().as_str())
        })
        .filter(|t| match status {
            Some("performing") => t["complete"] == false,
            Some("completed") => t["complete"] == true,
            _ => true,
        })
        .filter(|t| text.is_none_or(|x| t["text"].as_str().is_some_and(|s| s.contains(x))))
        .cloned()
        .collect();
    paginate(req, "tasks", tasks)
}

/// `GET /tasks/{id}`.
pub(crate) fn get(st: &State, id: &str) -> Answer {
    let task = st
        .tasks
        .iter()
        .find(|t| same_id(&t["id"], id))
        .ok_or_else(ApiError::not_found)?;
    Ok(json!({"success": true, "task": task}))
}

impl super::RetailCrmEmulator {
    /// A user (manager) of the account.
    pub fn seed_user(&self, id: i64, first: &str, last: &str, email: &str, phone: &str) {
        self.lock()
            .users
            .push(json!({"id": id, "firstName": first, "lastName": last,
            "email": email, "phone": phone, "active": true, "isManager": true}));
    }

    /// Every task, as the API shows them.
    pub fn tasks(&self) -> Vec<Value> {
        self.lock().tasks.clone()
    }

    /// The user marks task `id` done in the UI.
    pub fn complete_task(&self, id: i64) {
        let mut st = self.lock();
        if let Some(t) = st.tasks.iter_mut().find(|t| t["id"] == id) {
            t["complete"] = json!(true);
        }
    }
}
