//! `spawn_app()`: a fresh database, the real application on a random port, an HTTP client.
use std::path::PathBuf;
use std::sync::OnceLock;

use openasp_server::config::{Config, LogFormat};
use openasp_server::startup::Application;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use tokio::sync::oneshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub config: Config,
    /// The PostgreSQL database (None on SQLite).
    pub pg: Option<PgDatabase>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<Result<(), openasp_server::error::StartupError>>>,
    _data_dir: tempfile_dir::TempDir,
}

/// The PostgreSQL server the tests create their throw-away databases on.
pub fn pg_admin_url() -> String {
    std::env::var("OPENASP_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// The admin URL with another database and user: `postgres://postgres@host:port/db`.
fn pg_url_for(database: &str, user: &str) -> String {
    let admin = pg_admin_url();
    let rest = admin
        .strip_prefix("postgres://")
        .expect("OPENASP_TEST_PG_URL starts with postgres://");
    let host_and_db = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
    let host = host_and_db
        .split_once('/')
        .map(|(h, _)| h)
        .unwrap_or(host_and_db);
    format!("postgres://{user}@{host}/{database}")
}

/// The schema owner (migrates) and the application role (bound by row-level security).
pub const PG_OWNER_ROLE: &str = "openasp_test_owner";
pub const PG_APP_ROLE: &str = "openasp_test_app";

/// A throw-away PostgreSQL database owned by the owner role.
pub struct PgDatabase {
    pub name: String,
    /// As the application role.
    pub app_url: String,
    /// As the owner (for migrations).
    pub owner_url: String,
    /// As the superuser (for tests that need to look behind the application's back).
    pub admin_url: String,
}

/// Creates an empty PostgreSQL database for one test (and the two roles, once).
pub async fn fresh_postgres_database() -> PgDatabase {
    let name = format!("openasp_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(pg_admin_url())
        .await
        .expect("PostgreSQL must answer at OPENASP_TEST_PG_URL (scripts/test starts one)");
    for (role, attributes) in [
        (PG_OWNER_ROLE, "LOGIN"),
        (PG_APP_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS"),
    ] {
        // Parallel tests may race to create the role; a duplicate is fine.
        let _ = admin
            .execute_unprepared(&format!(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') \
                 THEN CREATE ROLE {role} {attributes}; END IF; END $$"
            ))
            .await;
    }
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name} OWNER {PG_OWNER_ROLE}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    PgDatabase {
        app_url: pg_url_for(&name, PG_APP_ROLE),
        owner_url: pg_url_for(&name, PG_OWNER_ROLE),
        admin_url: pg_url_for(&name, "postgres"),
        name,
    }
}

pub fn test_config(pg: Option<&PgDatabase>, data_dir: PathBuf) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: pg.map(|pg| pg.app_url.clone()),
        migration_database_url: pg.map(|pg| pg.owner_url.clone()),
        demo: true,
        data_dir,
        site_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site"),
        log_format: LogFormat::Pretty,
        db_max_connections: 5,
        secure_cookies: false,
    }
}

fn init_logs() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        if std::env::var("TEST_LOG").is_ok() {
            openasp_server::telemetry::init(LogFormat::Pretty);
        }
    });
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    init_logs();
    let data_dir = tempfile_dir::TempDir::new();
    let pg = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(fresh_postgres_database().await),
    };
    let mut app = spawn_app_with(
        test_config(pg.as_ref(), data_dir.path().to_owned()),
        data_dir,
    )
    .await;
    app.pg = pg;
    app
}

/// Starts the application with a given configuration (e.g. a second start on the same data).
pub async fn spawn_app_with(config: Config, data_dir: tempfile_dir::TempDir) -> TestApp {
    let app = Application::build(config.clone())
        .await
        .expect("application builds");
    let address = format!("http://{}", app.local_addr());
    let db = app.database().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    // Like a browser on this site: every request names its origin (the CSRF check wants it).
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, address.parse().unwrap());
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        db,
        config,
        pg: None,
        stop: Some(stop),
        server: Some(server),
        _data_dir: data_dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Stops the server the way SIGTERM does and waits until it has finished.
    pub async fn stop(mut self) -> Result<(), openasp_server::error::StartupError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.server.take() {
            Some(server) => server.await.expect("server task"),
            None => Ok(()),
        }
    }

    pub fn take_data_dir(&mut self) -> tempfile_dir::TempDir {
        std::mem::replace(&mut self._data_dir, tempfile_dir::TempDir::new())
    }
}

/// A temporary directory removed on drop (small enough not to need a crate).
pub mod tempfile_dir {
    use std::path::{Path, PathBuf};

    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new() -> TempDir {
            let path = std::env::temp_dir().join(format!("openasp-test-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Defines a test that runs once per database backend:
/// `both_backends!(async fn name(backend: Backend) { … })`.
#[macro_export]
macro_rules! both_backends {
    (async fn $name:ident($backend:ident : Backend) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($backend: $crate::support::Backend) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::support::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::support::Backend::Postgres).await
            }
        }
    };
}

/// Counts the occurrences of `needle` in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}
