//! The admin router served by the local HTTP server (so the peer address
//! reaches the sign-in limit as in production) over a store of either
//! backend, with a way to read what the store holds raw.

use crate::support::aws_stack::AwsStack;
use reqwest::{Method, Response};
use std::path::PathBuf;
use std::sync::Arc;
use synclane::admin::{self, AdminState, AdminSync, AdminToken, Exports, SignInLimit};
use synclane::flows::icml::files::LocalCatalogueFiles;
use synclane::model::TenantId;
use synclane::secret::Secret;
use synclane::settings::TenantSettings;
use synclane::store::{SqliteStore, Store};

pub const OPERATOR: &str = "operator-token-for-the-route-walk-0123456789";

/// Where the raw records are.
pub enum Raw {
    /// The database file (and its `-wal`).
    Sqlite(PathBuf),
    Dynamo(AwsStack),
}

pub struct Served {
    pub origin: String,
    pub http: reqwest::Client,
    pub store: Store,
    pub raw: Raw,
    _dir: tempfile::TempDir,
}

#[derive(Clone, Copy)]
pub enum Backend {
    Sqlite,
    Dynamo,
}

impl Served {
    pub async fn start(backend: Backend, sign_ins: SignInLimit) -> Served {
        let dir = tempfile::tempdir().unwrap();
        let files = Arc::new(LocalCatalogueFiles::new(dir.path().join("icml")));
        let (store, raw, exports, sync) = match backend {
            Backend::Sqlite => {
                let path = dir.path().join("synclane.db");
                let db = synclane::sqlite::Db::open(&path).unwrap();
                let store = Store::from_backend(SqliteStore::new(db));
                let queue = crate::support::sqlite::queue(5).await;
                let sync = AdminSync {
                    peers: synclane::peers::Peers::local(synclane::peers::http_client()),
                    queue: queue.clone(),
                    registry: Arc::new(synclane::runtime::registry::registry(None)),
                };
                (store, Raw::Sqlite(path), Exports { queue, files }, sync)
            }
            Backend::Dynamo => {
                let stack = AwsStack::create().await;
                let (store, exports, sync) =
                    (stack.store.clone(), stack.exports(), stack.admin_sync());
                (store, Raw::Dynamo(stack), exports, sync)
            }
        };
        let state = AdminState {
            sign_ins,
            ..AdminState::new(
                store.clone(),
                AdminToken::from_token(OPERATOR),
                exports,
                sync,
            )
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let app = admin::router(state);
        tokio::spawn(synclane::runtime::http_server::serve(
            listener,
            app,
            std::future::pending(),
        ));
        Served {
            origin,
            http: reqwest::Client::new(),
            store,
            raw,
            _dir: dir,
        }
    }

    /// A tenant with an account, minimal settings (no peers) and a key.
    pub async fn tenant(&self, id: &str) -> String {
        let tenant = TenantId::parse(id).unwrap();
        let settings = TenantSettings::new(tenant, Secret::new("webhook-secret-0123456789"));
        self.store.tenants.put_tenant(&settings).await.unwrap();
        crate::support::tenant_keys::on_store(&self.store, id).await
    }

    pub async fn send(&self, method: Method, path: &str, bearer: Option<&str>) -> Response {
        let mut request = self.http.request(method, format!("{}{path}", self.origin));
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        request.send().await.unwrap()
    }

    /// Everything the store holds, as text: the database file with its WAL,
    /// or every item of the table.
    pub async fn raw_text(&self) -> String {
        match &self.raw {
            Raw::Sqlite(path) => {
                let mut bytes = std::fs::read(path).unwrap();
                let wal = PathBuf::from(format!("{}-wal", path.display()));
                bytes.extend(std::fs::read(wal).unwrap_or_default());
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Raw::Dynamo(stack) => {
                let items: Vec<_> = stack
                    .dynamo
                    .scan()
                    .table_name(&stack.table)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect()
                    .await
                    .unwrap();
                format!("{items:?}")
            }
        }
    }
}
