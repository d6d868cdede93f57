//! Building and running the application; shared by `main` and the integration tests.
use std::future::Future;
use std::net::SocketAddr;

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

    /// Serves until `shutdown` completes, then lets requests in flight finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        self.db.close().await?;
        tracing::info!("openasp stopped");
        Ok(())
    }
}

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
