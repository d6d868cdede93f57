//! Tenant isolation: an administrator of one municipality reaches nothing of another, through
//! any server function, whatever ids they send; and on PostgreSQL row-level security holds
//! even for queries that forget their `municipality_id` filter.
use std::collections::BTreeSet;
use std::sync::Mutex;

use openasp_app::db::{
    app_user, audit_chain_head, audit_log, role_grant, substitution, website_host, website_item,
    website_revision, website_site,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    Statement, TransactionTrait,
};
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::*;

/// How a server function relates to tenant data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Takes no tenant id and reads or writes nothing of a tenant (the reason says why).
    NoTenantId(&'static str),
    /// Takes an id or acts on tenant data: the sweep below calls it with another
    /// municipality's ids and checks the refusal.
    Swept,
}

/// Every server function, classified. A new one fails `every_server_function_is_classified…`
/// until it is added here (and, if it reaches tenant data, to the sweep).
const SERVER_FUNCTIONS: &[(&str, Reach)] = &[
    (
        "/api/gazetteer/search",
        Reach::NoTenantId("public national reference data"),
    ),
    (
        "/api/gazetteer/counties",
        Reach::NoTenantId("public national reference data"),
    ),
    (
        "/api/gazetteer/municipality",
        Reach::NoTenantId("public national reference data, by slug"),
    ),
    (
        "/api/auth/login",
        Reach::NoTenantId("credentials only; opens the caller's own session"),
    ),
    (
        "/api/auth/second-factor",
        Reach::NoTenantId("a code for the caller's own pending session"),
    ),
    (
        "/api/auth/logout",
        Reach::NoTenantId("ends the caller's own session"),
    ),
    ("/api/auth/me", Reach::Swept),
    ("/api/auth/switch", Reach::Swept),
    (
        "/api/account/password",
        Reach::NoTenantId("the caller's own account only"),
    ),
    (
        "/api/account/totp/begin",
        Reach::NoTenantId("the caller's own account only"),
    ),
    (
        "/api/account/totp/confirm",
        Reach::NoTenantId("the caller's own account only"),
    ),
    (
        "/api/account/totp/disable",
        Reach::NoTenantId("the caller's own account only"),
    ),
    ("/api/members/list", Reach::Swept),
    ("/api/members/get", Reach::Swept),
    ("/api/members/create", Reach::Swept),
    ("/api/members/grant", Reach::Swept),
    ("/api/members/revoke", Reach::Swept),
    ("/api/members/substitution", Reach::Swept),
    ("/api/members/substitution/revoke", Reach::Swept),
    ("/api/audit/list", Reach::Swept),
    ("/api/audit/verify", Reach::Swept),
    ("/api/operator/municipalities", Reach::Swept),
    ("/api/operator/municipality", Reach::Swept),
    ("/api/operator/status", Reach::Swept),
    ("/api/operator/first-admin", Reach::Swept),
    ("/api/operator/joint-office", Reach::Swept),
    ("/api/records/register", Reach::Swept),
    ("/api/records/list", Reach::Swept),
    ("/api/website/items", Reach::Swept),
    ("/api/website/item", Reach::Swept),
    ("/api/website/parents", Reach::Swept),
    ("/api/website/save", Reach::Swept),
    ("/api/website/unpublish", Reach::Swept),
    ("/api/website/revisions", Reach::Swept),
    ("/api/website/restore", Reach::Swept),
    ("/api/website/settings", Reach::Swept),
    ("/api/website/settings/save", Reach::Swept),
];

/// A browser that remembers which server functions it called.
struct Recording<'a> {
    browser: &'a Browser,
    called: &'a Mutex<BTreeSet<String>>,
}

impl Recording<'_> {
    async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> ApiResponse {
        self.called
            .lock()
            .unwrap()
            .insert(format!("/api/{endpoint}"));
        self.browser.call(endpoint, form).await
    }
}

/// Every tenant row outside the given municipalities, and the accounts given, in key order.
#[derive(Debug, PartialEq)]
struct Snapshot {
    grants: Vec<role_grant::Model>,
    substitutions: Vec<substitution::Model>,
    audit: Vec<audit_log::Model>,
    heads: Vec<audit_chain_head::Model>,
    users: Vec<app_user::Model>,
    website_items: Vec<website_item::Model>,
    website_revisions: Vec<website_revision::Model>,
    website_sites: Vec<website_site::Model>,
    website_hosts: Vec<website_host::Model>,
}

async fn snapshot(app: &TestApp, except: &[i32], users: &[i64]) -> Snapshot {
    let db = app.privileged_db().await;
    let except = except.to_vec();
    Snapshot {
        grants: role_grant::Entity::find()
            .filter(role_grant::Column::MunicipalityId.is_not_in(except.clone()))
            .order_by_asc(role_grant::Column::MunicipalityId)
            .order_by_asc(role_grant::Column::Id)
            .all(&db)
            .await
            .unwrap(),
        substitutions: substitution::Entity::find()
            .filter(substitution::Column::MunicipalityId.is_not_in(except.clone()))
            .order_by_asc(substitution::Column::MunicipalityId)
            .order_by_asc(substitution::Column::Id)
            .all(&db)
            .await
            .unwrap(),
        audit: audit_log::Entity::find()
            .filter(audit_log::Column::MunicipalityId.is_not_in(except.clone()))
            .order_by_asc(audit_log::Column::MunicipalityId)
            .order_by_asc(audit_log::Column::Seq)
            .all(&db)
            .await
            .unwrap(),
        heads: audit_chain_head::Entity::find()
            .filter(audit_chain_head::Column::MunicipalityId.is_not_in(except.clone()))
            .order_by_asc(audit_chain_head::Column::MunicipalityId)
            .all(&db)
            .await
            .unwrap(),
        users: app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(users.to_vec()))
            .order_by_asc(app_user::Column::Id)
            .all(&db)
            .await
            .unwrap(),
        website_items: website_item::Entity::find()
            .filter(website_item::Column::MunicipalityId.is_not_in(except.clone()))
            .order_by_asc(website_item::Column::MunicipalityId)
            .order_by_asc(website_item::Column::Id)
            .all(&db)
            .await
            .unwrap(),
        website_revisions: website_revision::Entity::find()
            .filter(website_revision::Column::MunicipalityId.is_not_in(except.clone()))
            .order_by_asc(website_revision::Column::MunicipalityId)
            .order_by_asc(website_revision::Column::Id)
            .all(&db)
            .await
            .unwrap(),
        website_sites: website_site::Entity::find()
            .filter(website_site::Column::MunicipalityId.is_not_in(except.clone()))
            .order_by_asc(website_site::Column::MunicipalityId)
            .all(&db)
            .await
            .unwrap(),
        website_hosts: website_host::Entity::find()
            .filter(website_host::Column::MunicipalityId.is_not_in(except))
            .order_by_asc(website_host::Column::HostName)
            .all(&db)
            .await
            .unwrap(),
    }
}

/// Every page of the audit browser, unfiltered.
async fn whole_audit_list(browser: &Recording<'_>) -> Vec<Value> {
    let mut all = Vec::new();
    for page in 1.. {
        let answer = browser
            .call(
                "audit/list",
                &[
                    ("actor", ""),
                    ("action", ""),
                    ("from", ""),
                    ("until", ""),
                    ("page", &page.to_string()),
                ],
            )
            .await
            .ok();
        let items = answer["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        all.extend(items);
    }
    all
}

both_backends!(
    async fn no_server_function_reaches_another_municipality(backend: Backend) {
        // The classification covers exactly what is registered.
        let registered: BTreeSet<String> = openasp_server::routes::registered_server_functions()
            .into_iter()
            .map(|(path, method)| {
                assert_eq!(
                    method, "POST",
                    "{path}: state may change, so POST (CSRF-checked)"
                );
                path
            })
            .collect();
        let classified: BTreeSet<String> = SERVER_FUNCTIONS
            .iter()
            .map(|(path, _)| (*path).to_owned())
            .collect();
        let unclassified: Vec<_> = registered.difference(&classified).collect();
        assert!(
            unclassified.is_empty(),
            "server functions without an isolation classification: {unclassified:?}"
        );
        let stale: Vec<_> = classified.difference(&registered).collect();
        assert!(stale.is_empty(), "classified but not registered: {stale:?}");

        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let fot = app.municipality_id("Fót").await;
        let csomad = app.municipality_id("Csomád").await;
        let szentendre = app.municipality_id("Szentendre").await;
        let kozos = app.user_id("kozos.ugyintezo").await;
        let jegyzo = app.user_id("fot.jegyzo").await;
        let honlap = app.user_id("csomad.honlap").await;
        let ado = app.user_id("godollo.ado").await;
        let iktato = app.user_id("godollo.iktato").await;
        let foreign_users = [kozos, jegyzo, honlap];

        // Fót's administrator creates some of Fót's data: its ids are what we will aim at.
        let fot_admin = app.login("fot.jegyzo").await;
        fot_admin
            .call("auth/switch", &[("municipality", &fot.to_string())])
            .await
            .ok();
        let fot_substitution = fot_admin
            .call(
                "members/substitution",
                &[
                    ("absent", &jegyzo.to_string()),
                    ("substitute", &kozos.to_string()),
                    ("role", "RecordsHead"),
                    ("valid_from", &day(-1)),
                    ("valid_until", &day(3)),
                ],
            )
            .await
            .ok()
            .to_string();
        let mut fot_grants = Vec::new();
        for user in [kozos, jegyzo] {
            let detail = fot_admin
                .call("members/get", &[("user", &user.to_string())])
                .await
                .ok();
            for grant in detail["grants"].as_array().unwrap() {
                fot_grants.push(grant["id"].to_string());
            }
        }
        assert_eq!(
            fot_grants.len(),
            2 + 10,
            "kozos: 2 roles, the jegyző: all 10"
        );
        let fot_chain = app.audit_entries(fot).await;
        assert!(fot_chain.len() >= 4, "Fót has history: {fot_chain:?}");

        // Fót's register is Fót's: a Gödöllő clerk's listing never shows it.
        let fot_clerk = app.login("kozos.ugyintezo").await;
        fot_clerk
            .call(
                "records/register",
                &[
                    ("subject", "Fót belső ügye"),
                    ("direction", "Internal"),
                    ("channel", "Internal"),
                    ("sender", ""),
                ],
            )
            .await
            .ok();
        // Fót's website: its editor (the jegyző) saves an item, so it has a revision too.
        let fot_items = fot_admin
            .call("website/items", &[("kind", ""), ("q", ""), ("page", "1")])
            .await
            .ok();
        let fot_item_ids: Vec<String> = fot_items["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].to_string())
            .collect();
        assert!(fot_item_ids.len() >= 10, "Fót's demo content");
        let fot_page = fot_items["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "page")
            .unwrap()["id"]
            .to_string();
        fot_admin
            .call(
                "website/save",
                &[
                    ("form[id]", fot_item_ids[0].as_str()),
                    (
                        "form[kind]",
                        fot_items["items"][0]["kind"].as_str().unwrap(),
                    ),
                    ("form[title]", "Fót saját híre"),
                    ("form[status]", "published"),
                    ("form[doc_category]", "rendelet"),
                    ("form[starts_at]", "2030-01-01T10:00"),
                ],
            )
            .await
            .ok();
        let fot_revision = fot_admin
            .call("website/revisions", &[("item", fot_item_ids[0].as_str())])
            .await
            .ok()[0]["id"]
            .to_string();

        let before = snapshot(&app, &[godollo, 0], &foreign_users).await;
        assert!(before.grants.iter().any(|g| g.municipality_id == fot));
        assert!(
            before
                .website_items
                .iter()
                .any(|i| i.municipality_id == fot)
        );
        assert_eq!(before.substitutions.len(), 1);

        // Gödöllő's administrator now calls everything, aimed at Fót.
        let called = Mutex::new(BTreeSet::new());
        let godollo_browser = app.login("godollo.admin").await;
        let admin = Recording {
            browser: &godollo_browser,
            called: &called,
        };
        let not_found = json!("NotFound");

        for user in foreign_users {
            admin
                .call("members/get", &[("user", &user.to_string())])
                .await
                .refused(404, not_found.clone());
            // Granting a Gödöllő role to another municipality's account is not a way in.
            let answer = admin
                .call(
                    "members/grant",
                    &[
                        ("user", &user.to_string()),
                        ("role", "RecordsClerk"),
                        ("valid_until", ""),
                    ],
                )
                .await;
            assert_eq!(answer.field_problem("user"), json!("NotAMember"));
        }
        for grant in &fot_grants {
            admin
                .call("members/revoke", &[("grant", grant)])
                .await
                .refused(404, not_found.clone());
        }
        admin
            .call(
                "members/substitution/revoke",
                &[("substitution", &fot_substitution)],
            )
            .await
            .refused(404, not_found.clone());
        for (absent, substitute, field) in [
            (kozos, ado, "absent"),
            (iktato, kozos, "substitute"),
            (jegyzo, kozos, "absent"),
        ] {
            let answer = admin
                .call(
                    "members/substitution",
                    &[
                        ("absent", &absent.to_string()),
                        ("substitute", &substitute.to_string()),
                        ("role", "RecordsClerk"),
                        ("valid_from", &day(-1)),
                        ("valid_until", &day(1)),
                    ],
                )
                .await;
            assert_eq!(answer.field_problem(field), json!("NotAMember"));
        }
        // Creating an account cannot take over another municipality's (usernames are national).
        let mut form = vec![
            ("form[username]", "kozos.ugyintezo"),
            ("form[display_name]", "Kovács Klára"),
            ("form[email]", ""),
            ("form[password]", "correct horse battery staple"),
            (
                "form[password_confirmation]",
                "correct horse battery staple",
            ),
        ];
        form.push(("role", "MunicipalityAdmin"));
        let answer = admin.call("members/create", &form).await;
        assert_eq!(answer.field_problem("username"), json!("UsernameTaken"));

        for elsewhere in [fot, csomad] {
            admin
                .call("auth/switch", &[("municipality", &elsewhere.to_string())])
                .await
                .refused(403, json!("NoMunicipality"));
        }
        let me = admin.call("auth/me", &[]).await.ok();
        assert_eq!(me["municipality"]["id"], godollo);
        assert_eq!(
            me["memberships"],
            json!([{"id": godollo, "name": "Gödöllő"}])
        );

        // Lists show Gödöllő's people only, whatever the filter.
        for q in ["Kovács", "kozos", "Fehér", "fot.", "Csonka"] {
            let page = admin
                .call("members/list", &[("q", q), ("page", "1")])
                .await
                .ok();
            assert_eq!(page["total"], 0, "{q}: {page}");
        }
        let page = admin
            .call("members/list", &[("q", ""), ("page", "1")])
            .await
            .ok();
        let listed: BTreeSet<i64> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect();
        let godollo_admin = app.user_id("godollo.admin").await;
        assert_eq!(listed, BTreeSet::from([godollo_admin, iktato, ado]));
        let page = admin
            .call(
                "members/list",
                &[("q", ""), ("role", "WebsiteEditor"), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(
            page["total"], 1,
            "only Gödöllő's own website editor (the admin)"
        );

        // The audit browser shows Gödöllő's chain, all of it and nothing else.
        // (The chain is read first: every listing is itself recorded after it was read.)
        let chain = app.audit_entries(godollo).await;
        let listed = whole_audit_list(&admin).await;
        let listed_seqs: Vec<i64> = listed.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        let chain_seqs: Vec<i64> = chain.iter().rev().map(|e| e.seq).collect();
        assert_eq!(listed_seqs, chain_seqs);
        for (view, row) in listed.iter().zip(chain.iter().rev()) {
            assert_eq!(view["summary"], row.summary);
            assert_eq!(view["action"], row.action);
        }
        for (actor, action) in [("Fehér", ""), ("", "substitution."), ("Kovács", "")] {
            let page = admin
                .call(
                    "audit/list",
                    &[
                        ("actor", actor),
                        ("action", action),
                        ("from", ""),
                        ("until", ""),
                        ("page", "1"),
                    ],
                )
                .await
                .ok();
            assert_eq!(page["total"], 0, "{actor}/{action}: {page}");
        }
        // Registering writes only the acting municipality's register book.
        let year = {
            use chrono::Datelike;
            chrono::Utc::now().year()
        };
        assert_eq!(
            admin
                .call(
                    "records/register",
                    &[
                        ("subject", "Kérelem"),
                        ("direction", "Incoming"),
                        ("channel", "Paper"),
                        ("sender", "")
                    ],
                )
                .await
                .ok(),
            json!(format!("1-1/{year}"))
        );
        for q in ["", "Fót", "1-1"] {
            let register = admin
                .call("records/list", &[("q", q), ("page", "1")])
                .await
                .ok();
            assert!(
                register["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|r| r["subject"] == "Kérelem"),
                "{q}: {register}"
            );
        }
        // The website: Fót's items, revisions, pages and host are out of reach.
        for id in &fot_item_ids {
            admin
                .call("website/item", &[("id", id)])
                .await
                .refused(404, not_found.clone());
            admin
                .call("website/unpublish", &[("id", id)])
                .await
                .refused(404, not_found.clone());
            admin
                .call("website/revisions", &[("item", id)])
                .await
                .refused(404, not_found.clone());
            admin
                .call(
                    "website/save",
                    &[
                        ("form[id]", id),
                        ("form[kind]", "news"),
                        ("form[title]", "Átvett hír"),
                        ("form[status]", "published"),
                    ],
                )
                .await
                .refused(404, not_found.clone());
        }
        admin
            .call("website/restore", &[("revision", &fot_revision)])
            .await
            .refused(404, not_found.clone());
        // A page of Fót cannot become the parent of a Gödöllő page.
        let answer = admin
            .call(
                "website/save",
                &[
                    ("form[id]", ""),
                    ("form[kind]", "page"),
                    ("form[title]", "Gödöllői aloldal"),
                    ("form[status]", "draft"),
                    ("form[parent]", &fot_page),
                ],
            )
            .await;
        assert_eq!(answer.field_problem("parent"), json!("Malformed"));
        let listed = admin
            .call("website/items", &[("kind", ""), ("q", ""), ("page", "1")])
            .await
            .ok();
        assert!(
            listed["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| !fot_item_ids.contains(&i["id"].to_string())),
            "{listed}"
        );
        let parents = admin.call("website/parents", &[]).await.ok();
        assert!(
            parents
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["id"].as_i64() != fot_page.parse::<i64>().ok())
        );
        let mut settings = admin.call("website/settings", &[]).await.ok();
        assert_eq!(settings["site_name"], "Gödöllő Város Önkormányzata");
        settings["host_name"] = json!("fot.localhost");
        let form: Vec<(String, String)> = settings
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                (
                    format!("form[{k}]"),
                    v.as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            admin
                .call("website/settings/save", &pairs)
                .await
                .field_problem("host_name"),
            json!("HostTaken")
        );

        let verified = admin.call("audit/verify", &[]).await.ok();
        assert_eq!(
            verified,
            json!({"entries_checked": app.audit_entries(godollo).await.len(), "problem": null})
        );

        // The operator's functions are not a municipality administrator's.
        let fot_text = fot.to_string();
        for (endpoint, form) in [
            ("operator/municipalities", vec![("q", "fót"), ("page", "1")]),
            (
                "operator/municipality",
                vec![("municipality", fot_text.as_str())],
            ),
            (
                "operator/status",
                vec![
                    ("municipality", fot_text.as_str()),
                    ("status", "Preparation"),
                    ("date", "2026-01-01"),
                ],
            ),
            ("operator/first-admin", {
                let mut form = vec![("municipality", fot_text.as_str())];
                form.extend(member_form("fot.uj.admin"));
                form
            }),
            (
                "operator/joint-office",
                vec![("municipality", fot_text.as_str()), ("seat", "")],
            ),
        ] {
            admin
                .call(endpoint, &form)
                .await
                .refused(403, json!("Forbidden"));
        }
        // Nor may the operator use the first-administrator door into a running municipality.
        let operator = app.login("operator").await;
        let mut form = vec![("municipality", fot_text.as_str())];
        form.extend(member_form("fot.uj.admin"));
        let answer = operator.call("operator/first-admin", &form).await;
        assert_eq!(
            answer.field_problem("role"),
            json!({"Grant": "AdministratorExists"})
        );
        operator
            .call("members/get", &[("user", &kozos.to_string())])
            .await
            .refused(403, json!("NoMunicipality"));

        // Nothing of Fót or Csomád changed, nor the accounts of their people.
        assert_eq!(snapshot(&app, &[godollo, 0], &foreign_users).await, before);
        // And nothing of Szentendre (no administrator yet) came into being.
        assert!(app.audit_entries(szentendre).await.is_empty());

        // One person in two municipalities acts in one at a time: from Csomád, Fót's rows
        // are out of reach of the very administrator who made them.
        fot_admin
            .call("auth/switch", &[("municipality", &csomad.to_string())])
            .await
            .ok();
        let before = snapshot(&app, &[godollo, 0], &foreign_users).await;
        for grant in &fot_grants {
            fot_admin
                .call("members/revoke", &[("grant", grant)])
                .await
                .refused(404, not_found.clone());
        }
        fot_admin
            .call(
                "members/substitution/revoke",
                &[("substitution", &fot_substitution)],
            )
            .await
            .refused(404, not_found.clone());
        assert_eq!(snapshot(&app, &[godollo, 0], &foreign_users).await, before);

        // Every function that reaches tenant data was swept.
        let called = called.into_inner().unwrap();
        let missing: Vec<&str> = SERVER_FUNCTIONS
            .iter()
            .filter(|(path, reach)| *reach == Reach::Swept && !called.contains(*path))
            .map(|(path, _)| *path)
            .collect();
        assert!(
            missing.is_empty(),
            "classified as swept but not called: {missing:?}"
        );
        for (path, reach) in SERVER_FUNCTIONS {
            if let Reach::NoTenantId(reason) = reach {
                assert!(!reason.is_empty(), "{path} needs a reason");
            }
        }
    }
);

fn member_form(username: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("form[username]", username),
        ("form[display_name]", "Új Adminisztrátor"),
        ("form[email]", ""),
        ("form[password]", "correct horse battery staple"),
        (
            "form[password_confirmation]",
            "correct horse battery staple",
        ),
    ]
}

// ---- Row-level security on PostgreSQL -------------------------------------------------------

async fn count(txn: &impl ConnectionTrait, sql: &str) -> i64 {
    txn.query_one_raw(Statement::from_string(DatabaseBackend::Postgres, sql))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}

async fn set(txn: &impl ConnectionTrait, key: &str, value: &str) {
    txn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT set_config($1, $2, true)",
        [key.into(), value.into()],
    ))
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_level_security_binds_the_application_role() {
    let app = spawn_app(Backend::Postgres).await;
    let pg = app.pg.as_ref().unwrap();
    let godollo = app.municipality_id("Gödöllő").await;
    let fot = app.municipality_id("Fót").await;
    let kozos = app.user_id("kozos.ugyintezo").await;
    let superuser = app.privileged_db().await;
    let all_grants = count(&superuser, "SELECT count(*) AS n FROM role_grant").await;
    let godollo_grants = count(
        &superuser,
        &format!("SELECT count(*) AS n FROM role_grant WHERE municipality_id = {godollo}"),
    )
    .await;
    let fot_grants = count(
        &superuser,
        &format!("SELECT count(*) AS n FROM role_grant WHERE municipality_id = {fot}"),
    )
    .await;
    assert_eq!(godollo_grants, 10 + 1 + 1);
    assert_eq!(fot_grants, 10 + 2);
    assert!(all_grants > godollo_grants + fot_grants, "Csomád too");

    let as_app = Database::connect(pg.app_url.as_str()).await.unwrap();

    // Acting in Gödöllő: a query without any filter sees Gödöllő's rows only.
    let txn = as_app.begin().await.unwrap();
    set(&txn, "openasp.municipality_id", &godollo.to_string()).await;
    assert_eq!(
        count(&txn, "SELECT count(*) AS n FROM role_grant").await,
        godollo_grants
    );
    assert_eq!(
        count(
            &txn,
            &format!("SELECT count(*) AS n FROM role_grant WHERE municipality_id <> {godollo}")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &txn,
            &format!("SELECT count(*) AS n FROM role_grant WHERE municipality_id = {fot}")
        )
        .await,
        0
    );
    for table in ["audit_log", "audit_chain_head", "substitution"] {
        assert_eq!(
            count(
                &txn,
                &format!("SELECT count(*) AS n FROM {table} WHERE municipality_id <> {godollo}")
            )
            .await,
            0,
            "{table}"
        );
    }
    assert!(count(&txn, "SELECT count(*) AS n FROM audit_log").await > 0);
    // Writes aimed at Fót touch nothing …
    let changed = txn
        .execute_unprepared(&format!(
            "UPDATE role_grant SET revoked_at = now() WHERE municipality_id = {fot}"
        ))
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 0);
    let deleted = txn
        .execute_unprepared(&format!(
            "DELETE FROM role_grant WHERE municipality_id = {fot}"
        ))
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0);
    txn.commit().await.unwrap();

    // … and a row for Fót cannot be written while acting in Gödöllő.
    for sql in [
        format!(
            "INSERT INTO role_grant (municipality_id, id, user_id, role, valid_from, granted_at)
             VALUES ({fot}, 42, {kozos}, 'municipality_admin', now(), now())"
        ),
        format!(
            "INSERT INTO audit_log (municipality_id, seq, occurred_at, actor_name, action,
                                    object_type, summary, prev_hash, hash)
             VALUES ({fot}, 1000, now(), 'x', 'x', 'x', 'x', 'x', 'x')"
        ),
        format!("UPDATE role_grant SET municipality_id = {fot} WHERE municipality_id = {godollo}"),
    ] {
        let txn = as_app.begin().await.unwrap();
        set(&txn, "openasp.municipality_id", &godollo.to_string()).await;
        let error = txn
            .execute_unprepared(&sql)
            .await
            .expect_err("row-level security refuses the row");
        assert!(error.to_string().contains("row-level security"), "{error}");
        txn.rollback().await.unwrap();
    }

    // Without a municipality nothing is visible at all.
    let txn = as_app.begin().await.unwrap();
    for table in [
        "role_grant",
        "substitution",
        "audit_log",
        "audit_chain_head",
    ] {
        assert_eq!(
            count(&txn, &format!("SELECT count(*) AS n FROM {table}")).await,
            0,
            "{table}"
        );
    }
    txn.rollback().await.unwrap();
    assert_eq!(
        count(&as_app, "SELECT count(*) AS n FROM role_grant").await,
        0,
        "outside a transaction either"
    );

    // A signed-in user may read their own grants everywhere (to list their municipalities),
    // and nobody else's, and may change none of them.
    let txn = as_app.begin().await.unwrap();
    set(&txn, "openasp.user_id", &kozos.to_string()).await;
    assert_eq!(count(&txn, "SELECT count(*) AS n FROM role_grant").await, 3);
    assert_eq!(
        count(
            &txn,
            &format!("SELECT count(*) AS n FROM role_grant WHERE user_id <> {kozos}")
        )
        .await,
        0
    );
    let changed = txn
        .execute_unprepared("UPDATE role_grant SET revoked_at = now()")
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 0);
    txn.rollback().await.unwrap();

    // The superuser saw it all unchanged.
    assert_eq!(
        count(
            &superuser,
            "SELECT count(*) AS n FROM role_grant WHERE revoked_at IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        count(&superuser, "SELECT count(*) AS n FROM role_grant").await,
        all_grants
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_refuses_a_role_that_row_level_security_does_not_bind() {
    for as_whom in ["superuser", "owner"] {
        let pg = fresh_postgres_database().await;
        let data_dir = tempfile_dir::TempDir::new();
        let mut config = test_config(Some(&pg), data_dir.path().to_owned());
        config.database_url = Some(match as_whom {
            "superuser" => pg.admin_url.clone(),
            _ => pg.owner_url.clone(),
        });
        match openasp_server::startup::Application::build(config).await {
            Ok(_) => panic!("the application started as the {as_whom}"),
            Err(error) => {
                assert!(
                    error.to_string().contains("row-level security"),
                    "{as_whom}: {error}"
                );
            }
        }
        // The refused start left the database as it was: configured properly, it starts.
        let app =
            spawn_app_with(test_config(Some(&pg), data_dir.path().to_owned()), data_dir).await;
        app.login("godollo.admin").await;
    }
}
