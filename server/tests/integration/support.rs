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
        demo_records: false,
        data_dir,
        site_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site"),
        log_format: LogFormat::Pretty,
        db_max_connections: 5,
        secure_cookies: Some(false),
        oidc_issuer: None,
        oidc_client_id: "openasp".to_owned(),
        oidc_client_secret: "openasp-dev-secret".to_owned(),
        oidc_redirect_url: None,
        platform_hosts: Vec::new(),
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
        .timeout(REQUEST_TIME_LIMIT)
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
    (async fn $name:ident($backend:ident : Backend $(,)?) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($backend: $crate::support::Backend) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::support::within_time_limit(run($crate::support::Backend::Sqlite)).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::support::within_time_limit(run($crate::support::Backend::Postgres)).await
            }
        }
    };
}

/// The longest a test may run (on a busy 2-core machine a slow test takes about a minute):
/// a hang fails its test by name instead of holding the whole suite until CI gives up.
pub const TEST_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(480);
/// The longest one request may take before the test fails naming it.
pub const REQUEST_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

pub async fn within_time_limit(test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_TIME_LIMIT, test).await.is_err() {
        panic!("the test did not finish within {TEST_TIME_LIMIT:?}");
    }
}

/// Counts the occurrences of `needle` in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

// ---- Talking to server functions as a signed-in clerk ------------------------------------

pub use openasp_app::demo::DEMO_PASSWORD;

/// The answer of one server-function call.
#[derive(Debug)]
pub struct ApiResponse {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    /// The JSON body (`Null` when the body is empty or not JSON).
    pub body: serde_json::Value,
    pub text: String,
}

impl ApiResponse {
    /// The `Set-Cookie` header for the session cookie, if the answer set one.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("openasp_session="))
            .map(str::to_owned)
    }

    /// The token the session cookie carries (empty when the cookie is being cleared).
    pub fn session_token(&self) -> Option<String> {
        self.session_cookie().map(|cookie| {
            cookie
                .trim_start_matches("openasp_session=")
                .split(';')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
    }

    /// Asserts a success and returns the body.
    #[track_caller]
    pub fn ok(self) -> serde_json::Value {
        assert_eq!(
            self.status, 200,
            "expected success, got {}: {}",
            self.status, self.text
        );
        self.body
    }

    /// Asserts a refusal with `status` and the `AppError` JSON `error`.
    #[track_caller]
    pub fn refused(&self, status: u16, error: serde_json::Value) {
        assert_eq!(
            (self.status, &self.body),
            (status, &error),
            "unexpected answer: {}",
            self.text
        );
    }

    /// The problem reported for one field of an `Invalid` answer (422).
    #[track_caller]
    pub fn field_problem(&self, field: &str) -> serde_json::Value {
        assert_eq!(
            self.status, 422,
            "expected 422 Invalid, got {}: {}",
            self.status, self.text
        );
        self.body["Invalid"]
            .as_array()
            .and_then(|problems| problems.iter().find(|p| p["field"] == field))
            .map(|p| match p["problem"].get("System") {
                // A system's own problem is compared by its stable code (`records.wrong_state`).
                Some(system) => system["code"].clone(),
                None => p["problem"].clone(),
            })
            .unwrap_or_else(|| panic!("no problem for field {field}: {}", self.text))
    }
}

/// One browser: its own cookie jar, sending this site's `Origin` like a real browser would.
pub struct Browser {
    pub client: reqwest::Client,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
    pub base: String,
}

impl Browser {
    /// Calls `/api/{endpoint}` with a form-encoded body.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> ApiResponse {
        let response = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .form(form)
            .send()
            .await
            .expect("request sent");
        read_response(response).await
    }

    /// The signed-in user (`Null` when not signed in).
    pub async fn me(&self) -> serde_json::Value {
        self.call("auth/me", &[]).await.ok()
    }

    /// The session token the browser holds now.
    pub fn session_token(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = self.base.parse().expect("base url");
        let header = self.jar.cookies(&url)?;
        openasp_app::framework::session::token_from_cookie_header(header.to_str().ok()?)
    }
}

pub async fn read_response(response: reqwest::Response) -> ApiResponse {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("response body");
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    ApiResponse {
        status,
        headers,
        body,
        text,
    }
}

impl TestApp {
    /// A new browser with an empty cookie jar.
    pub fn browser(&self) -> Browser {
        self.browser_at(None)
    }

    /// A new browser on another client address (any of 127.0.0.0/8 reaches the server), as
    /// a person elsewhere would be.
    pub fn browser_from(&self, address: &str) -> Browser {
        self.browser_at(Some(address.parse().expect("an IP address")))
    }

    fn browser_at(&self, local_address: Option<std::net::IpAddr>) -> Browser {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ORIGIN, self.address.parse().unwrap());
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(REQUEST_TIME_LIMIT)
            .local_address(local_address)
            .cookie_provider(jar.clone())
            .build()
            .unwrap();
        Browser {
            client,
            jar,
            base: self.address.clone(),
        }
    }

    /// A new browser that presents `token` as its session cookie (e.g. a stolen or old one).
    pub fn browser_with_token(&self, token: &str) -> Browser {
        let browser = self.browser();
        let url = self.address.parse().expect("address");
        browser
            .jar
            .add_cookie_str(&format!("openasp_session={token}; Path=/"), &url);
        browser
    }

    /// A new browser signed in as a demo user (who has no second factor).
    pub async fn login(&self, username: &str) -> Browser {
        self.login_with(username, DEMO_PASSWORD).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Browser {
        let browser = self.browser();
        let answer = browser
            .call(
                "auth/login",
                &[("username", username), ("password", password)],
            )
            .await;
        assert_eq!(answer.ok(), "SignedIn", "{username} signs in");
        browser
    }

    /// A connection that sees every row: the application's own on SQLite, the superuser's
    /// on PostgreSQL (which row-level security does not bind).
    pub async fn privileged_db(&self) -> DatabaseConnection {
        match &self.pg {
            None => self.db.clone(),
            Some(pg) => Database::connect(pg.admin_url.as_str())
                .await
                .expect("superuser connects"),
        }
    }

    /// The id of a municipality, by its (unique) name.
    pub async fn municipality_id(&self, name: &str) -> i32 {
        use openasp_app::gazetteer::db::municipality;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        municipality::Entity::find()
            .filter(municipality::Column::Name.eq(name))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("municipality {name}"))
            .id
    }

    /// The id of an account, by username.
    pub async fn user_id(&self, username: &str) -> i64 {
        use openasp_app::framework::db::app_user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        app_user::Entity::find()
            .filter(app_user::Column::Username.eq(username))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("user {username}"))
            .id
    }

    /// A municipality's audit entries, oldest first (read behind the application's back).
    pub async fn audit_entries(
        &self,
        municipality: i32,
    ) -> Vec<openasp_app::framework::db::audit_log::Model> {
        use openasp_app::framework::db::audit_log;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        audit_log::Entity::find()
            .filter(audit_log::Column::MunicipalityId.eq(municipality))
            .order_by_asc(audit_log::Column::Seq)
            .all(&self.privileged_db().await)
            .await
            .unwrap()
    }
}

/// Days from today (UTC) as `YYYY-MM-DD`, for date fields.
pub fn day(offset_days: i64) -> String {
    let now: sea_orm::entity::prelude::ChronoDateTimeUtc = std::time::SystemTime::now().into();
    let seconds = now.timestamp() + offset_days * 86_400;
    sea_orm::entity::prelude::ChronoDateTimeUtc::from_timestamp(seconds, 0)
        .unwrap()
        .date_naive()
        .to_string()
}
