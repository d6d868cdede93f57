//! Tenant isolation: an administrator of one municipality reaches nothing of another, through
//! any server function or plain route, whatever ids they send; and on PostgreSQL row-level
//! security holds even for queries that forget their `municipality_id` filter.
//!
//! One slice per system (`framework`, `gazetteer`, `records`, `eforms`, `website`, `citizen`):
//! its classification of server functions and plain routes, the data of Fót's it prepares, and
//! its sweep. Here: the shared machinery (classification, recorded calls and their verdicts,
//! snapshots), the registered = classified checks, the sweep's frame and the row-level
//! security tests.
use std::collections::{BTreeMap, BTreeSet};
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

mod citizen;
mod eforms;
mod framework;
mod gazetteer;
mod records;
mod website;

/// How a server function or plain route relates to tenant data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Takes no tenant id and reads or writes nothing of a tenant (the reason says why).
    NoTenantId(&'static str),
    /// Served to anyone, signed in or not, and carries no tenant's data (the reason says why).
    Public(&'static str),
    /// Takes an id or acts on tenant data: the sweep calls it with another municipality's ids
    /// and records the refusal (or the own-only answer) it checked.
    Swept,
}

impl Reach {
    fn reason(self) -> Option<&'static str> {
        match self {
            Reach::NoTenantId(reason) | Reach::Public(reason) => Some(reason),
            Reach::Swept => None,
        }
    }
}

/// A system's classification of its server functions (path).
type FunctionSlice = &'static [(&'static str, Reach)];
/// A system's classification of its plain routes (method, path pattern as routed).
type RouteSlice = &'static [(&'static str, &'static str, Reach)];

/// Every server function, classified: the union of the systems' slices. A new one fails
/// `no_server_function_reaches_another_municipality` until its system's slice classifies it
/// (and, if it reaches tenant data, its sweep refuses it).
fn server_functions() -> Vec<(&'static str, Reach)> {
    [
        framework::SERVER_FUNCTIONS,
        gazetteer::SERVER_FUNCTIONS,
        records::SERVER_FUNCTIONS,
        eforms::SERVER_FUNCTIONS,
        website::SERVER_FUNCTIONS,
        citizen::SERVER_FUNCTIONS,
    ]
    .concat()
}

/// Every plain route as `METHOD /path`, classified: the union of the systems' slices. A new
/// one fails `every_plain_route_is_classified` until its system's slice classifies it.
fn plain_routes() -> Vec<(String, Reach)> {
    [
        framework::PLAIN_ROUTES,
        gazetteer::PLAIN_ROUTES,
        records::PLAIN_ROUTES,
        eforms::PLAIN_ROUTES,
        website::PLAIN_ROUTES,
        citizen::PLAIN_ROUTES,
    ]
    .concat()
    .into_iter()
    .map(|(method, path, reach)| (route_key(method, path), reach))
    .collect()
}

fn route_key(method: &str, path: &str) -> String {
    format!("{method} {path}")
}

/// The keys of a classification, checked to be distinct (a slice may not repeat another's).
fn distinct<'a>(keys: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for key in keys {
        assert!(seen.insert(key.to_owned()), "{key} is classified twice");
    }
    seen
}

#[test]
fn every_plain_route_is_classified() {
    let routed: Vec<String> = openasp_server::routes::plain_routes()
        .into_iter()
        .map(|(path, method)| route_key(method.as_str(), &path))
        .collect();
    let routed = distinct(routed.iter().map(String::as_str));
    let classification = plain_routes();
    let classified = distinct(classification.iter().map(|(key, _)| key.as_str()));
    let unclassified: Vec<_> = routed.difference(&classified).collect();
    assert!(
        unclassified.is_empty(),
        "plain routes without an isolation classification: {unclassified:?}"
    );
    let stale: Vec<_> = classified.difference(&routed).collect();
    assert!(stale.is_empty(), "classified but not routed: {stale:?}");
    for (key, reach) in &classification {
        if let Some(reason) = reach.reason() {
            assert!(!reason.is_empty(), "{key} needs a reason");
        }
    }
}

// ---- Recorded calls and their verdicts -------------------------------------------------------

/// What one recorded call was answered, as the sweep checked it.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    /// Answered with this status; no refusal was checked.
    Answered(u16),
    /// Refused as the sweep asserted: the status and the error (`NotFound`, `Forbidden`, the
    /// refused field with its problem, or a plain route's text).
    Refused(u16, Value),
    /// Answered with the acting municipality's own data only (an empty list, own rows, none
    /// of the other municipality's ids), as the sweep asserted.
    OwnOnly,
}

impl Verdict {
    fn is_refusal(&self) -> bool {
        !matches!(self, Verdict::Answered(_))
    }
}

/// Every call of the sweep, by endpoint (`/api/…`, or `METHOD /path` of a plain route), each
/// with its verdict.
#[derive(Default)]
struct Calls(Mutex<BTreeMap<String, Vec<Verdict>>>);

impl Calls {
    /// Records a call; answers its index, to judge it later.
    fn record(&self, key: &str, verdict: Verdict) -> usize {
        let mut calls = self.0.lock().unwrap();
        let verdicts = calls.entry(key.to_owned()).or_default();
        verdicts.push(verdict);
        verdicts.len() - 1
    }

    fn judge(&self, key: &str, index: usize, verdict: Verdict) {
        self.0.lock().unwrap().get_mut(key).unwrap()[index] = verdict;
    }

    fn into_inner(self) -> BTreeMap<String, Vec<Verdict>> {
        self.0.into_inner().unwrap()
    }
}

/// A browser that records every server function and plain route it calls, with the verdict.
struct Recording<'a> {
    browser: &'a Browser,
    calls: &'a Calls,
}

/// One recorded answer: its checks record the verdict.
struct Answer<'a> {
    response: ApiResponse,
    calls: &'a Calls,
    key: String,
    index: usize,
}

impl std::ops::Deref for Answer<'_> {
    type Target = ApiResponse;

    fn deref(&self) -> &ApiResponse {
        &self.response
    }
}

impl Answer<'_> {
    fn judge(&self, verdict: Verdict) {
        self.calls.judge(&self.key, self.index, verdict);
    }

    /// Asserts a refusal with `status` and the `AppError` JSON `error`.
    #[track_caller]
    fn refused(&self, status: u16, error: Value) {
        self.response.refused(status, error.clone());
        self.judge(Verdict::Refused(status, error));
    }

    /// The problem reported for one field of an `Invalid` answer (422): a refusal.
    #[track_caller]
    fn field_problem(&self, field: &str) -> Value {
        let problem = self.response.field_problem(field);
        self.judge(Verdict::Refused(422, json!([field, problem.clone()])));
        problem
    }

    /// Asserts a plain route's refusal by its status alone (its body is a page or a text).
    #[track_caller]
    fn refused_with(&self, status: u16) {
        assert_eq!(
            self.response.status, status,
            "{}: {}",
            self.key, self.response.text
        );
        self.judge(Verdict::Refused(status, Value::String(self.key.clone())));
    }

    /// Asserts a success and returns the body (no verdict beyond the call).
    #[track_caller]
    fn ok(self) -> Value {
        self.response.ok()
    }

    /// Asserts a success, then `check` (that it shows the acting municipality's own data
    /// only): an own-only answer. Returns the body.
    #[track_caller]
    fn own_only(self, check: impl FnOnce(&ApiResponse)) -> Value {
        assert_eq!(
            self.response.status, 200,
            "{}: expected success, got {}: {}",
            self.key, self.response.status, self.response.text
        );
        check(&self.response);
        self.judge(Verdict::OwnOnly);
        self.response.body
    }
}

impl Recording<'_> {
    fn answer(&self, key: String, response: ApiResponse) -> Answer<'_> {
        let index = self.calls.record(&key, Verdict::Answered(response.status));
        Answer {
            response,
            calls: self.calls,
            key,
            index,
        }
    }

    /// Calls the server function `/api/{endpoint}`.
    async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Answer<'_> {
        let response = self.browser.call(endpoint, form).await;
        self.answer(format!("/api/{endpoint}"), response)
    }

    /// Calls `/api/{endpoint}` for a sweep that checks the answer itself (the e-forms sweeps
    /// take a plain `ApiResponse`); the verdict is read from the answer: a 403, 404 or 422 is a
    /// refusal, a success that shows none of `foreign` (the other municipality's ids and
    /// names) is own-only, anything else merely answered.
    async fn judged(&self, endpoint: &str, form: &[(&str, &str)], foreign: &[&str]) -> ApiResponse {
        let response = self.browser.call(endpoint, form).await;
        let verdict = match response.status {
            403 | 404 | 422 => Verdict::Refused(response.status, response.body.clone()),
            200 if foreign.iter().all(|f| !response.text.contains(f)) => Verdict::OwnOnly,
            status => Verdict::Answered(status),
        };
        self.calls.record(&format!("/api/{endpoint}"), verdict);
        response
    }

    /// `GET` of a plain route: `route` as routed, its `{…}` parameters filled with `args` in
    /// order.
    async fn get(&self, route: &str, args: &[&str]) -> Answer<'_> {
        let response = self
            .browser
            .client
            .get(format!("{}{}", self.browser.base, fill(route, args)))
            .send()
            .await
            .expect("request sent");
        self.answer(route_key("GET", route), read_response(response).await)
    }

    /// `POST` of a multipart form to a plain route (as a browser's upload form sends it).
    async fn post_multipart(
        &self,
        route: &str,
        args: &[&str],
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> Answer<'_> {
        let response = self
            .browser
            .client
            .post(format!("{}{}", self.browser.base, fill(route, args)))
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart(fields, file))
            .send()
            .await
            .expect("request sent");
        self.answer(route_key("POST", route), read_response(response).await)
    }
}

/// A route's path with its `{…}` parameters replaced by `args`, in order.
fn fill(route: &str, args: &[&str]) -> String {
    let mut path = String::new();
    let mut rest = route;
    let mut args = args.iter();
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').expect("a closed parameter") + start;
        path.push_str(&rest[..start]);
        path.push_str(args.next().expect("an argument for every parameter"));
        rest = &rest[end + 1..];
    }
    path.push_str(rest);
    assert!(
        args.next().is_none(),
        "{route}: more arguments than parameters"
    );
    path
}

const BOUNDARY: &str = "openasp-isolation-boundary-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body: the fields, then the file.
fn multipart(fields: &[(&str, &str)], (file_name, bytes): (&str, &[u8])) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// The municipalities and people of the sweep (the demo's).
struct Tenants {
    godollo: i32,
    fot: i32,
    csomad: i32,
    szentendre: i32,
    /// `kozos.ugyintezo`: Fót's and Csomád's clerk.
    kozos: i64,
    /// `fot.jegyzo`: Fót's and Csomád's administrator.
    jegyzo: i64,
    /// `csomad.honlap`: Csomád's website editor.
    honlap: i64,
    ado: i64,
    iktato: i64,
}

impl Tenants {
    async fn of(app: &TestApp) -> Tenants {
        Tenants {
            godollo: app.municipality_id("Gödöllő").await,
            fot: app.municipality_id("Fót").await,
            csomad: app.municipality_id("Csomád").await,
            szentendre: app.municipality_id("Szentendre").await,
            kozos: app.user_id("kozos.ugyintezo").await,
            jegyzo: app.user_id("fot.jegyzo").await,
            honlap: app.user_id("csomad.honlap").await,
            ado: app.user_id("godollo.ado").await,
            iktato: app.user_id("godollo.iktato").await,
        }
    }

    /// The accounts of other municipalities' people.
    fn foreign_users(&self) -> [i64; 3] {
        [self.kozos, self.jegyzo, self.honlap]
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
        let server_functions = server_functions();
        let classified = distinct(server_functions.iter().map(|(path, _)| *path));
        let unclassified: Vec<_> = registered.difference(&classified).collect();
        assert!(
            unclassified.is_empty(),
            "server functions without an isolation classification: {unclassified:?}"
        );
        let stale: Vec<_> = classified.difference(&registered).collect();
        assert!(stale.is_empty(), "classified but not registered: {stale:?}");

        let app = spawn_app(backend).await;
        let tenants = Tenants::of(&app).await;
        let (godollo, fot) = (tenants.godollo, tenants.fot);
        let foreign_users = tenants.foreign_users();

        // Fót's administrator creates some of Fót's data, system by system: its ids are what
        // we will aim at.
        let fot_admin = app.login("fot.jegyzo").await;
        fot_admin
            .call("auth/switch", &[("municipality", &fot.to_string())])
            .await
            .ok();
        let fot_framework = framework::prepare(&app, &fot_admin, &tenants).await;
        let fot_records = records::prepare(&app, &fot_admin, &tenants).await;
        let fot_eforms = eforms::prepare(&app, &fot_admin).await;
        let fot_website = website::prepare(&fot_admin).await;

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
        let calls = Calls::default();
        let godollo_browser = app.login("godollo.admin").await;
        let admin = Recording {
            browser: &godollo_browser,
            calls: &calls,
        };
        framework::sweep(&app, &admin, &tenants, &fot_framework).await;
        records::sweep(&app, &admin, &tenants, &fot_records).await;
        website::sweep(&admin, &fot_website).await;
        // E-forms: Fót's forms and submissions are out of reach of Gödöllő's editor, clerk
        // and citizens alike.
        eforms::sweep(&app, &admin, &fot_eforms).await;

        // Nothing of Fót or Csomád changed, nor the accounts of their people.
        assert_eq!(snapshot(&app, &[godollo, 0], &foreign_users).await, before);
        // And nothing of Szentendre (no administrator yet) came into being.
        assert!(app.audit_entries(tenants.szentendre).await.is_empty());

        // One person in two municipalities acts in one at a time.
        framework::sweep_from_another_municipality(&app, &fot_admin, &tenants, &fot_framework)
            .await;

        // Every function and route that reaches tenant data was swept: called, and refused
        // (or answered with Gödöllő's own data only) at least once.
        let calls = calls.into_inner();
        let swept: Vec<String> = server_functions
            .iter()
            .filter(|(_, reach)| *reach == Reach::Swept)
            .map(|(path, _)| (*path).to_owned())
            .chain(
                plain_routes()
                    .into_iter()
                    .filter(|(_, reach)| *reach == Reach::Swept)
                    .map(|(key, _)| key),
            )
            .collect();
        let missing: Vec<&str> = swept
            .iter()
            .filter(|key| !calls.contains_key(*key))
            .map(String::as_str)
            .collect();
        assert!(
            missing.is_empty(),
            "classified as swept but not called: {missing:?}"
        );
        let not_refused: Vec<(&str, &Vec<Verdict>)> = swept
            .iter()
            .filter_map(|key| calls.get(key).map(|verdicts| (key.as_str(), verdicts)))
            .filter(|(_, verdicts)| !verdicts.iter().any(Verdict::is_refusal))
            .collect();
        assert!(
            not_refused.is_empty(),
            "classified as swept but no call was refused (nor answered with own data only, \
             as checked): {not_refused:?}"
        );
        for (path, reach) in &server_functions {
            if let Some(reason) = reach.reason() {
                assert!(!reason.is_empty(), "{path} needs a reason");
            }
        }
    }
);

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
