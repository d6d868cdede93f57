//! Records management: registering documents with gapless numbers per municipality.
use std::collections::BTreeSet;

use serde_json::json;

use crate::both_backends;
use crate::support::*;

fn registration(subject: &str) -> Vec<(&'static str, String)> {
    vec![
        ("subject", subject.to_owned()),
        ("direction", "Incoming".to_owned()),
        ("channel", "Paper".to_owned()),
        ("sender", "Kiss Péter".to_owned()),
    ]
}

async fn register(browser: &Browser, subject: &str) -> ApiResponse {
    let form = registration(subject);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.call("records/register", &pairs).await
}

fn year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

both_backends!(
    async fn registry_numbers_are_gapless_per_municipality_and_year(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.login("godollo.iktato").await;
        let year = year();
        assert_eq!(
            register(&godollo, "Építési engedély iránti kérelem")
                .await
                .ok(),
            json!(format!("1-1/{year}"))
        );
        assert_eq!(
            register(&godollo, "Panasz a közvilágításról").await.ok(),
            json!(format!("2-1/{year}"))
        );

        // Concurrent registrations queue on the register book: every number once, no gaps.
        let mut tasks = Vec::new();
        for i in 0..8 {
            let browser = app.login("godollo.iktato").await;
            tasks.push(tokio::spawn(async move {
                register(&browser, &format!("Kérelem {i}")).await.ok()
            }));
        }
        let mut numbers = BTreeSet::new();
        for task in tasks {
            let number = task.await.unwrap();
            numbers.insert(number.as_str().unwrap().to_owned());
        }
        let expected: BTreeSet<String> = (3..=10).map(|n| format!("{n}-1/{year}")).collect();
        assert_eq!(numbers, expected);

        // Another municipality's book starts at 1 (the joint office keeps books apart too).
        let fot = app.login("kozos.ugyintezo").await;
        assert_eq!(
            register(&fot, "Hagyatéki ügy").await.ok(),
            json!(format!("1-1/{year}"))
        );

        let godollo_id = app.municipality_id("Gödöllő").await;
        let audited = app
            .audit_entries(godollo_id)
            .await
            .into_iter()
            .filter(|e| e.action == "records.register")
            .count();
        assert_eq!(audited, 10);
    }
);

both_backends!(
    async fn registration_needs_a_records_role_and_a_subject(backend: Backend) {
        let app = spawn_app(backend).await;
        let tax_clerk = app.login("godollo.ado").await;
        register(&tax_clerk, "Valami")
            .await
            .refused(403, json!("Forbidden"));
        let clerk = app.login("godollo.iktato").await;
        assert_eq!(
            register(&clerk, "   ").await.field_problem("subject"),
            json!("Required")
        );
        let long = "x".repeat(1001);
        assert_eq!(
            register(&clerk, &long).await.field_problem("subject"),
            json!("TooLong")
        );
        let answer = clerk
            .call(
                "records/register",
                &[
                    ("subject", "Kérelem"),
                    ("direction", "Sideways"),
                    ("channel", "Paper"),
                    ("sender", ""),
                ],
            )
            .await;
        assert_eq!(answer.field_problem("direction"), json!("Malformed"));
        // Nothing was numbered by the refused attempts.
        let year = year();
        assert_eq!(
            register(&clerk, "Kérelem").await.ok(),
            json!(format!("1-1/{year}"))
        );
    }
);

async fn spawn_app_with_demo_records(backend: Backend) -> TestApp {
    let data_dir = tempfile_dir::TempDir::new();
    let pg = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(fresh_postgres_database().await),
    };
    let mut config = test_config(pg.as_ref(), data_dir.path().to_owned());
    config.demo_records = true;
    let mut app = spawn_app_with(config, data_dir).await;
    app.pg = pg;
    app
}

both_backends!(
    async fn the_demo_registry_is_realistic_and_registration_continues_it(backend: Backend) {
        use sea_orm::{ConnectionTrait, Statement};
        let app = spawn_app_with_demo_records(backend).await;
        let godollo_id = app.municipality_id("Gödöllő").await;
        let year = year();
        let db = app.privileged_db().await;
        let backend_kind = db.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend_kind,
                format!(
                    "SELECT main_number, state, last_sub, \
                     (SELECT count(*) FROM document d WHERE d.municipality_id = c.municipality_id \
                      AND d.case_file_id = c.id) AS documents \
                     FROM case_file c WHERE municipality_id = {godollo_id} AND year = {year}"
                ),
            ))
            .await
            .unwrap();
        let mut mains = Vec::new();
        let mut states = BTreeSet::new();
        for row in &rows {
            let main: i32 = row.try_get("", "main_number").unwrap();
            let last_sub: i32 = row.try_get("", "last_sub").unwrap();
            let documents: i64 = row.try_get("", "documents").unwrap();
            assert_eq!(
                i64::from(last_sub),
                documents,
                "case {main}: sub-numbers gapless"
            );
            mains.push(u32::try_from(main).unwrap());
            states.insert(row.try_get::<String>("", "state").unwrap());
        }
        assert!(mains.len() >= 80, "{} case files this year", mains.len());
        assert!(
            openasp_app::records::domain::is_gapless(&mains),
            "this year's main numbers run 1..n"
        );
        for state in ["Registered", "Assigned", "InProgress", "Closed", "Archived"] {
            assert!(
                states.contains(state),
                "a case file in state {state}: {states:?}"
            );
        }

        // The clerk sees it all, and the next registration continues the book.
        let clerk = app.login("godollo.iktato").await;
        let listed = clerk
            .call("records/list", &[("q", ""), ("page", "1")])
            .await
            .ok();
        assert!(listed["total"].as_u64().unwrap() >= 800, "{listed}");
        let next = mains.len() + 1;
        assert_eq!(
            register(&clerk, "Kérelem a bemutató adatok után")
                .await
                .ok(),
            json!(format!("{next}-1/{year}"))
        );

        // Loading again adds nothing.
        assert!(!openasp_app::demo::load_records(&app.db).await.unwrap());
    }
);
