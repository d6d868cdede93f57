//! E-forms benchmark: prints figures, asserts no timings. Run with `scripts/bench eforms`.
//!
//! 1. Submissions per second end to end on PostgreSQL: the real application (demo data),
//!    Gödöllő publishes the general request form (e-Papír), N signed-in citizens post
//!    `eforms/submit` for a fixed time. Each submission is validated on the server against
//!    its exact form version and registered through records (receipt + registration) in one
//!    transaction. Afterwards the registry numbers are checked: distinct.
//! 2. The form builder on a 150-field form: the operator loads a central template's
//!    definition (`eforms/templates/definition`) and saves it as a new version
//!    (`eforms/templates/publish`, which checks it with `FormDefinition::problems()`), through
//!    the server functions the builder calls; plus, in process, the builder's own work on
//!    the definition (parse, `problems()`, serialise) that runs in the browser.
//!
//! Environment (all optional):
//! - `OPENASP_BENCH_PG_URL`         admin URL (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! - `OPENASP_BENCH_SECONDS`        submission phase length (default 10)
//! - `OPENASP_BENCH_CLIENTS`        concurrent submitting citizens (default 16)
//! - `OPENASP_BENCH_BUILDER_RUNS`   load/save rounds of the 150-field form (default 30)
//! - `OPENASP_BENCH_LOG`            set to see the server's logs
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{BenchDb, Stats, create_database, drop_database, env_or, load_average};
use openasp_app::citizen::oidc::Identity;
use openasp_app::demo::DEMO_PASSWORD;
use openasp_app::eforms::domain::language::FormDefinition;
use openasp_server::config::{Config, LogFormat};
use openasp_server::startup::Application;
use sea_orm::Database;
use serde_json::{Value, json};
use tokio::sync::oneshot;

fn config(db: &BenchDb, data_dir: PathBuf) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(db.app_url.clone()),
        migration_database_url: Some(db.owner_url.clone()),
        demo: true,
        demo_records: false,
        data_dir,
        site_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site"),
        log_format: LogFormat::Pretty,
        db_max_connections: 10,
        secure_cookies: Some(false),
        oidc_issuer: None,
        oidc_client_id: "openasp".to_owned(),
        oidc_client_secret: "openasp-dev-secret".to_owned(),
        oidc_redirect_url: None,
        platform_hosts: Vec::new(),
    }
}

fn client(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, address.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn call(
    client: &reqwest::Client,
    address: &str,
    endpoint: &str,
    form: &[(&str, &str)],
) -> Value {
    let response = client
        .post(format!("{address}/api/{endpoint}"))
        .form(form)
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    assert!(status.is_success(), "{endpoint}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn staff(address: &str, username: &str) -> reqwest::Client {
    let c = client(address);
    let answer = call(
        &c,
        address,
        "auth/login",
        &[("username", username), ("password", DEMO_PASSWORD)],
    )
    .await;
    assert_eq!(answer, json!("SignedIn"), "sign-in of {username}");
    c
}

/// A citizen with a portal session (what an OpenID Connect sign-in leaves behind).
async fn citizen_client(db: &BenchDb, address: &str, n: usize) -> reqwest::Client {
    let conn = Database::connect(&db.superuser_url).await.unwrap();
    let identity = Identity {
        issuer: "https://bench-idp.example".to_owned(),
        subject: format!("bench-{n}"),
        family_name: "Mérő".to_owned(),
        given_name: format!("Polgár {n}"),
        birth_name: None,
        mother_birth_name: None,
        birth_place: None,
        birth_date: Some("1980-01-01".to_owned()),
    };
    let id = openasp_app::citizen::directory::register(&conn, &identity)
        .await
        .unwrap();
    let token = openasp_app::citizen::session::open_session(&conn, id)
        .await
        .unwrap();
    conn.close().await.ok();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, address.parse().unwrap());
    headers.insert(
        reqwest::header::COOKIE,
        format!("openasp_citizen={token}").parse().unwrap(),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A 150-field form: 10 pages of 15 questions of every simple kind, with conditions.
pub fn definition_150() -> Value {
    let mut pages = Vec::new();
    for p in 0..10 {
        let mut fields = Vec::new();
        for f in 0..15 {
            let id = format!("k{p}_{f}");
            let mut field = match f % 8 {
                0 => json!({"type": "text", "max_length": 200}),
                1 => json!({"type": "number", "min": 0.0, "max": 1e9, "decimals": 2, "unit": "Ft"}),
                2 => json!({"type": "date", "range": "past_or_today"}),
                3 => json!({"type": "choice", "options": [
                    {"value": "a", "label": "Első lehetőség"},
                    {"value": "b", "label": "Második lehetőség"},
                    {"value": "c", "label": "Harmadik lehetőség"}]}),
                4 => json!({"type": "yes_no"}),
                5 => json!({"type": "email"}),
                6 => json!({"type": "tax_number"}),
                _ => json!({"type": "text", "multiline": true}),
            };
            field["id"] = json!(id);
            field["label"] = json!(format!(
                "{}. oldal {}. kérdése: adatok megadása",
                p + 1,
                f + 1
            ));
            field["hint"] = json!("Kérjük, a hivatalos iratok szerint adja meg.");
            field["required"] = json!(f % 3 == 0);
            if f % 8 == 0 && f > 0 {
                field["show_if"] =
                    json!({"op": "equals", "field": format!("k{p}_4"), "value": "yes"});
            }
            fields.push(field);
        }
        pages.push(json!({
            "id": format!("oldal_{p}"),
            "title": format!("{}. oldal", p + 1),
            "sections": [{"title": "Adatok", "fields": fields}]
        }));
    }
    json!({"language_version": 1, "title": "Nagy próbaűrlap (150 kérdés)", "pages": pages})
}

#[tokio::main]
async fn main() {
    if std::env::var_os("OPENASP_BENCH_LOG").is_some() {
        openasp_server::telemetry::init(LogFormat::Pretty);
    }
    println!();
    println!("openasp e-forms benchmark");
    println!("=========================");
    println!(
        "{:<28} {}",
        "cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("{:<28} {}", "load average (1/5/15 min)", load_average());
    let db = create_database().await;
    let data_dir = std::env::temp_dir().join(format!("openasp-bench-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&data_dir).expect("data directory");
    let outcome = tokio::spawn(run(db.clone(), data_dir.clone())).await;
    drop_database(&db.name).await;
    let _ = std::fs::remove_dir_all(&data_dir);
    if let Err(panic) = outcome {
        eprintln!("benchmark failed; database {} dropped", db.name);
        std::panic::resume_unwind(panic.into_panic());
    }
    println!();
    println!("{:<28} {}", "load average at the end", load_average());
    println!();
}

async fn run(db: BenchDb, data_dir: PathBuf) {
    let seconds: u64 = env_or("OPENASP_BENCH_SECONDS", 10);
    let clients: usize = env_or("OPENASP_BENCH_CLIENTS", 16);
    let runs: usize = env_or("OPENASP_BENCH_BUILDER_RUNS", 30);
    let app = Application::build(config(&db, data_dir))
        .await
        .expect("application builds");
    let address = format!("http://{}", app.local_addr());
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));

    bench_submissions(&db, &address, clients, seconds).await;
    bench_builder(&address, runs).await;

    stop.send(()).ok();
    server.await.expect("server task").expect("server stops");
}

// ---- 1. Submissions -------------------------------------------------------------------------

async fn bench_submissions(db: &BenchDb, address: &str, clients: usize, seconds: u64) {
    let editor = staff(address, "godollo.admin").await;
    let form = call(
        &editor,
        address,
        "eforms/editor/adopt",
        &[("template", "e_papir")],
    )
    .await;
    let form = form.as_str().unwrap().to_owned();
    call(
        &editor,
        address,
        "eforms/editor/publish",
        &[("form", &form)],
    )
    .await;
    let fillable = call(
        &client(address),
        address,
        "eforms/public/form",
        &[("municipality", "godollo"), ("form", &form)],
    )
    .await;
    let version = fillable["version_id"].as_str().unwrap().to_owned();
    let mut sessions = Vec::new();
    for n in 0..clients {
        sessions.push(citizen_client(db, address, n).await);
    }
    let url = format!("{address}/api/eforms/submit");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (i, client) in sessions.into_iter().enumerate() {
        let (url, version) = (url.clone(), version.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut numbers, mut errors) = (Vec::new(), Vec::new(), Vec::new());
            let mut n = 0;
            while Instant::now() < deadline {
                n += 1;
                let answers = json!({
                    "targy": format!("Teljesítménymérés {i}/{n}"),
                    "szoveg": "Kérem a közterület rendbetételét a lakóházunk előtt."
                })
                .to_string();
                let t = Instant::now();
                let response = client
                    .post(&url)
                    .form(&[
                        ("municipality", "godollo"),
                        ("version", version.as_str()),
                        ("answers", answers.as_str()),
                    ])
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status().is_success() => {
                        let body: Value = r.json().await.unwrap_or(Value::Null);
                        latencies.push(t.elapsed());
                        numbers.push(body["registry_number"].as_str().unwrap_or("").to_owned());
                    }
                    Ok(r) => errors.push(format!(
                        "{}: {}",
                        r.status(),
                        r.text().await.unwrap_or_default()
                    )),
                    Err(e) => errors.push(e.to_string()),
                }
            }
            (latencies, numbers, errors)
        }));
    }
    let (mut latencies, mut numbers, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for task in tasks {
        let (l, n, e) = task.await.expect("client task");
        latencies.extend(l);
        numbers.extend(n);
        errors.extend(e);
    }
    let elapsed = start.elapsed();
    let distinct: BTreeSet<&String> = numbers.iter().collect();
    let stats = Stats::of(&latencies);
    println!();
    println!("Submissions end to end (PostgreSQL): POST /api/eforms/submit");
    println!(
        "  {clients} signed-in citizens for {seconds} s; each submission validated against its"
    );
    println!(
        "  form version and registered through records (receipt + registration, one transaction)"
    );
    println!("  {:<30} {:>10}", "submissions", numbers.len());
    println!(
        "  {:<30} {:>10.1}",
        "submissions per second",
        numbers.len() as f64 / elapsed.as_secs_f64()
    );
    println!("  {:<30} {:>10.1}", "latency p50 (ms)", stats.p50_ms());
    println!("  {:<30} {:>10.1}", "latency p95 (ms)", stats.p95_ms());
    println!("  {:<30} {:>10.1}", "latency p99 (ms)", stats.p99_ms());
    println!(
        "  {:<30} {:>10}",
        "registry numbers distinct",
        if distinct.len() == numbers.len() {
            "yes"
        } else {
            "NO"
        }
    );
    println!("  {:<30} {:>10}", "errors", errors.len());
    for error in errors.iter().take(3) {
        println!("    {error}");
    }
}

// ---- 2. The builder on a 150-field form ---------------------------------------------------------

async fn bench_builder(address: &str, runs: usize) {
    let operator = staff(address, "operator").await;
    let definition = definition_150().to_string();
    // The form becomes the central general request's next version (as the builder saves it).
    call(
        &operator,
        address,
        "eforms/templates/publish",
        &[
            ("code", "e_papir"),
            ("definition", &definition),
            ("note", "150 kérdés"),
        ],
    )
    .await;
    let (mut loads, mut saves, mut local) = (Vec::new(), Vec::new(), Vec::new());
    let mut size = 0;
    for run in 0..runs {
        let t = Instant::now();
        let loaded = call(
            &operator,
            address,
            "eforms/templates/definition",
            &[("code", "e_papir")],
        )
        .await;
        loads.push(t.elapsed());
        let json = loaded["definition_json"].as_str().unwrap().to_owned();
        size = json.len();
        // The browser's part: parse, edit one field, check, serialise.
        let t = Instant::now();
        let mut parsed: FormDefinition = serde_json::from_str(&json).unwrap();
        parsed.pages[run % 10].sections[0].fields[run % 15].label =
            format!("Módosított kérdés {run}");
        let problems = parsed.problems();
        assert!(problems.is_empty(), "{problems:?}");
        let saved = serde_json::to_string(&parsed).unwrap();
        local.push(t.elapsed());
        let t = Instant::now();
        call(
            &operator,
            address,
            "eforms/templates/publish",
            &[
                ("code", "e_papir"),
                ("definition", &saved),
                ("note", "mérés"),
            ],
        )
        .await;
        saves.push(t.elapsed());
    }
    let fields = serde_json::from_str::<FormDefinition>(&definition)
        .map(|d| {
            d.pages
                .iter()
                .flat_map(|p| &p.sections)
                .map(|s| s.fields.len())
                .sum::<usize>()
        })
        .unwrap_or(0);
    println!();
    println!(
        "Form builder, {fields}-field form ({size} bytes of JSON), {runs} rounds, as the operator"
    );
    for (name, samples) in [
        ("load: eforms/templates/definition", &loads),
        ("edit + problems() + serialise", &local),
        ("save: eforms/templates/publish", &saves),
    ] {
        let stats = Stats::of(samples);
        println!(
            "  {:<36} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms",
            name,
            stats.p50_ms(),
            stats.p95_ms(),
            stats.max_ms()
        );
    }
}
