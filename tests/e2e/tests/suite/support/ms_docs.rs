//! Helpers for the MoySklad documents tests (issue 13): an order exported
//! and stocked, documents by kind, CRM order events made by hand (for
//! reordered deliveries), and the MoySklad ids of linked records.

use super::ms_app::MsApp;
use serde_json::{Value, json};
use synclane::model::{EntityKind, Envelope, EventKind, System};
use synclane::store::LinkKey;

impl MsApp {
    /// A customer and a manager's order of 2 phones and a case in `status`,
    /// with 10 of each good in the main store; returns the CRM order id.
    pub async fn stocked_order(&self, number: &str, status: &str) -> i64 {
        for good in [&self.seeded.phone_id, &self.seeded.case_id] {
            self.ms.set_stock(good, &self.seeded.store, 10.0, 0.0, 0.0);
        }
        let anna = self
            .customer(
                "Anna",
                "Petrova",
                &format!("{number}@example.com"),
                "+79031234567",
            )
            .await;
        self.user_order(number, anna, status, "main")
    }

    /// Polls the CRM's history and works the queue empty.
    pub async fn sync(&self) {
        self.poll().await;
        self.drain().await;
    }

    /// A manager sets `status` on CRM order `id`, then Synclane syncs.
    pub async fn set_status(&self, id: i64, status: &str) {
        self.crm.user_edit_order(id, json!({ "status": status }));
        self.sync().await;
    }

    /// MoySklad documents of `kind` (`demand`, `salesreturn`, ...).
    pub fn docs(&self, kind: &str) -> Vec<Value> {
        self.ms.entities(kind)
    }

    /// The positions of MoySklad document `kind`/`id`.
    pub fn doc_positions(&self, kind: &str, id: &str) -> Vec<Value> {
        self.ms.nested(kind, id, "positions")
    }

    /// The MoySklad id a link of (`kind`, `system`, `id`) records.
    pub async fn ms_peer(&self, kind: EntityKind, system: System, id: &str) -> Option<String> {
        let key = LinkKey::new(&self.tenant, kind, system, id);
        let link = self.store().links.get_link(&key).await.unwrap()?;
        link.peer(System::MoySklad).map(str::to_owned)
    }

    /// The MoySklad order of CRM order `crm_id`.
    pub async fn ms_order_of(&self, crm_id: i64) -> Value {
        let id = self
            .ms_peer(EntityKind::Order, System::RetailCrm, &crm_id.to_string())
            .await
            .expect("exported");
        self.ms.entity("customerorder", &id).expect("in MoySklad")
    }

    /// A CRM order change as the history poll would send it, setting
    /// `statuses` and touching `payments`, under its own dedupe key.
    pub async fn publish_order_change(&self, crm_id: i64, statuses: &[&str], payments: &[i64]) {
        let event = Envelope {
            tenant: self.tenant.clone(),
            source: System::RetailCrm,
            kind: EventKind::Updated,
            entity: EntityKind::Order,
            external_id: crm_id.to_string(),
            dedupe_key: format!("by-hand:{}", uuid::Uuid::new_v4()),
            received_at: 0,
            payload: json!({"created": false, "deleted": false, "fields": ["status"],
                "statuses": statuses, "payments": payments}),
            flow: None,
        };
        let settings = self.settings().await;
        let queue = self.local.queue.as_ref();
        self.local
            .registry
            .publish(queue, &settings, &event, false)
            .await
            .unwrap();
    }

    /// `{meta}` of MoySklad entity `kind`/`id`, as a reference.
    pub fn ms_ref(&self, kind: &str, id: &str) -> Value {
        json!({"meta": {"href": format!("{}/entity/{kind}/{id}", self.ms.base_url()),
            "type": kind, "mediaType": "application/json"}})
    }

    /// The CRM order's items.
    pub fn crm_items(&self, id: i64) -> Vec<Value> {
        self.crm_order(id)["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

impl MsApp {
    /// Changes the saved sync options (checked as when saved).
    pub async fn update_sync(&self, adjust: impl FnOnce(&mut synclane::settings::MoySkladSync)) {
        let mut settings = self.settings().await;
        let ms = settings.moysklad.as_mut().expect("MoySklad settings");
        adjust(ms.sync.as_mut().expect("sync options"));
        settings.validate().unwrap();
        self.store().tenants.put_tenant(&settings).await.unwrap();
    }
}

impl MsApp {
    /// `meta` of customer-order attribute `id`.
    pub fn ms_ref_attr(&self, id: &str) -> Value {
        json!({"href": format!("{}/entity/customerorder/metadata/attributes/{id}", self.ms.base_url()),
            "type": "attributemetadata", "mediaType": "application/json"})
    }
}
