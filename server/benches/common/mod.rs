//! What the benchmarks share: a fresh PostgreSQL database set up the way the integration tests
//! do it (owner and application roles), environment knobs, the machine's load, percentiles.
#![allow(dead_code)]

use std::time::Duration;

use sea_orm::{ConnectionTrait, Database};

pub const OWNER_ROLE: &str = "openasp_test_owner";
pub const APP_ROLE: &str = "openasp_test_app";

pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

pub fn admin_url() -> String {
    std::env::var("OPENASP_BENCH_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// The admin URL with another database and user (as `support::pg_url_for` in the tests).
pub fn pg_url_for(database: &str, user: &str) -> String {
    let admin = admin_url();
    let rest = admin
        .strip_prefix("postgres://")
        .expect("OPENASP_BENCH_PG_URL starts with postgres://");
    let host_and_db = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
    let host = host_and_db
        .split_once('/')
        .map(|(h, _)| h)
        .unwrap_or(host_and_db);
    format!("postgres://{user}@{host}/{database}")
}

#[derive(Clone)]
pub struct BenchDb {
    pub name: String,
    pub app_url: String,
    pub owner_url: String,
    pub superuser_url: String,
}

pub async fn create_database() -> BenchDb {
    let name = format!("openasp_bench_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(admin_url())
        .await
        .expect("PostgreSQL must answer at OPENASP_BENCH_PG_URL (scripts/bench starts one)");
    for (role, attributes) in [
        (OWNER_ROLE, "LOGIN"),
        (APP_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS"),
    ] {
        // The integration tests may be creating the same role right now; a duplicate is fine.
        let _ = admin
            .execute_unprepared(&format!(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') \
                 THEN CREATE ROLE {role} {attributes}; END IF; END $$"
            ))
            .await;
    }
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name} OWNER {OWNER_ROLE}"))
        .await
        .expect("create the benchmark database");
    admin.close().await.ok();
    BenchDb {
        app_url: pg_url_for(&name, APP_ROLE),
        owner_url: pg_url_for(&name, OWNER_ROLE),
        superuser_url: pg_url_for(&name, "postgres"),
        name,
    }
}

pub async fn drop_database(name: &str) {
    match Database::connect(admin_url()).await {
        Ok(admin) => {
            if let Err(e) = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
            {
                eprintln!("could not drop database {name}: {e}");
            }
            admin.close().await.ok();
        }
        Err(e) => eprintln!("could not connect to drop database {name}: {e}"),
    }
}

/// The machine's load: figures taken while other work runs are noisier and slower.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

pub struct Stats {
    sorted: Vec<Duration>,
}

impl Stats {
    pub fn of(samples: &[Duration]) -> Stats {
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        Stats { sorted }
    }

    /// Nearest-rank percentile (0 when there are no samples).
    pub fn percentile(&self, p: f64) -> Duration {
        if self.sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.sorted.len() as f64).ceil() as usize;
        self.sorted[rank.clamp(1, self.sorted.len()) - 1]
    }

    pub fn p50_us(&self) -> f64 {
        self.percentile(50.0).as_secs_f64() * 1e6
    }
    pub fn p99_us(&self) -> f64 {
        self.percentile(99.0).as_secs_f64() * 1e6
    }
    pub fn p50_ms(&self) -> f64 {
        self.percentile(50.0).as_secs_f64() * 1e3
    }
    pub fn p95_ms(&self) -> f64 {
        self.percentile(95.0).as_secs_f64() * 1e3
    }
    pub fn p99_ms(&self) -> f64 {
        self.percentile(99.0).as_secs_f64() * 1e3
    }
    pub fn max_ms(&self) -> f64 {
        self.sorted.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    }
}
