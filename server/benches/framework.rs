//! Framework benchmark: prints figures, asserts no timings. Run with `scripts/bench`.
//!
//! 1. Sign-in throughput: the real application on a fresh PostgreSQL database (set up the way
//!    the integration tests do it), N clients posting `/api/auth/login` for a fixed time.
//! 2. The cost of a tenant-scoped transaction, straight against the database (no HTTP):
//!    a plain transaction with the row-level-security settings, the same work through the
//!    tenant handle (`TenantTx`), and the plain query as the superuser whom RLS does not bind.
//!    Each variant runs on a connection of its own, in shuffled blocks (see the report).
//!
//! Environment (all optional):
//! - `OPENASP_BENCH_PG_URL`      admin URL (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! - `OPENASP_BENCH_SECONDS`     sign-in phase length in seconds (default 10)
//! - `OPENASP_BENCH_CLIENTS`     concurrent sign-in clients (default 8)
//! - `OPENASP_BENCH_ITERATIONS`  measured iterations per transaction variant (default 5000)
//! - `OPENASP_BENCH_LOG`         set to see the server's logs
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use openasp_app::demo::DEMO_PASSWORD;
use openasp_app::framework::session::Principal;
use openasp_app::framework::tenancy::{RequestMeta, TenantTx, load_effective_roles, now};
use openasp_core::ids::{MunicipalityId, UserId};
use openasp_server::config::{Config, LogFormat};
use openasp_server::startup::Application;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement,
    TransactionTrait, Value,
};
use tokio::sync::oneshot;

use common::{BenchDb, Stats, create_database, drop_database, env_or, load_average};

const USERNAME: &str = "godollo.admin";
const MUNICIPALITY_NAME: &str = "Gödöllő";
/// The production default pool size (`OPENASP_DB_MAX_CONNECTIONS`).
const DB_MAX_CONNECTIONS: u32 = 10;
/// Runs of one variant in a row; the measured iterations are rounded up to whole blocks.
const BLOCK: usize = 20;
/// Unmeasured rounds first (each runs every variant `BLOCK` times).
const WARM_UP_ROUNDS: usize = 10;
const COUNT_SQL: &str = "SELECT count(*) AS n FROM role_grant WHERE municipality_id = $1";

#[tokio::main]
async fn main() {
    if std::env::var_os("OPENASP_BENCH_LOG").is_some() {
        openasp_server::telemetry::init(LogFormat::Pretty);
    }
    let db = create_database().await;
    let data_dir = std::env::temp_dir().join(format!("openasp-bench-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&data_dir).expect("data directory");
    // Run in a task so that a panic still lets us drop the database.
    let outcome = tokio::spawn(run(db.clone(), data_dir.clone())).await;
    drop_database(&db.name).await;
    let _ = std::fs::remove_dir_all(&data_dir);
    if let Err(panic) = outcome {
        eprintln!("benchmark failed; database {} dropped", db.name);
        std::panic::resume_unwind(panic.into_panic());
    }
}

async fn run(db: BenchDb, data_dir: PathBuf) {
    let seconds: u64 = env_or("OPENASP_BENCH_SECONDS", 10);
    let clients: usize = env_or("OPENASP_BENCH_CLIENTS", 8);
    let iterations: usize = env_or("OPENASP_BENCH_ITERATIONS", 5000);

    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(db.app_url.clone()),
        migration_database_url: Some(db.owner_url.clone()),
        demo: true,
        demo_records: false,
        data_dir,
        site_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site"),
        log_format: LogFormat::Pretty,
        db_max_connections: DB_MAX_CONNECTIONS,
        secure_cookies: Some(false),
        oidc_issuer: None,
        oidc_client_id: "openasp".to_owned(),
        oidc_client_secret: "openasp-dev-secret".to_owned(),
        oidc_redirect_url: None,
        platform_hosts: Vec::new(),
    };
    let started = Instant::now();
    let app = Application::build(config)
        .await
        .expect("application builds");
    let startup = started.elapsed();
    let address = format!("http://{}", app.local_addr());
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));

    println!();
    println!("openasp framework benchmark");
    println!("===========================");
    println!("{:<28} {}", "database", db.name);
    println!("{:<28} {}", "server", address);
    println!(
        "{:<28} {:.1} s (migrations, reference and demo data)",
        "start-up",
        startup.as_secs_f64()
    );
    println!(
        "{:<28} {} (PostgreSQL pool: {DB_MAX_CONNECTIONS} connections)",
        "cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("{:<28} {}", "load average (1/5/15 min)", load_average());

    let logins = bench_logins(&address, clients, Duration::from_secs(seconds)).await;
    logins.print(clients, seconds);

    stop.send(()).ok();
    server
        .await
        .expect("server task")
        .expect("server stops cleanly");

    // On a runtime of its own with one thread: one client thread hands each statement to
    // PostgreSQL, without tokio moving the task between worker threads from run to run.
    tokio::task::spawn_blocking(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(bench_tenant_tx(&db, iterations));
    })
    .await
    .expect("transaction benchmark");
    println!();
    println!("{:<28} {}", "load average at the end", load_average());
    println!();
}

// ---- 1. Sign-in throughput ------------------------------------------------------------------

struct LoginResults {
    latencies: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
}

impl LoginResults {
    fn print(&self, clients: usize, seconds: u64) {
        println!();
        println!("Sign-in throughput: POST /api/auth/login as {USERNAME}");
        println!(
            "  {clients} concurrent clients for {seconds} s, no cookie store, each sign-in a new session"
        );
        let ok = self.latencies.len();
        let rate = ok as f64 / self.elapsed.as_secs_f64();
        let stats = Stats::of(&self.latencies);
        println!("  {:<26} {:>10}", "successful sign-ins", ok);
        println!("  {:<26} {:>10.1} /s", "throughput", rate);
        println!("  {:<26} {:>10.1} ms", "latency p50", stats.p50_ms());
        println!("  {:<26} {:>10.1} ms", "latency p99", stats.p99_ms());
        println!("  {:<26} {:>10.1} ms", "latency max", stats.max_ms());
        println!("  {:<26} {:>10}", "errors", self.errors);
        if let Some(e) = &self.first_error {
            println!("  {:<26} {}", "first error", e);
        }
    }
}

fn login_client(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, address.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// One sign-in; `Err` describes what went wrong.
async fn login_once(client: &reqwest::Client, url: &str) -> Result<(), String> {
    let response = client
        .post(url)
        .form(&[("username", USERNAME), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|e| format!("body failed: {e}"))?;
    if status == 200 && body.trim() == "\"SignedIn\"" {
        Ok(())
    } else {
        Err(format!(
            "{status}: {}",
            body.chars().take(200).collect::<String>()
        ))
    }
}

async fn bench_logins(address: &str, clients: usize, duration: Duration) -> LoginResults {
    let url = format!("{address}/api/auth/login");
    // Warm-up: one sign-in per client (connections, caches), not counted.
    let warm = login_client(address);
    for _ in 0..clients.max(1) {
        login_once(&warm, &url)
            .await
            .unwrap_or_else(|e| panic!("warm-up sign-in failed: {e}"));
    }

    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let client = login_client(address);
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            let mut first_error = None;
            while Instant::now() < deadline {
                let t = Instant::now();
                match login_once(&client, &url).await {
                    Ok(()) => latencies.push(t.elapsed()),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            (latencies, errors, first_error)
        }));
    }
    let mut results = LoginResults {
        latencies: Vec::new(),
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
    };
    for task in tasks {
        let (latencies, errors, first_error) = task.await.expect("client task");
        results.latencies.extend(latencies);
        results.errors += errors;
        if results.first_error.is_none() {
            results.first_error = first_error;
        }
    }
    // Requests in flight at the deadline finish after it: count the time they took.
    results.elapsed = start.elapsed();
    results
}

// ---- 2. Tenant-scoped transactions ----------------------------------------------------------

async fn connect(url: &str) -> DatabaseConnection {
    let mut options = ConnectOptions::new(url.to_owned());
    // One connection: every run of a variant uses the same warm server process.
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    Database::connect(options).await.expect("connect")
}

fn pg(sql: &str, values: impl IntoIterator<Item = Value>) -> Statement {
    Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values)
}

/// `SELECT set_config(…, true)` exactly as `tenancy::set_local` does it.
async fn set_local<C: ConnectionTrait>(conn: &C, key: &str, value: String) {
    conn.execute_raw(pg(
        "SELECT set_config($1, $2, true)",
        [key.into(), value.into()],
    ))
    .await
    .expect("set_config");
}

async fn count_grants<C: ConnectionTrait>(conn: &C, municipality: MunicipalityId) -> i64 {
    conn.query_one_raw(pg(COUNT_SQL, [municipality.0.into()]))
        .await
        .expect("count")
        .expect("a row")
        .try_get("", "n")
        .expect("n")
}

/// The tenant scope the way `TenantTx` opens it: `BEGIN` and both settings, transaction-local.
async fn begin_scoped(
    db: &DatabaseConnection,
    principal: &Principal,
    municipality: MunicipalityId,
) -> sea_orm::DatabaseTransaction {
    let txn = db.begin().await.expect("begin");
    set_local(&txn, "openasp.municipality_id", municipality.0.to_string()).await;
    set_local(&txn, "openasp.user_id", principal.user_id.0.to_string()).await;
    txn
}

/// (i)/(iii) A plain transaction: the RLS settings, the count, commit.
async fn plain_count(
    db: &DatabaseConnection,
    principal: &Principal,
    municipality: MunicipalityId,
) -> i64 {
    let txn = begin_scoped(db, principal, municipality).await;
    let n = count_grants(&txn, municipality).await;
    txn.commit().await.expect("commit");
    n
}

/// (ii) What `TenantTx::begin_in` runs (the settings and the membership check through the
/// public `load_effective_roles`), then the count, then commit. `TenantTx` does not let code
/// outside the app crate run its own queries (`conn()` is `pub(crate)`), so this is the same
/// statement sequence on a plain transaction; (iv) checks it against the real handle.
async fn tenant_count(
    db: &DatabaseConnection,
    principal: &Principal,
    municipality: MunicipalityId,
) -> i64 {
    let txn = begin_scoped(db, principal, municipality).await;
    let roles = load_effective_roles(&txn, municipality, principal.user_id, now())
        .await
        .expect("roles");
    assert!(!roles.is_empty(), "{USERNAME} is a member");
    let n = count_grants(&txn, municipality).await;
    txn.commit().await.expect("commit");
    n
}

/// (iv) The real handle, without a payload query: `TenantTx::begin_in` + commit.
async fn tenant_handle(
    db: &DatabaseConnection,
    principal: &Principal,
    municipality: MunicipalityId,
) -> i64 {
    let tx = TenantTx::begin_in(db, principal, municipality)
        .await
        .expect("TenantTx::begin_in");
    let roles = tx.roles().len() as i64;
    tx.commit().await.expect("commit");
    roles
}

/// (v)/(vi) The scope alone: `BEGIN`, the settings, commit (the baseline for (iv)).
async fn plain_scope(
    db: &DatabaseConnection,
    principal: &Principal,
    municipality: MunicipalityId,
) -> i64 {
    let txn = begin_scoped(db, principal, municipality).await;
    txn.commit().await.expect("commit");
    0
}

async fn principal_and_municipality(db: &DatabaseConnection) -> (Principal, MunicipalityId) {
    let user = db
        .query_one_raw(pg(
            "SELECT id, display_name FROM app_user WHERE username = $1",
            [USERNAME.into()],
        ))
        .await
        .expect("user query")
        .expect("the demo user exists");
    let user_id: i64 = user.try_get("", "id").expect("id");
    let display_name: String = user.try_get("", "display_name").expect("display_name");
    let municipality: i32 = db
        .query_one_raw(pg(
            "SELECT id FROM municipality WHERE name = $1",
            [MUNICIPALITY_NAME.into()],
        ))
        .await
        .expect("municipality query")
        .expect("Gödöllő exists")
        .try_get("", "id")
        .expect("id");
    let principal = Principal {
        session_id: "benchmark".to_owned(),
        user_id: UserId(user_id),
        username: USERNAME.to_owned(),
        display_name,
        municipality: Some(MunicipalityId(municipality)),
        platform_roles: BTreeSet::new(),
        totp_enabled: false,
        meta: RequestMeta::default(),
    };
    (principal, MunicipalityId(municipality))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    PlainApp,
    TenantApp,
    PlainSuperuser,
    TenantHandle,
    ScopeApp,
    ScopeSuperuser,
}

const VARIANTS: [Variant; 6] = [
    Variant::PlainApp,
    Variant::TenantApp,
    Variant::PlainSuperuser,
    Variant::TenantHandle,
    Variant::ScopeApp,
    Variant::ScopeSuperuser,
];

async fn bench_tenant_tx(db: &BenchDb, iterations: usize) {
    // Every variant has a connection of its own, so that what one variant runs cannot
    // change the connection (and the server process) another one is measured on.
    let mut connections = Vec::new();
    for variant in VARIANTS {
        let url = match variant {
            Variant::PlainSuperuser | Variant::ScopeSuperuser => &db.superuser_url,
            _ => &db.app_url,
        };
        connections.push(connect(url).await);
    }
    let (principal, municipality) = principal_and_municipality(&connections[0]).await;

    let once = |variant: Variant| {
        let index = VARIANTS.iter().position(|v| *v == variant).unwrap();
        let db = &connections[index];
        let principal = &principal;
        async move {
            let t = Instant::now();
            let n = match variant {
                Variant::PlainApp | Variant::PlainSuperuser => {
                    plain_count(db, principal, municipality).await
                }
                Variant::TenantApp => tenant_count(db, principal, municipality).await,
                Variant::TenantHandle => tenant_handle(db, principal, municipality).await,
                Variant::ScopeApp | Variant::ScopeSuperuser => {
                    plain_scope(db, principal, municipality).await
                }
            };
            (t.elapsed(), n)
        }
    };

    // Sanity: RLS lets the app role see exactly what the superuser sees in its municipality.
    let (_, seen_by_app) = once(Variant::PlainApp).await;
    let (_, seen_by_superuser) = once(Variant::PlainSuperuser).await;
    let (_, seen_via_tenant) = once(Variant::TenantApp).await;
    assert_eq!(
        seen_by_app, seen_by_superuser,
        "RLS hides rows it should not"
    );
    assert_eq!(seen_by_app, seen_via_tenant);

    // Blocks of consecutive runs of one variant, in rounds of one block per variant in a
    // shuffled order: drift (autovacuum, caches, other load on the machine) spreads evenly
    // over the variants, and no variant always follows the same other one.
    let rounds = iterations.div_ceil(BLOCK).max(1);
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds * BLOCK); VARIANTS.len()];
    let mut started = Instant::now();
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut order: Vec<usize> = (0..VARIANTS.len()).collect();
    for round in 0..WARM_UP_ROUNDS + rounds {
        if round == WARM_UP_ROUNDS {
            started = Instant::now();
        }
        random.shuffle(&mut order);
        for &index in &order {
            // The block's first run wakes its idle connection and server process: not counted.
            for run in 0..=BLOCK {
                let (elapsed, _) = once(VARIANTS[index]).await;
                if round >= WARM_UP_ROUNDS && run > 0 {
                    samples[index].push(elapsed);
                }
            }
        }
    }
    let iterations = rounds * BLOCK;
    let total = started.elapsed();
    for connection in connections {
        connection.close().await.ok();
    }

    let stats = |variant: Variant| {
        let index = VARIANTS.iter().position(|v| *v == variant).unwrap();
        Stats::of(&samples[index])
    };
    let plain_app = stats(Variant::PlainApp);
    let tenant_app = stats(Variant::TenantApp);
    let plain_superuser = stats(Variant::PlainSuperuser);
    let handle = stats(Variant::TenantHandle);
    let scope = stats(Variant::ScopeApp);
    let scope_superuser = stats(Variant::ScopeSuperuser);

    println!();
    println!("Tenant-scoped transactions: straight on PostgreSQL, no HTTP, one at a time");
    println!(
        "  {iterations} runs per variant after {} warm-up, in shuffled blocks of {BLOCK} ({:.1} s);",
        WARM_UP_ROUNDS * BLOCK,
        total.as_secs_f64()
    );
    println!("  each variant on a connection of its own");
    println!(
        "  {USERNAME} (user {}) in {MUNICIPALITY_NAME} (municipality {municipality}); count = {seen_by_app}",
        principal.user_id
    );
    println!("  count query: {COUNT_SQL}");
    println!(
        "  RLS settings: SELECT set_config('openasp.municipality_id' / 'openasp.user_id', …, true)"
    );
    println!();
    let rows: [(&str, &Stats); 6] = [
        (
            "(i)   BEGIN, RLS settings, count, COMMIT      app role",
            &plain_app,
        ),
        (
            "(ii)  … + TenantTx's membership check         app role",
            &tenant_app,
        ),
        (
            "(iii) BEGIN, RLS settings, count, COMMIT      superuser",
            &plain_superuser,
        ),
        (
            "(iv)  TenantTx::begin_in + commit             app role",
            &handle,
        ),
        (
            "(v)   BEGIN, RLS settings, COMMIT             app role",
            &scope,
        ),
        (
            "(vi)  BEGIN, RLS settings, COMMIT             superuser",
            &scope_superuser,
        ),
    ];
    println!("  {:<58} {:>10} {:>10}", "variant", "median µs", "p99 µs");
    for (label, s) in rows {
        println!("  {:<58} {:>10.0} {:>10.0}", label, s.p50_us(), s.p99_us());
    }
    println!();
    let diffs: [(&str, &Stats, &Stats); 4] = [
        (
            "tenant handle over plain query, both RLS  (ii - i)",
            &tenant_app,
            &plain_app,
        ),
        (
            "real TenantTx over bare scope             (iv - v)",
            &handle,
            &scope,
        ),
        (
            "RLS on the count query                    (i - iii)",
            &plain_app,
            &plain_superuser,
        ),
        (
            "connection baseline, should be ~0         (v - vi)",
            &scope,
            &scope_superuser,
        ),
    ];
    println!(
        "  {:<58} {:>10} {:>10}",
        "added latency", "median µs", "p99 µs"
    );
    for (label, a, b) in diffs {
        println!(
            "  {:<58} {:>+10.0} {:>+10.0}",
            label,
            a.p50_us() - b.p50_us(),
            a.p99_us() - b.p99_us()
        );
    }
    println!();
    for line in [
        "(ii) runs what TenantTx::begin_in runs (BEGIN, both settings, the membership check:",
        "substitutions + role grants through the public load_effective_roles), then the count,",
        "on a plain transaction: TenantTx keeps its connection pub(crate), so nothing outside",
        "the app crate can run a query through the real handle. (iv - v) is the real handle's",
        "cost without a query and should match (ii - i). The no-RLS baseline is the superuser",
        "(the owner is bound too: FORCE ROW LEVEL SECURITY), with the same statements.",
        "Differences of p99s are noisy; medians are the figures to compare between runs.",
    ] {
        println!("  {line}");
    }
}

/// A small deterministic shuffle (no `rand` dependency for one permutation per round).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
