//! Building and running the application; shared by `main` and the integration tests.
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::error::StartupError;
use crate::{database, routes};

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: DatabaseConnection,
}

impl Application {
    /// Connects, migrates, loads reference data and binds the listener.
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let owner = database::connect_owner(&config).await?;
        database::prepare(&owner).await?;
        let db = database::connect(&config).await?;
        if !config.is_sqlite() {
            database::grant_app_role(&owner, &db).await?;
            owner.close().await?;
        }
        database::check_app_role(&db).await?;
        openasp_app::eforms::service::ensure_central_templates(&db)
            .await
            .map_err(|e| StartupError::Config(format!("form templates: {e}")))?;
        if config.demo {
            openasp_app::demo::load(&db)
                .await
                .map_err(|e| StartupError::Config(format!("demo data: {e}")))?;
            if config.demo_records {
                openasp_app::demo::load_records(&db)
                    .await
                    .map_err(|e| StartupError::Config(format!("demo records: {e}")))?;
            }
        }
        let listener = TcpListener::bind(config.addr).await?;
        let mut config = config;
        if config.oidc_redirect_url.is_none() {
            config.oidc_redirect_url = Some(format!(
                "http://{}/azonositas/belepes/vissza",
                listener.local_addr()?
            ));
        }
        let router = routes::router(&config, db.clone());
        Ok(Application {
            listener,
            router,
            db,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn database(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish for at most
    /// [`SHUTDOWN_GRACE`]: a client that never finishes its request must not keep the process
    /// (or a test run) alive.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        crate::serve::serve(self.listener, self.router, shutdown, SHUTDOWN_GRACE).await;
        // The pool waits for every connection to come back; a connection returned while the
        // pool closes can be missed, so the wait is bounded (the process ends either way).
        match tokio::time::timeout(POOL_CLOSE_GRACE, self.db.close()).await {
            Ok(result) => result?,
            Err(_) => tracing::warn!("the database pool did not close within {POOL_CLOSE_GRACE:?}"),
        }
        tracing::info!("openasp stopped");
        Ok(())
    }
}

/// How long requests in flight may take to finish after the stop signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
/// How long closing the database pool may take after the last request.
const POOL_CLOSE_GRACE: Duration = Duration::from_secs(5);

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received, finishing requests in flight");
}
