//! Tenant isolation: an administrator of one municipality reaches nothing of another, through
//! any server function, whatever ids they send; and on PostgreSQL row-level security holds
//! even for queries that forget their `municipality_id` filter.
use std::collections::BTreeSet;
use std::sync::Mutex;

use openasp_app::framework::db::{app_user, audit_chain_head, audit_log, role_grant, substitution};
use openasp_app::website::db::{website_host, website_item, website_revision, website_site};
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
    ("/api/records/master/units", Reach::Swept),
    ("/api/records/master/unit/save", Reach::Swept),
    ("/api/records/master/unit/active", Reach::Swept),
    ("/api/records/master/books", Reach::Swept),
    ("/api/records/master/book/save", Reach::Swept),
    (
        "/api/records/master/book/example",
        Reach::NoTenantId("formats the typed template only; reads and writes nothing"),
    ),
    ("/api/records/master/categories", Reach::Swept),
    ("/api/records/master/category/save", Reach::Swept),
    ("/api/records/master/retention", Reach::Swept),
    ("/api/records/master/retention/save", Reach::Swept),
    ("/api/records/master/partners", Reach::Swept),
    ("/api/records/master/partner/save", Reach::Swept),
    ("/api/records/master/partner/merge", Reach::Swept),
    ("/api/records/master/partner/update", Reach::Swept),
    ("/api/records/master/choices", Reach::Swept),
    ("/api/records/flow/receive", Reach::Swept),
    ("/api/records/flow/receipts", Reach::Swept),
    ("/api/records/flow/receipt", Reach::Swept),
    ("/api/records/flow/register-receipt", Reach::Swept),
    ("/api/records/flow/receive-and-register", Reach::Swept),
    ("/api/records/flow/assignment-choices", Reach::Swept),
    ("/api/records/flow/assign-receipt", Reach::Swept),
    ("/api/records/flow/assign-case", Reach::Swept),
    ("/api/records/flow/case", Reach::Swept),
    ("/api/records/flow/document", Reach::Swept),
    ("/api/records/flow/add-document", Reach::Swept),
    ("/api/records/flow/link", Reach::Swept),
    ("/api/records/flow/merge", Reach::Swept),
    ("/api/records/flow/note", Reach::Swept),
    ("/api/records/flow/suspend", Reach::Swept),
    ("/api/records/flow/resume", Reach::Swept),
    ("/api/records/flow/my-cases", Reach::Swept),
    ("/api/records/flow/drafts", Reach::Swept),
    ("/api/records/flow/deadlines", Reach::Swept),
    ("/api/records/flow/unassigned", Reach::Swept),
    ("/api/records/flow/sign-off", Reach::Swept),
    ("/api/records/flow/dispatch", Reach::Swept),
    ("/api/records/flow/return-receipt", Reach::Swept),
    ("/api/records/flow/dispatch-queue", Reach::Swept),
    ("/api/records/flow/return-receipts", Reach::Swept),
    ("/api/records/flow/dispatch-detail", Reach::Swept),
    ("/api/records/flow/cancel", Reach::Swept),
    ("/api/records/archive/case", Reach::Swept),
    ("/api/records/archive/close", Reach::Swept),
    ("/api/records/archive/reopen", Reach::Swept),
    ("/api/records/archive/archive", Reach::Swept),
    ("/api/records/archive/lend", Reach::Swept),
    ("/api/records/archive/take-back", Reach::Swept),
    ("/api/records/archive/hold", Reach::Swept),
    ("/api/records/archive/release", Reach::Swept),
    ("/api/records/archive/list", Reach::Swept),
    ("/api/records/archive/destruction/candidates", Reach::Swept),
    ("/api/records/archive/destruction/lists", Reach::Swept),
    ("/api/records/archive/destruction/get", Reach::Swept),
    ("/api/records/archive/destruction/propose", Reach::Swept),
    ("/api/records/archive/destruction/approve", Reach::Swept),
    ("/api/records/archive/destruction/execute", Reach::Swept),
    ("/api/records/archive/transfer/due", Reach::Swept),
    ("/api/records/archive/transfer/mark", Reach::Swept),
    ("/api/records/archive/books", Reach::Swept),
    ("/api/records/archive/books/close", Reach::Swept),
    ("/api/records/find/search", Reach::Swept),
    ("/api/records/find/options", Reach::Swept),
    ("/api/records/find/case", Reach::Swept),
    ("/api/records/import/run", Reach::Swept),
    (
        "/api/eforms/templates",
        Reach::NoTenantId("public national reference data: the central templates"),
    ),
    (
        "/api/eforms/templates/publish",
        Reach::NoTenantId("national templates, the operator's platform role only"),
    ),
    ("/api/eforms/editor/forms", Reach::Swept),
    ("/api/eforms/editor/adopt", Reach::Swept),
    ("/api/eforms/editor/adjust", Reach::Swept),
    ("/api/eforms/editor/adopt-latest", Reach::Swept),
    ("/api/eforms/editor/preview", Reach::Swept),
    ("/api/eforms/editor/publish", Reach::Swept),
    ("/api/eforms/editor/unpublish", Reach::Swept),
    ("/api/eforms/public/forms", Reach::Swept),
    ("/api/eforms/public/form", Reach::Swept),
    ("/api/eforms/draft/save", Reach::Swept),
    ("/api/eforms/draft/load", Reach::Swept),
    ("/api/eforms/submit", Reach::Swept),
    ("/api/eforms/my-cases", Reach::Swept),
    ("/api/eforms/upload", Reach::Swept),
    ("/api/eforms/clerk/submissions", Reach::Swept),
    ("/api/eforms/clerk/submission", Reach::Swept),
    ("/api/eforms/clerk/status", Reach::Swept),
    ("/api/eforms/clerk/submissions/page", Reach::Swept),
    ("/api/eforms/clerk/submission/detail", Reach::Swept),
    ("/api/eforms/clerk/mandates", Reach::Swept),
    ("/api/eforms/clerk/mandates/record", Reach::Swept),
    ("/api/eforms/clerk/mandates/revoke", Reach::Swept),
    ("/api/eforms/my-mandates", Reach::Swept),
    ("/api/eforms/submit/on-behalf", Reach::Swept),
    ("/api/eforms/editor/routing-options", Reach::Swept),
    ("/api/eforms/editor/settings", Reach::Swept),
    ("/api/eforms/editor/extra/add", Reach::Swept),
    ("/api/eforms/editor/extra/remove", Reach::Swept),
    ("/api/eforms/templates/definition", Reach::Swept),
    ("/api/website/items", Reach::Swept),
    ("/api/website/item", Reach::Swept),
    ("/api/website/parents", Reach::Swept),
    ("/api/website/save", Reach::Swept),
    ("/api/website/unpublish", Reach::Swept),
    ("/api/website/revisions", Reach::Swept),
    ("/api/website/restore", Reach::Swept),
    ("/api/website/settings", Reach::Swept),
    ("/api/website/settings/save", Reach::Swept),
    (
        "/api/website/settings/logo-remove",
        Reach::NoTenantId("takes no id: clears the acting municipality's own coat of arms"),
    ),
    ("/api/website/menu", Reach::Swept),
    ("/api/website/menu/move", Reach::Swept),
    ("/api/website/menu/rename", Reach::Swept),
    ("/api/website/menu/add-page", Reach::Swept),
    (
        "/api/website/menu/add-link",
        Reach::NoTenantId("takes no id: adds to the acting municipality's own menu"),
    ),
    ("/api/website/menu/remove", Reach::Swept),
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
        let fot_master = prepare_records_master(&fot_admin).await;
        let fot_records = records_flow_data(&app, &fot_admin, fot, kozos).await;
        let fot_found = fot_clerk
            .call("records/find/search", &records_search_form("", ""))
            .await
            .ok();
        let fot_case = fot_found["page"]["items"][0]["case_file_id"].to_string();
        assert_ne!(fot_case, "null", "{fot_found}");
        // Fót publishes an e-form and a citizen submits it: ids for the e-forms sweep.
        let fot_eforms = crate::eforms::fot_submission(&app, &fot_admin).await;
        let fot_eforms_staff = crate::eforms_clerk::fot_mandate(&app, &fot_admin).await;
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

        let fot_menu =
            fot_admin.call("website/menu", &[]).await.ok()["entries"][0]["id"].to_string();
        assert_ne!(fot_menu, "null", "Fót's demo menu");

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
            assert_eq!(
                answer.field_problem("user"),
                json!("framework.not_a_member")
            );
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
            assert_eq!(answer.field_problem(field), json!("framework.not_a_member"));
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
        assert_eq!(
            answer.field_problem("username"),
            json!("framework.username_taken")
        );

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
        let vezeto = app.user_id("godollo.vezeto").await;
        assert_eq!(listed, BTreeSet::from([godollo_admin, iktato, ado, vezeto]));
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
        sweep_records_flow(&app, &admin, godollo, &fot_records).await;
        // Finding things: Fót's case file is not found; searches and choices show Gödöllő's.
        admin
            .call("records/find/case", &[("id", &fot_case)])
            .await
            .refused(404, not_found.clone());
        for (q, number) in [("", ""), ("Fót", ""), ("belső", ""), ("", "1")] {
            let found = admin
                .call("records/find/search", &records_search_form(q, number))
                .await
                .ok();
            assert!(
                found["page"]["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|h| h["subject"] == "Kérelem"),
                "{q}/{number}: {found}"
            );
        }
        let choices = admin.call("records/find/options", &[]).await.ok();
        let clerks: BTreeSet<i64> = choices["clerks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        let head_of_records = app.user_id("godollo.vezeto").await;
        assert_eq!(
            clerks,
            BTreeSet::from([godollo_admin, iktato, head_of_records])
        );
        // An import writes into the acting municipality only.
        let report = admin
            .call(
                "records/import/run",
                &[(
                    "csv",
                    "konyv;2019;FOT;Fót könyve;{prefix}/{main}-{sub}/{year}\n\
                     ugyirat;2019;FOT;1;Átvett ügy;lezárva;2019-01-01;\n",
                )],
            )
            .await
            .ok();
        assert_eq!(report["imported"], true, "{report}");
        let imported = openasp_app::records::db::case_file::Entity::find()
            .filter(openasp_app::records::db::case_file::Column::Subject.eq("Átvett ügy"))
            .all(&app.privileged_db().await)
            .await
            .unwrap();
        assert_eq!(imported.len(), 1);
        assert_eq!(imported[0].municipality_id, godollo);
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
        // Fót's menu entries and pages are out of reach of Gödöllő's menu screen.
        let menu = admin.call("website/menu", &[]).await.ok();
        assert!(
            menu["entries"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["id"].as_i64() != fot_menu.parse::<i64>().ok()),
            "{menu}"
        );
        assert!(
            menu["pages"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["id"].as_i64() != fot_page.parse::<i64>().ok())
        );
        for (endpoint, form) in [
            (
                "website/menu/move",
                vec![("id", fot_menu.as_str()), ("how", "Down")],
            ),
            (
                "website/menu/rename",
                vec![("id", fot_menu.as_str()), ("label", "Átvett")],
            ),
            ("website/menu/remove", vec![("id", fot_menu.as_str())]),
        ] {
            admin
                .call(endpoint, &form)
                .await
                .refused(404, not_found.clone());
        }
        assert_eq!(
            admin
                .call(
                    "website/menu/add-page",
                    &[("item", &fot_page), ("label", "")]
                )
                .await
                .field_problem("item"),
            json!("Malformed"),
            "Fót's page is no page of Gödöllő's"
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
            json!("website.host_taken")
        );

        let verified = admin.call("audit/verify", &[]).await.ok();
        assert_eq!(
            verified,
            json!({"entries_checked": app.audit_entries(godollo).await.len(), "problem": null})
        );

        sweep_records_master(&app, &admin, &fot_master, fot).await;

        sweep_records_archive(&app, &admin).await;

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
            json!("framework.grant.administrator_exists")
        );
        operator
            .call("members/get", &[("user", &kozos.to_string())])
            .await
            .refused(403, json!("NoMunicipality"));

        // E-forms: Fót's forms and submissions are out of reach of Gödöllő's editor, clerk
        // and citizens alike.
        {
            let admin = &admin;
            crate::eforms::sweep(&fot_eforms, |endpoint, form| async move {
                let pairs: Vec<(&str, &str)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                admin.call(endpoint, &pairs).await
            })
            .await;
            crate::eforms_clerk::sweep(
                &fot_eforms,
                &fot_eforms_staff,
                |endpoint, form| async move {
                    let pairs: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    admin.call(endpoint, &pairs).await
                },
            )
            .await;
            crate::eforms_clerk::sweep_downloads(admin.browser, &fot_eforms).await;
        }
        let (citizen, _) = crate::eforms::citizen_browser(&app, "Sweep", "Citizen").await;
        let citizen = Recording {
            browser: &citizen,
            called: &called,
        };
        {
            let citizen = &citizen;
            crate::eforms::sweep_as_citizen(&fot_eforms, |endpoint, form| async move {
                let pairs: Vec<(&str, &str)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                citizen.call(endpoint, &pairs).await
            })
            .await;
            crate::eforms_clerk::sweep_as_citizen(
                &fot_eforms,
                &fot_eforms_staff,
                |endpoint, form| async move {
                    let pairs: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    citizen.call(endpoint, &pairs).await
                },
            )
            .await;
        }

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

// ---- Records: the daily flow -------------------------------------------------------------

/// Fót's records, made by Fót's own head (fot.jegyzo): what the sweep aims at.
struct FotRecords {
    municipality: i32,
    partner: String,
    /// Assigned, not registered.
    receipt: String,
    case: String,
    case_number: String,
    document: String,
    draft: String,
    signed_off: String,
    dispatch: String,
}

async fn records_flow_data(app: &TestApp, fot_head: &Browser, fot: i32, kozos: i64) -> FotRecords {
    use openasp_app::records::db::receipt;
    let flow = |endpoint: &str| format!("records/flow/{endpoint}");
    let receive = |subject: &'static str| async move {
        fot_head
            .call(
                "records/flow/receive",
                &[
                    ("subject", subject),
                    ("channel", "Paper"),
                    ("sender", "Fóti Ferenc"),
                    ("partner", ""),
                    ("received_at", ""),
                    ("envelope", ""),
                ],
            )
            .await
            .ok()["id"]
            .to_string()
    };
    // A first case file, so that the one aimed at is Fót's second: a number Gödöllő lacks.
    fot_head
        .call(
            "records/register",
            &[
                ("subject", "Fóti első ügy"),
                ("direction", "Internal"),
                ("channel", "Internal"),
                ("sender", ""),
            ],
        )
        .await
        .ok();
    let assigned = receive("Fóti kérelem").await;
    fot_head
        .call(
            &flow("assign-receipt"),
            &[
                ("receipt", &assigned),
                ("unit", ""),
                ("handler", &kozos.to_string()),
                ("deadline", ""),
                ("instructions", ""),
            ],
        )
        .await
        .ok();
    let registered = receive("Fóti panasz").await;
    let registered = fot_head
        .call(
            &flow("register-receipt"),
            &[("receipt", &registered), ("case_file", "")],
        )
        .await
        .ok();
    let case = registered["case_file_id"].to_string();
    let document = registered["document_id"].to_string();
    let case_number = fot_head
        .call(&flow("case"), &[("case_file", &case)])
        .await
        .ok()["case"]["registry_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut drafts = Vec::new();
    for _ in 0..3 {
        let draft = fot_head
            .call(
                &flow("add-document"),
                &[
                    ("case_file", &case),
                    ("kind", "Outgoing"),
                    ("subject", "Fóti válasz"),
                    ("sender", ""),
                    ("body", "Fóti szöveg"),
                ],
            )
            .await
            .ok();
        drafts.push(draft["document_id"].to_string());
    }
    for signed in &drafts[1..] {
        fot_head
            .call(&flow("sign-off"), &[("document", signed)])
            .await
            .ok();
    }
    let dispatch = fot_head
        .call(
            &flow("dispatch"),
            &[
                ("document", &drafts[2]),
                ("method", "post"),
                ("recipient", "Fóti Ferenc"),
                ("address", "2151 Fót, Vörösmarty tér 1."),
                ("tracking_number", ""),
            ],
        )
        .await
        .ok()
        .to_string();
    let partner = receipt::Entity::find()
        .filter(receipt::Column::MunicipalityId.eq(fot))
        .all(&app.privileged_db().await)
        .await
        .unwrap()
        .into_iter()
        .find_map(|r| r.partner_id)
        .unwrap()
        .to_string();
    FotRecords {
        municipality: fot,
        partner,
        receipt: assigned,
        case,
        case_number,
        document,
        draft: drafts[0].clone(),
        signed_off: drafts[1].clone(),
        dispatch,
    }
}

/// Every records row of one municipality, in key order.
async fn records_rows(app: &TestApp, municipality: i32) -> Vec<String> {
    use openasp_app::records::db::{
        case_event, case_file, case_link, case_note, dispatch, document, partner, receipt,
    };
    let db = app.privileged_db().await;
    let mut rows = Vec::new();
    macro_rules! dump {
        ($entity:ident) => {
            for row in $entity::Entity::find()
                .filter($entity::Column::MunicipalityId.eq(municipality))
                .all(&db)
                .await
                .unwrap()
            {
                rows.push(format!("{row:?}"));
            }
        };
    }
    dump!(receipt);
    dump!(case_file);
    dump!(document);
    dump!(case_note);
    dump!(case_link);
    dump!(case_event);
    dump!(dispatch);
    dump!(partner);
    rows.sort();
    rows
}

/// Gödöllő's administrator (all roles, records head included) aims every function of the
/// daily flow at Fót's records: not found, nothing changed, nothing listed.
async fn sweep_records_flow(app: &TestApp, admin: &Recording<'_>, godollo: i32, fot: &FotRecords) {
    use openasp_app::records::db::case_file;
    let before = records_rows(app, fot.municipality).await;
    let not_found = json!("NotFound");
    let iktato = app.user_id("godollo.iktato").await.to_string();
    let kozos = app.user_id("kozos.ugyintezo").await.to_string();
    let receipt_form = |partner: &str, handler: &str| {
        vec![
            ("subject", "Kérelem".to_owned()),
            ("channel", "Paper".to_owned()),
            ("sender", "Fóti Ferenc".to_owned()),
            ("partner", partner.to_owned()),
            ("received_at", String::new()),
            ("envelope", String::new()),
            ("unit", String::new()),
            ("handler", handler.to_owned()),
            ("category", String::new()),
        ]
    };
    // Another municipality's partner is no sender here, nor its clerk a handler.
    let form = receipt_form(&fot.partner, "");
    let form_ref: Vec<(&str, &str)> = form[..6].iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        admin
            .call("records/flow/receive", &form_ref)
            .await
            .field_problem("partner"),
        json!("Malformed")
    );
    let form = receipt_form("", &kozos);
    let form_ref: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        admin
            .call("records/flow/receive-and-register", &form_ref)
            .await
            .field_problem("handler"),
        json!("framework.not_a_member")
    );
    let aimed: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("receipt", vec![("receipt", &fot.receipt)]),
        (
            "assign-receipt",
            vec![
                ("receipt", &fot.receipt),
                ("unit", ""),
                ("handler", &iktato),
                ("deadline", ""),
                ("instructions", ""),
            ],
        ),
        (
            "register-receipt",
            vec![("receipt", &fot.receipt), ("case_file", "")],
        ),
        ("case", vec![("case_file", &fot.case)]),
        ("document", vec![("document", &fot.document)]),
        (
            "assign-case",
            vec![
                ("case_file", &fot.case),
                ("unit", ""),
                ("handler", &iktato),
                ("category", ""),
                ("deadline", ""),
                ("instructions", ""),
            ],
        ),
        (
            "add-document",
            vec![
                ("case_file", &fot.case),
                ("kind", "Incoming"),
                ("subject", "Levél"),
                ("sender", ""),
                ("body", ""),
            ],
        ),
        (
            "link",
            vec![("case_file", &fot.case), ("antecedent", &fot.case_number)],
        ),
        (
            "merge",
            vec![("case_file", &fot.case), ("into", &fot.case_number)],
        ),
        ("note", vec![("case_file", &fot.case), ("body", "x")]),
        ("suspend", vec![("case_file", &fot.case), ("reason", "x")]),
        ("resume", vec![("case_file", &fot.case)]),
        ("sign-off", vec![("document", &fot.draft)]),
        (
            "dispatch",
            vec![
                ("document", &fot.signed_off),
                ("method", "electronic"),
                ("recipient", "x"),
                ("address", ""),
                ("tracking_number", ""),
            ],
        ),
        (
            "return-receipt",
            vec![
                ("dispatch", &fot.dispatch),
                ("status", "delivered"),
                ("date", "2026-01-01"),
            ],
        ),
        ("dispatch-detail", vec![("dispatch", &fot.dispatch)]),
        ("cancel", vec![("document", &fot.document), ("reason", "x")]),
    ];
    for (endpoint, form) in aimed {
        admin
            .call(&format!("records/flow/{endpoint}"), &form)
            .await
            .refused(404, not_found.clone());
    }
    // Registry numbers typed by hand are looked up in the acting municipality only.
    let own_case = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(godollo))
        .one(&app.privileged_db().await)
        .await
        .unwrap()
        .expect("Gödöllő registered a case file above")
        .id
        .to_string();
    // (Fót's case file is its second; Gödöllő has only a first one by that number.)
    assert_eq!(fot.case_number, format!("2/{}", chrono_year()));
    for (endpoint, field) in [("link", "antecedent"), ("merge", "into")] {
        let answer = admin
            .call(
                &format!("records/flow/{endpoint}"),
                &[
                    ("case_file", own_case.as_str()),
                    (field, fot.case_number.as_str()),
                ],
            )
            .await;
        assert_eq!(answer.field_problem(field), json!("Malformed"));
    }
    // Lists show none of Fót's records, names or clerks.
    for (endpoint, form) in [
        ("receipts", vec![("scope", "all"), ("page", "1")]),
        ("my-cases", vec![("page", "1")]),
        ("drafts", vec![("scope", "mine"), ("page", "1")]),
        ("drafts", vec![("scope", "to-sign"), ("page", "1")]),
        ("deadlines", vec![("overdue", "false"), ("page", "1")]),
        ("unassigned", vec![("page", "1")]),
        ("dispatch-queue", vec![("page", "1")]),
        (
            "return-receipts",
            vec![("filter", "all"), ("days", "0"), ("page", "1")],
        ),
        ("assignment-choices", vec![]),
    ] {
        let answer = admin.call(&format!("records/flow/{endpoint}"), &form).await;
        assert_eq!(answer.status, 200, "{endpoint}: {}", answer.text);
        for foreign in ["Fóti", "Kovács Klára", "Fehér Ferenc"] {
            assert!(
                !answer.text.contains(foreign),
                "{endpoint} shows {foreign}: {}",
                answer.text
            );
        }
    }
    assert_eq!(records_rows(app, fot.municipality).await, before);
}

fn chrono_year() -> String {
    use chrono::Datelike;
    chrono::Utc::now().year().to_string()
}

/// Records archive (issue 4): Gödöllő's administrator (a records head too) aims every
/// closing, archive, disposal, transfer and book-closing function at Fót's case file, its
/// destruction list and its register book: each is NotFound or lists only Gödöllő's.
async fn sweep_records_archive(app: &TestApp, admin: &Recording<'_>) {
    use openasp_app::records::db::{case_file, destruction_list, register_book};
    use sea_orm::ActiveValue::Set;
    let db = app.privileged_db().await;
    // The joint-office clerk's case file (registered where the clerk acts: Csomád or Fót).
    let fot_case = case_file::Entity::find()
        .filter(case_file::Column::Subject.eq("Fót belső ügye"))
        .one(&db)
        .await
        .unwrap()
        .expect("the joint office registered a case file");
    let fot = fot_case.municipality_id;
    let fot_book = register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(fot))
        .one(&db)
        .await
        .unwrap()
        .expect("Fót's register book")
        .id;
    // Test-only: a destruction list of Fót's (written behind the application's back).
    let fot_list = 4_242_424_242_i64;
    destruction_list::Entity::insert(destruction_list::ActiveModel {
        municipality_id: Set(fot),
        id: Set(fot_list),
        title: Set("Fót jegyzéke".to_owned()),
        state: Set("approved".to_owned()),
        created_at: Set(chrono::Utc::now()),
        created_by: Set(None),
        approved_at: Set(None),
        approved_by: Set(None),
        executed_at: Set(None),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();
    let (case, list, book) = (
        fot_case.id.to_string(),
        fot_list.to_string(),
        fot_book.to_string(),
    );
    let not_found = json!("NotFound");
    for (endpoint, form) in [
        ("records/archive/case", vec![("case_file", case.as_str())]),
        (
            "records/archive/close",
            vec![("case_file", case.as_str()), ("retention_item", "")],
        ),
        (
            "records/archive/reopen",
            vec![("case_file", case.as_str()), ("reason", "x")],
        ),
        (
            "records/archive/archive",
            vec![("case_file", case.as_str()), ("location", "x")],
        ),
        (
            "records/archive/lend",
            vec![
                ("case_file", case.as_str()),
                ("lent_to", "x"),
                ("due", "2099-01-01"),
            ],
        ),
        (
            "records/archive/take-back",
            vec![("case_file", case.as_str())],
        ),
        (
            "records/archive/hold",
            vec![("case_file", case.as_str()), ("reason", "x")],
        ),
        (
            "records/archive/release",
            vec![("case_file", case.as_str())],
        ),
        (
            "records/archive/destruction/get",
            vec![("list", list.as_str())],
        ),
        (
            "records/archive/destruction/approve",
            vec![("list", list.as_str())],
        ),
        (
            "records/archive/destruction/execute",
            vec![("list", list.as_str())],
        ),
        ("records/archive/books/close", vec![("book", book.as_str())]),
    ] {
        admin
            .call(endpoint, &form)
            .await
            .refused(404, not_found.clone());
    }
    for (endpoint, form) in [
        (
            "records/archive/list",
            vec![("view", "archived"), ("page", "1")],
        ),
        (
            "records/archive/destruction/candidates",
            vec![("page", "1")],
        ),
        ("records/archive/destruction/lists", vec![("page", "1")]),
        ("records/archive/transfer/due", vec![("page", "1")]),
    ] {
        let page = admin.call(endpoint, &form).await.ok();
        assert_eq!(page["total"], 0, "{endpoint}: {page}");
    }
    let books = admin
        .call("records/archive/books", &[("page", "1")])
        .await
        .ok();
    assert!(
        books["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["id"] != json!(fot_book)),
        "{books}"
    );
    let answer = admin
        .call("records/archive/destruction/propose", &[("title", "x")])
        .await;
    assert_eq!(
        answer.field_problem("title"),
        json!("records.archive.nothing_due")
    );
    let answer = admin.call("records/archive/transfer/mark", &[]).await;
    assert_eq!(
        answer.field_problem("transfer"),
        json!("records.archive.nothing_due")
    );
    let after = case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(fot))
        .filter(case_file::Column::Id.eq(fot_case.id))
        .one(&db)
        .await
        .unwrap();
    assert_eq!(after, Some(fot_case), "Fót's case file unchanged");
    let list_after = destruction_list::Entity::find()
        .filter(destruction_list::Column::Id.eq(fot_list))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(list_after.state, "approved");
    let book_after = register_book::Entity::find()
        .filter(register_book::Column::Id.eq(fot_book))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(book_after.closed_at, None);
}

fn records_search_form<'a>(q: &'a str, number: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("q", q),
        ("number", number),
        ("partner", ""),
        ("clerk", ""),
        ("from", ""),
        ("until", ""),
        ("state", ""),
        ("retention", ""),
        ("sort", ""),
        ("page", "1"),
    ]
}

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
    assert_eq!(
        godollo_grants,
        10 + 1 + 1 + 2,
        "admin, iktató, adó, vezető (2)"
    );
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

// ---- Records master data ----------------------------------------------------------------------

/// Fót's records master data, every table, in key order.
async fn master_rows(app: &TestApp, municipality: i32) -> Vec<String> {
    use openasp_app::records::db::{
        case_category, org_unit, partner, register_book, retention_item,
    };
    let db = app.privileged_db().await;
    let mut rows = Vec::new();
    macro_rules! dump {
        ($entity:ident) => {
            for row in $entity::Entity::find()
                .filter($entity::Column::MunicipalityId.eq(municipality))
                .order_by_asc($entity::Column::Id)
                .all(&db)
                .await
                .unwrap()
            {
                rows.push(format!("{row:?}"));
            }
        };
    }
    dump!(org_unit);
    dump!(register_book);
    dump!(retention_item);
    dump!(case_category);
    dump!(partner);
    rows
}

fn ids_in(page: &Value, key: &str) -> BTreeSet<String> {
    page[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Ids of Fót's records master data, the targets of the sweep.
struct FotMaster {
    book: String,
    partner: String,
    unit: String,
    category: String,
    item: String,
}

/// Fót's own master data, made by Fót's head of records (before the sweep's snapshot).
async fn prepare_records_master(fot_admin: &Browser) -> FotMaster {
    let year = {
        use chrono::Datelike;
        chrono::Utc::now().year().to_string()
    };
    let book = fot_admin
        .call(
            "records/master/book/save",
            &[
                ("id", ""),
                ("kind", "register"),
                ("year", &year),
                ("name", "Fót építésügy"),
                ("prefix", "FÉP"),
                ("template", "{prefix}/{main}-{sub}/{year}"),
            ],
        )
        .await
        .ok();
    let partner = fot_admin
        .call(
            "records/master/partner/save",
            &[
                ("kind", "person"),
                ("name", "Fóti Ferenc"),
                ("birth_date", ""),
                ("tax_number", ""),
                ("postal_code", "2151"),
                ("city", "Fót"),
                ("street_address", "Vörösmarty tér 1."),
                ("email", ""),
                ("phone", ""),
            ],
        )
        .await
        .ok();
    let choices = fot_admin.call("records/master/choices", &[]).await.ok();
    let first = |key: &str| choices[key][0]["id"].as_str().unwrap().to_owned();
    FotMaster {
        book: book.as_str().unwrap().to_owned(),
        partner: partner["id"].as_str().unwrap().to_owned(),
        unit: first("units"),
        category: first("categories"),
        item: first("retention_items"),
    }
}

/// Gödöllő's administrator (head of records there) aims every master-data function at Fót's
/// units, books, categories, retention items and partners: nothing is found, listed or changed.
async fn sweep_records_master(
    app: &TestApp,
    admin: &Recording<'_>,
    fot_master: &FotMaster,
    fot: i32,
) {
    let year = {
        use chrono::Datelike;
        chrono::Utc::now().year().to_string()
    };
    let FotMaster {
        book: fot_book,
        partner: fot_partner,
        unit: fot_unit,
        category: fot_category,
        item: fot_item,
    } = fot_master;
    let fot_ids: BTreeSet<String> = [fot_book, fot_partner, fot_unit, fot_category, fot_item]
        .into_iter()
        .cloned()
        .collect();
    let before = master_rows(app, fot).await;
    assert!(before.len() > 60, "Fót has master data");
    let not_found = json!("NotFound");

    // Lists and choices show Gödöllő's own rows only.
    let mut seen = BTreeSet::new();
    for (endpoint, form) in [
        ("records/master/units", vec![("page", "1")]),
        ("records/master/books", vec![("year", ""), ("page", "1")]),
        ("records/master/categories", vec![("page", "1")]),
        ("records/master/retention", vec![("q", ""), ("page", "1")]),
        ("records/master/partners", vec![("q", ""), ("page", "1")]),
        (
            "records/master/partners",
            vec![("q", "Fóti"), ("page", "1")],
        ),
    ] {
        let page = admin.call(endpoint, &form).await.ok();
        seen.extend(ids_in(&page, "items"));
    }
    let choices = admin.call("records/master/choices", &[]).await.ok();
    for key in ["units", "categories", "retention_items"] {
        seen.extend(ids_in(&choices, key));
    }
    assert!(seen.is_disjoint(&fot_ids), "{seen:?}");
    let found = admin
        .call(
            "records/master/partners",
            &[("q", "Fóti Ferenc"), ("page", "1")],
        )
        .await
        .ok();
    assert_eq!(found["total"], 0);

    // Changing Fót's rows by their ids finds nothing.
    for (endpoint, form) in [
        (
            "records/master/unit/save",
            vec![("id", fot_unit.as_str()), ("name", "Elvett"), ("code", "")],
        ),
        (
            "records/master/unit/active",
            vec![("id", fot_unit.as_str()), ("active", "false")],
        ),
        (
            "records/master/book/save",
            vec![
                ("id", fot_book.as_str()),
                ("kind", "register"),
                ("year", year.as_str()),
                ("name", "Elvett"),
                ("prefix", "X"),
                ("template", "{main}-{sub}/{year}"),
            ],
        ),
        (
            "records/master/category/save",
            vec![
                ("id", fot_category.as_str()),
                ("code", "ELV"),
                ("name", "Elvett"),
                ("deadline_days", "5"),
                ("retention_item", ""),
                ("unit", ""),
                ("active", "false"),
            ],
        ),
        (
            "records/master/retention/save",
            vec![
                ("id", fot_item.as_str()),
                ("code", "ELV/1"),
                ("title", "Elvett"),
                ("retention_years", "1"),
                ("not_disposable", "false"),
                ("archive_transfer_years", ""),
                ("active", "false"),
            ],
        ),
        (
            "records/master/partner/update",
            vec![
                ("id", fot_partner.as_str()),
                ("name", "Elvett Ede"),
                ("birth_date", ""),
                ("tax_number", ""),
                ("postal_code", "2100"),
                ("city", "Gödöllő"),
                ("street_address", "Fő tér 1."),
                ("email", ""),
                ("phone", ""),
            ],
        ),
    ] {
        admin
            .call(endpoint, &form)
            .await
            .refused(404, not_found.clone());
    }
    // Nor can Gödöllő's rows point at Fót's.
    let answer = admin
        .call(
            "records/master/category/save",
            &[
                ("id", ""),
                ("code", "FOTI"),
                ("name", "Fóti tétellel"),
                ("deadline_days", "30"),
                ("retention_item", fot_item),
                ("unit", fot_unit),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(answer.field_problem("retention_item"), json!("Malformed"));
    assert_eq!(answer.field_problem("unit"), json!("Malformed"));
    // Fót's partner is not offered as Gödöllő's duplicate: Gödöllő gets its own.
    let own = admin
        .call(
            "records/master/partner/save",
            &[
                ("kind", "person"),
                ("name", "Fóti Ferenc"),
                ("birth_date", ""),
                ("tax_number", ""),
                ("postal_code", "2151"),
                ("city", "Fót"),
                ("street_address", "Vörösmarty tér 1."),
                ("email", ""),
                ("phone", ""),
            ],
        )
        .await
        .ok();
    assert_eq!(own["existing"], false);
    let own = own["id"].as_str().unwrap().to_owned();
    assert_ne!(&own, fot_partner);
    for (duplicate, into) in [(fot_partner, &own), (&own, fot_partner)] {
        admin
            .call(
                "records/master/partner/merge",
                &[("duplicate", duplicate), ("into", into)],
            )
            .await
            .refused(404, not_found.clone());
    }
    assert_eq!(master_rows(app, fot).await, before);
}
