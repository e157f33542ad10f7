//! CRM users and tasks, for MS-C1 (a manager's e-mail and phone) and MS-B7
//! (a task for the chosen user when the integration has a problem).
//!
//! Contract (github.com/retailcrm/api-client-go `client.go`, `types.go`,
//! `filters.go`; api-client-php `Model/Entity/Tasks/Task.php`,
//! `Enum/Tasks/TaskStatus.php`): `GET /users/{id}` → `user {id, firstName,
//! lastName, email, phone, active}`; `POST /tasks/create` with
//! `task={text, commentary, performerId, order{id}}` → `{id}`;
//! `GET /tasks?filter[performers][]=&filter[status]=performing|completed&filter[text]=`
//! → `tasks[] {id, text, complete, performer}`.

use super::client::RetailCrm;
use super::errors::none_if_not_found;
use super::wire::{IdAnswer, Paged, Pagination, to_field};
use crate::error::Result;
use serde::Deserialize;
use serde_json::json;

/// A CRM user (a manager), as MS-C1 matches employees by it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CrmUser {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A task as listed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CrmTask {
    pub id: i64,
    pub text: String,
    pub complete: bool,
}

#[derive(Deserialize)]
struct UserAnswer {
    user: CrmUser,
}

#[derive(Deserialize)]
struct TasksAnswer {
    #[serde(default)]
    tasks: Vec<CrmTask>,
    #[serde(default)]
    pagination: Option<Pagination>,
}

impl Paged for TasksAnswer {
    type Item = CrmTask;
    fn into_parts(self) -> (Vec<CrmTask>, Option<Pagination>) {
        (self.tasks, self.pagination)
    }
}

impl RetailCrm {
    /// `GET /users/{id}`; `None` when there is no such user.
    pub async fn user(&self, id: i64) -> Result<Option<CrmUser>> {
        let answer = self
            .get::<UserAnswer>(&format!("users/{id}"), Vec::new())
            .await;
        Ok(none_if_not_found(answer)?.map(|a| a.user))
    }

    /// The tasks of `performer` still being performed whose text contains `text`.
    pub async fn open_tasks(&self, performer: i64, text: &str) -> Result<Vec<CrmTask>> {
        let query = vec![
            ("filter[performers][]".into(), performer.to_string()),
            ("filter[status]".into(), "performing".into()),
            ("filter[text]".into(), text.into()),
        ];
        let tasks = self.get_all::<TasksAnswer>("tasks", query).await?;
        // The filter is a substring search: keep what really carries `text`.
        Ok(tasks
            .into_iter()
            .filter(|t| !t.complete && t.text.contains(text))
            .collect())
    }

    /// `POST /tasks/create`: a task for `performer`; returns its id.
    pub async fn task_create(&self, performer: i64, text: &str, commentary: &str) -> Result<i64> {
        let task = json!({"text": text, "commentary": commentary, "performerId": performer});
        let form = vec![("task".into(), to_field(&task))];
        Ok(self.post::<IdAnswer>("tasks/create", form).await?.id)
    }
}
