//! An in-process Webasyst CRM (one install with the CRM app): funnels,
//! contacts and deals behind the API methods Synclane calls (`deals`,
//! `contacts`), for tests and the benchmark. Test-side moves and closes
//! (`drag`, `close`) are a manager's in the CRM's kanban: they write a
//! history entry like an API move, and are not logged as API calls.

mod contacts;
mod deals;
mod state;

use super::api::{self, Answer, LoggedCall};
use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use state::{Contact, Deal, Funnel, Stage, State};
use std::sync::{Arc, Mutex, MutexGuard};

type SharedState = Arc<Mutex<State>>;

/// A running emulator; the server stops when this is dropped.
pub struct WebasystCrmEmulator {
    state: SharedState,
    base_url: String,
    server: tokio::task::JoinHandle<()>,
    faults: crate::faults::FaultInjector,
}

impl WebasystCrmEmulator {
    /// The chaos switch and counters of this emulator (off until enabled).
    pub fn chaos(&self) -> &crate::faults::FaultInjector {
        &self.faults
    }

    /// Starts on `127.0.0.1:0` with one API token of scope `crm`; the CRM
    /// knows the currencies RUB, USD and EUR.
    pub async fn start(token: &str) -> WebasystCrmEmulator {
        let state: SharedState = Arc::new(Mutex::new(State {
            token: token.to_owned(),
            currencies: vec!["RUB".into(), "USD".into(), "EUR".into()],
            ..State::default()
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let faults = crate::faults::FaultInjector::default();
        let app = faults.layer(
            axum::Router::new()
                .fallback(handle)
                .with_state(state.clone()),
        );
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        WebasystCrmEmulator {
            state,
            base_url,
            server,
            faults,
        }
    }

    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// A funnel with stages named `stages`, in order; returns its id and
    /// the stages' ids.
    pub fn add_funnel(&self, name: &str, stages: &[&str]) -> (i64, Vec<i64>) {
        let mut st = self.lock();
        let id = st.next();
        let stages: Vec<Stage> = stages
            .iter()
            .enumerate()
            .map(|(n, s)| Stage {
                id: st.next(),
                name: s.to_string(),
                number: n as i64,
            })
            .collect();
        let ids = stages.iter().map(|s| s.id).collect();
        st.funnels.push(Funnel {
            id,
            name: name.into(),
            stages,
        });
        (id, ids)
    }

    /// A contact made in the CRM; returns its id.
    pub fn add_contact(&self, name: &str, email: Option<&str>, phone: Option<&str>) -> i64 {
        let mut st = self.lock();
        let id = st.next();
        st.contacts.push(Contact {
            id,
            name: name.into(),
            emails: email.into_iter().map(str::to_owned).collect(),
            phones: phone.into_iter().map(str::to_owned).collect(),
        });
        id
    }

    /// A deal a manager made for `contact` in `stage`; returns its id.
    pub fn add_deal(&self, name: &str, contact: i64, stage: i64) -> i64 {
        let mut st = self.lock();
        let funnel = st.stage(stage).map(|(f, _)| f.id).expect("a known stage");
        let (id, now) = (st.next(), st.now());
        st.deals.push(Deal {
            id,
            name: name.into(),
            funnel_id: funnel,
            stage_id: stage,
            status: "OPEN".into(),
            contact_id: contact,
            description: String::new(),
            amount: None,
            currency_id: None,
            created: now,
            updated: now,
            last_log: now,
            external_id: None,
        });
        id
    }

    /// A manager drags deal `id` to `stage`.
    pub fn drag(&self, id: i64, stage: i64) -> bool {
        self.lock().move_to(id, stage)
    }

    /// A manager closes deal `id` as won or lost.
    pub fn close(&self, id: i64, won: bool) -> bool {
        self.lock().close(id, if won { "WON" } else { "LOST" })
    }

    /// The CRM's own Shop-Script link holds deal `id` (`external_id`
    /// `shop:<order>`), as inside one install.
    pub fn link_natively(&self, id: i64, order: i64) {
        if let Some(d) = self.lock().deal_mut(id) {
            d.external_id = Some(format!("shop:{order}"));
        }
    }

    /// The CRM's own mapping runs `action`, which needs a form, on a move
    /// to `stage` (a stage id, or `WON`/`LOST`).
    pub fn native_form(&self, stage: &str, action: &str) {
        self.lock().native_forms.insert(stage.into(), action.into());
    }

    /// Deal `id` as `crm.deal.info` shows it.
    pub fn deal(&self, id: i64) -> Option<Value> {
        let st = self.lock();
        st.deals
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.json(st.contact(d.contact_id), false, false))
    }

    /// Every deal, as `crm.deal.info` shows it, oldest first.
    pub fn deals(&self) -> Vec<Value> {
        let st = self.lock();
        st.deals
            .iter()
            .map(|d| d.json(st.contact(d.contact_id), false, false))
            .collect()
    }

    /// Every contact: `(id, name, e-mails)`.
    pub fn contacts(&self) -> Vec<(i64, String, Vec<String>)> {
        self.lock()
            .contacts
            .iter()
            .map(|c| (c.id, c.name.clone(), c.emails.clone()))
            .collect()
    }

    pub fn requests(&self) -> Vec<LoggedCall> {
        self.lock().calls.clone()
    }

    /// How many calls of `method` (`crm.deal.move`) were made.
    pub fn calls(&self, method: &str) -> usize {
        self.lock()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .count()
    }

    pub fn clear_log(&self) {
        self.lock().calls.clear();
    }

    /// The next `n` API calls fail with `status`.
    pub fn set_fail_next(&self, n: u32, status: u16) {
        self.lock().fault = api::Fault {
            remaining: n,
            status,
        };
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for WebasystCrmEmulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn handle(
    Shared(state): Shared<SharedState>,
    verb: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(fault) = st.fault.take() {
        return fault.into_response();
    }
    let token = st.token.clone();
    let call = match api::call("crm", &token, verb, &uri, &headers, &body) {
        Ok(call) => call,
        Err(answer) => return answer.into_response(),
    };
    let answer = dispatch(&mut st, &call).unwrap_or_else(|refused| refused);
    st.calls.push(LoggedCall::of(&call, answer.status));
    answer.into_response()
}

fn dispatch(st: &mut State, call: &api::Call) -> Result<Answer, Answer> {
    match call.method.as_str() {
        "crm.funnel.list" => call.expect("GET").map(|_| deals::funnels(st)),
        "crm.deal.list" => call.expect("GET").and_then(|_| deals::list(st, call)),
        "crm.deal.info" => call.expect("GET").and_then(|_| deals::info(st, call)),
        "crm.deal.add" => call.expect("POST").and_then(|_| deals::add(st, call)),
        "crm.deal.patch" => call.expect("PATCH").and_then(|_| deals::patch(st, call)),
        "crm.deal.move" => call
            .expect("POST")
            .and_then(|_| deals::shift(st, call, false)),
        "crm.deal.close" => call
            .expect("POST")
            .and_then(|_| deals::shift(st, call, true)),
        "crm.contact.list" => call.expect("GET").and_then(|_| contacts::list(st, call)),
        "crm.contact.add" => call.expect("POST").and_then(|_| contacts::add(st, call)),
        other => Err(Answer::error(
            404,
            "invalid_method",
            &format!("Unknown method: {other}"),
        )),
    }
}
