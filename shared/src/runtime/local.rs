//! The local runtime: one process that serves the hooks, runs the worker on
//! the embedded queue and keeps everything in one SQLite file.

use super::config::LocalConfig;
use super::registry::registry;
use super::stopping::{Stopped, Tasks};
use super::worker_loop::{self, LoopSettings};
use crate::admin::{self, AdminState, AdminSync, AdminToken, Exports};
use crate::error::{Error, Result};
use crate::flows::Registry;
use crate::flows::icml::files::{CatalogueFiles, LocalCatalogueFiles};
use crate::flows::schedule::JobContext;
use crate::hooks::catalogue::FeedState;
use crate::hooks::{AppState, router};
use crate::peers::{Peers, http_client};
use crate::queue::{Queue, SqliteQueue};
use crate::sqlite::Db;
use crate::store::{SealedTenants, SqliteStore, Store};
use crate::worker::Worker;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// A running local instance.
pub struct Local {
    pub addr: SocketAddr,
    pub store: Store,
    pub queue: Arc<dyn Queue>,
    /// The worker its loops run (tests drain the queue with it).
    pub worker: Worker,
    pub registry: Arc<Registry>,
    pub peers: Peers,
    shutdown: watch::Sender<bool>,
    tasks: Tasks,
}

/// The embedded database of `config` and the store on it, the tenants'
/// secrets sealed with the key file's master key (secrets an older release
/// stored in clear are sealed now). Every local command opens it this way.
pub async fn open_store(config: &LocalConfig) -> Result<(Db, Store)> {
    let db = Db::open_with(&config.database, config.durability)?;
    let store = Store::from_backend(SqliteStore::new(db.clone()));
    let master = super::key_file::load_or_create(&config.secrets_key_file())?;
    let sealed = SealedTenants::local(store.tenants.clone(), master);
    let resealed = sealed.seal_stored().await?;
    if resealed > 0 {
        tracing::info!(
            message = "Sealed secrets an older release stored in clear.",
            tenants = resealed
        );
    }
    Ok((db, store.with_tenants(Arc::new(sealed))))
}

impl Local {
    /// Opens the database, loads the tenants of `config`, binds the listener
    /// and starts the workers.
    pub async fn start(config: &LocalConfig) -> Result<Local> {
        if let Some(env) = &config.aws {
            let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .load()
                .await;
            let aws = super::aws::AwsRuntime::build(&sdk, env);
            return Self::start_with_peers(
                config,
                aws.store.clone(),
                aws.queue_port(),
                aws.peers().with_timeout(config.peer_timeout()),
            )
            .await;
        }
        let (db, store) = open_store(config).await?;
        let queue: Arc<dyn Queue> = Arc::new(
            SqliteQueue::new(db, config.max_receives)
                .with_max_in_flight_per_flow(config.max_in_flight_per_flow),
        );
        let peers = Peers::local_after_restart(http_client(), config.budgets_dir())
            .with_timeout(config.peer_timeout());
        // One process serves the embedded database (its rate budgets and
        // link claims count on it).
        Self::start_inner(config, store, queue, peers, true).await
    }

    /// Like `start`, on any store and queue (the AWS adapters, in tests).
    pub async fn start_with(
        config: &LocalConfig,
        store: Store,
        queue: Arc<dyn Queue>,
    ) -> Result<Local> {
        Self::start_with_peers(config, store, queue, Peers::local(http_client())).await
    }

    /// Like `start_with`, with the peer clients' factory given (tests use
    /// short retry pauses).
    pub async fn start_with_peers(
        config: &LocalConfig,
        store: Store,
        queue: Arc<dyn Queue>,
        peers: Peers,
    ) -> Result<Local> {
        Self::start_inner(config, store, queue, peers, false).await
    }

    /// `one_process`: no other process works on `store` (see `Worker::only_process`).
    async fn start_inner(
        config: &LocalConfig,
        store: Store,
        queue: Arc<dyn Queue>,
        peers: Peers,
        one_process: bool,
    ) -> Result<Local> {
        for tenant in &config.tenants {
            // Invalid settings are never saved (MS-M2, MS-M3).
            tenant.validate()?;
            store.tenants.put_tenant(tenant).await?;
        }
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| Error::Invalid(format!("listen on {}: {e}", config.listen)))?;
        let addr = listener.local_addr().map_err(Error::storage)?;
        let (shutdown, watcher) = watch::channel(false);

        let catalogue_files: Arc<dyn CatalogueFiles> =
            Arc::new(LocalCatalogueFiles::new(config.catalogue_dir()));
        let registry = Arc::new(registry(Some(catalogue_files.clone())));
        let mut app = router(AppState {
            store: store.clone(),
            queue: queue.clone(),
            registry: registry.clone(),
        })
        .merge(crate::hooks::catalogue::router(FeedState {
            store: store.clone(),
            files: catalogue_files.clone(),
        }));
        if let Some(hash) = &config.admin_token_sha256 {
            app = app.merge(admin::router(AdminState::new(
                store.clone(),
                AdminToken::from_sha256_hex(hash)?,
                Exports {
                    queue: queue.clone(),
                    files: catalogue_files.clone(),
                },
                AdminSync {
                    peers: peers.clone(),
                    queue: queue.clone(),
                    registry: registry.clone(),
                },
            )));
        }
        let mut stop_http = watcher.clone();
        let mut tasks = Tasks {
            http: Some(tokio::spawn(async move {
                super::http_server::serve(listener, app, async move {
                    let _ = stop_http.wait_for(|stop| *stop).await;
                })
                .await
            })),
            ..Tasks::default()
        };
        if config.schedules {
            let ctx = JobContext {
                store: store.clone(),
                queue: queue.clone(),
                peers: peers.clone(),
                registry: registry.clone(),
                deadline: tokio::time::Instant::now(),
            };
            tasks.schedules =
                super::schedules::spawn_all(ctx, watcher.clone(), config.schedule_every());
        }
        // The start's calls to the peers run beside the workers, never before
        // them: a peer slow or failing at start (each call retried up to its
        // timeout) would otherwise hold the whole queue back, and a process
        // restarted often would never drain. A stop waits for them (bounded).
        let (start_peers, start_tenants) = (peers.clone(), config.tenants.clone());
        tasks.schedules.push(tokio::spawn(async move {
            peer_checks_at_start(&start_peers, &start_tenants).await
        }));
        let worker = Worker::new(
            store.clone(),
            peers.clone(),
            registry.clone(),
            queue.clone(),
        )
        // `max_receives` counts failed attempts: the worker dead-letters a
        // message on the last (on SQS too, with `[aws]`: `worker::settle_result`).
        .with_max_attempts(config.max_receives);
        let worker = match one_process {
            true => worker.only_process(),
            false => worker,
        };
        let settings = LoopSettings {
            visibility: Duration::from_secs(config.visibility_timeout_secs),
            // One message per receive: a batch's later messages sit claimed
            // while the first runs, and a process killed then charges each
            // of them a receive it never started, until a message that was
            // never tried goes to the dead letters (found by the chaos soak).
            batch: 1,
            ..Default::default()
        };
        // `workers = 0` serves hooks only (another process drains the queue).
        for _ in 0..config.workers {
            tasks.workers.push(tokio::spawn(worker_loop::run(
                queue.clone(),
                worker.clone(),
                settings,
                watcher.clone(),
            )));
        }
        tracing::info!(message = "Synclane is serving.", %addr, workers = config.workers);
        Ok(Local {
            addr,
            store,
            queue,
            worker,
            registry,
            peers,
            shutdown,
            tasks,
        })
    }

    /// Stops accepting hooks, lets in-flight work finish or gives it back,
    /// and returns within `stopping::STOP_BOUND`; logs what it drained.
    pub async fn stop(self) -> Stopped {
        let since = tokio::time::Instant::now();
        let _ = self.shutdown.send(true);
        self.tasks.join(since).await
    }
}

/// Saving settings subscribes the MoySklad webhooks they ask for (MS-S5,
/// MS-B4) at once; a peer that is down does not stop the process (the
/// hourly `moysklad-webhooks` job retries). SS-4: a config file is not
/// refused for the Shop-Script live check (an install may be down at
/// start); what it finds is logged.
async fn peer_checks_at_start(peers: &Peers, tenants: &[crate::settings::TenantSettings]) {
    for tenant in tenants {
        if let Err(error) = crate::jobs::moysklad_webhooks::sync_webhooks(peers, tenant).await {
            tracing::warn!(message = "Could not register MoySklad webhooks.", tenant = %tenant.id, %error);
        }
        match crate::flows::shopscript_deals::live_check::problems(peers, tenant).await {
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => {
                tracing::error!(message = "The Shop-Script mapping does not match the installs.", tenant = %tenant.id, problems = %problems.join("; "));
            }
            Err(error) => {
                tracing::warn!(message = "Could not check the Shop-Script mapping.", tenant = %tenant.id, %error);
            }
        }
    }
}
