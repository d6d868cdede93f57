//! Records management, closing and archive: closing and reopening case files, archiving,
//! lending, legal holds, destruction lists, transfer to the public archives, and the yearly
//! closing of register books with their PDF print.
//!
//! Case files are registered through the real `records/register` endpoint. Steps that belong
//! to other parts of issue 4 and have no endpoint in this branch (assignment by the daily
//! flow, the retention plan of the master data, drafts of outgoing documents) and the
//! passing of years (retention runs for years) are set up by the small test-only helpers
//! below, which write SQL through the test's privileged database handle.
use openasp_app::records::db::{
    case_category, case_event, case_file, document, register_book, retention_item,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::*;

fn year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

/// Registers a document as a new case file; answers the case file's id.
async fn register(app: &TestApp, browser: &Browser, subject: &str) -> i64 {
    let number = browser
        .call(
            "records/register",
            &[
                ("subject", subject),
                ("direction", "Incoming"),
                ("channel", "Paper"),
                ("sender", "Őri Ödön"),
            ],
        )
        .await
        .ok();
    let number = number.as_str().unwrap().to_owned();
    document::Entity::find()
        .filter(document::Column::RegistryNumber.eq(number))
        .one(&app.privileged_db().await)
        .await
        .unwrap()
        .unwrap()
        .case_file_id
}

async fn case(app: &TestApp, id: i64) -> case_file::Model {
    case_file::Entity::find()
        .filter(case_file::Column::Id.eq(id))
        .one(&app.privileged_db().await)
        .await
        .unwrap()
        .unwrap()
}

async fn history(app: &TestApp, id: i64) -> Vec<String> {
    case_event::Entity::find()
        .filter(case_event::Column::CaseFileId.eq(id))
        .order_by_asc(case_event::Column::At)
        .order_by_asc(case_event::Column::Id)
        .all(&app.privileged_db().await)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect()
}

async fn audit_actions(app: &TestApp, municipality: i32) -> Vec<String> {
    app.audit_entries(municipality)
        .await
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// Test-only: the state the daily flow (assignment, work) would have brought it to.
async fn set_state(app: &TestApp, id: i64, state: &str) {
    case_file::Entity::update_many()
        .col_expr(
            case_file::Column::State,
            sea_orm::sea_query::Expr::value(state),
        )
        .filter(case_file::Column::Id.eq(id))
        .exec(&app.privileged_db().await)
        .await
        .unwrap();
}

/// Test-only: time passes — the case file was closed `years` years ago.
async fn closed_years_ago(app: &TestApp, id: i64, years: i64) {
    let at = chrono::Utc::now() - chrono::Duration::days(366 * years);
    case_file::Entity::update_many()
        .col_expr(
            case_file::Column::ClosedAt,
            sea_orm::sea_query::Expr::value(Some(at)),
        )
        .filter(case_file::Column::Id.eq(id))
        .exec(&app.privileged_db().await)
        .await
        .unwrap();
}

/// Test-only: an item of the retention plan (master data).
async fn retention(
    app: &TestApp,
    municipality: i32,
    code: &str,
    years: Option<i32>,
    not_disposable: bool,
    transfer_years: Option<i32>,
) -> i64 {
    let id = rand_id();
    retention_item::Entity::insert(retention_item::ActiveModel {
        municipality_id: Set(municipality),
        id: Set(id),
        code: Set(code.to_owned()),
        title: Set(format!("Tétel {code}")),
        retention_years: Set(years),
        not_disposable: Set(not_disposable),
        archive_transfer_years: Set(transfer_years),
        active: Set(true),
    })
    .exec_without_returning(&app.privileged_db().await)
    .await
    .unwrap();
    id
}

fn rand_id() -> i64 {
    use std::sync::atomic::{AtomicI64, Ordering};
    static NEXT: AtomicI64 = AtomicI64::new(7_000_000_000);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Test-only: the case file's case category (ügykör) with a default retention item.
async fn categorise(app: &TestApp, municipality: i32, case_id: i64, item: i64) {
    let category = rand_id();
    let db = app.privileged_db().await;
    case_category::Entity::insert(case_category::ActiveModel {
        municipality_id: Set(municipality),
        id: Set(category),
        code: Set(format!("K{category}")),
        name: Set("Építésügy".to_owned()),
        deadline_days: Set(60),
        retention_item_id: Set(Some(item)),
        unit_id: Set(None),
        active: Set(true),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();
    case_file::Entity::update_many()
        .col_expr(
            case_file::Column::CategoryId,
            sea_orm::sea_query::Expr::value(Some(category)),
        )
        .filter(case_file::Column::Id.eq(case_id))
        .exec(&db)
        .await
        .unwrap();
}

/// Test-only: an outgoing document of the case file in `state` (the daily flow's drafts).
async fn add_outgoing(app: &TestApp, municipality: i32, case_id: i64, sub: i32, state: &str) {
    document::Entity::insert(document::ActiveModel {
        municipality_id: Set(municipality),
        id: Set(rand_id()),
        case_file_id: Set(case_id),
        sub_number: Set(sub),
        registry_number: Set(format!("x-{sub}")),
        direction: Set("Outgoing".to_owned()),
        state: Set(state.to_owned()),
        subject: Set("Válaszlevél".to_owned()),
        channel: Set("Paper".to_owned()),
        search_text: Set("válaszlevél".to_owned()),
        registered_at: Set(chrono::Utc::now()),
        ..Default::default()
    })
    .exec_without_returning(&app.privileged_db().await)
    .await
    .unwrap();
}

fn id(value: i64) -> String {
    value.to_string()
}

fn archive_problem(answer: &ApiResponse, field: &str) -> Value {
    answer.field_problem(field)
}

/// Registers a case file, brings it to InProgress, closes, archives it; answers its id.
async fn archived_case(app: &TestApp, head: &Browser, municipality: i32, item: i64) -> i64 {
    let case_id = register(app, head, "Irattári ügy").await;
    set_state(app, case_id, "InProgress").await;
    head.call(
        "records/archive/close",
        &[("case_file", &id(case_id)), ("retention_item", &id(item))],
    )
    .await
    .ok();
    head.call(
        "records/archive/archive",
        &[
            ("case_file", &id(case_id)),
            ("location", "Központi irattár, 1. polc"),
        ],
    )
    .await
    .ok();
    let _ = municipality;
    case_id
}

both_backends!(
    async fn a_case_file_is_closed_reopened_archived_lent_and_taken_back(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("godollo.iktato").await;
        let case_id = register(&app, &clerk, "Építési engedély – Őz utca 5.").await;
        set_state(&app, case_id, "InProgress").await;
        let case_text = id(case_id);

        // No item chosen and no category: the retention item is asked for.
        let answer = clerk
            .call(
                "records/archive/close",
                &[("case_file", &case_text), ("retention_item", "")],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "retention_item"),
            json!("records.archive.no_retention_item")
        );
        let answer = clerk
            .call(
                "records/archive/close",
                &[("case_file", &case_text), ("retention_item", "12345")],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "retention_item"),
            json!("records.archive.unknown_retention_item")
        );
        assert_eq!(case(&app, case_id).await.state, "InProgress");

        // The category's item is the default.
        let ten_years = retention(&app, godollo, "U-10", Some(10), false, None).await;
        let five_years = retention(&app, godollo, "U-5", Some(5), false, None).await;
        categorise(&app, godollo, case_id, ten_years).await;
        let view = clerk
            .call("records/archive/case", &[("case_file", &case_text)])
            .await
            .ok();
        assert_eq!(view["default_retention_item_id"], json!(ten_years));
        // Both new items are offered, beside the plan seeded for the demo municipalities.
        let offered: Vec<i64> = view["retention_options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_i64().unwrap())
            .collect();
        assert!(
            offered.contains(&ten_years) && offered.contains(&five_years),
            "{offered:?}"
        );
        assert_eq!(view["may_hold"], json!(false));
        clerk
            .call(
                "records/archive/close",
                &[("case_file", &case_text), ("retention_item", "")],
            )
            .await
            .ok();
        let closed = case(&app, case_id).await;
        assert_eq!(closed.state, "Closed");
        assert_eq!(closed.retention_item_id, Some(ten_years));
        assert!(closed.closed_at.is_some());

        // Reopening needs a reason; then it is closed again under another item.
        let answer = clerk
            .call(
                "records/archive/reopen",
                &[("case_file", &case_text), ("reason", "  ")],
            )
            .await;
        assert_eq!(answer.field_problem("reason"), json!("Required"));
        clerk
            .call(
                "records/archive/reopen",
                &[
                    ("case_file", &case_text),
                    ("reason", "Fellebbezés érkezett"),
                ],
            )
            .await
            .ok();
        let reopened = case(&app, case_id).await;
        assert_eq!(reopened.state, "InProgress");
        assert_eq!(reopened.closed_at, None);
        // Archiving needs a closed case file.
        let answer = clerk
            .call(
                "records/archive/archive",
                &[("case_file", &case_text), ("location", "1. polc")],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.wrong_state")
        );
        clerk
            .call(
                "records/archive/close",
                &[
                    ("case_file", &case_text),
                    ("retention_item", &id(five_years)),
                ],
            )
            .await
            .ok();
        assert_eq!(
            case(&app, case_id).await.retention_item_id,
            Some(five_years)
        );
        // Closing twice is refused.
        let answer = clerk
            .call(
                "records/archive/close",
                &[("case_file", &case_text), ("retention_item", "")],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.wrong_state")
        );

        // Into the archive, at a location.
        let answer = clerk
            .call(
                "records/archive/archive",
                &[("case_file", &case_text), ("location", "")],
            )
            .await;
        assert_eq!(answer.field_problem("location"), json!("Required"));
        clerk
            .call(
                "records/archive/archive",
                &[
                    ("case_file", &case_text),
                    ("location", "Központi irattár, 3. polc"),
                ],
            )
            .await
            .ok();
        let archived = case(&app, case_id).await;
        assert_eq!(archived.state, "Archived");
        assert_eq!(
            archived.archive_location.as_deref(),
            Some("Központi irattár, 3. polc")
        );
        let list = clerk
            .call(
                "records/archive/list",
                &[("view", "archived"), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["id"], json!(case_id));
        assert_eq!(list["items"][0]["retention"], "U-5 – Tétel U-5");

        // Lending: not into the past, not twice; listed as lent, then overdue.
        let answer = clerk
            .call(
                "records/archive/lend",
                &[
                    ("case_file", &case_text),
                    ("lent_to", "Dr. Kiss Éva"),
                    ("due", &day(-1)),
                ],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "due"),
            json!("records.archive.due_in_the_past")
        );
        let answer = clerk
            .call(
                "records/archive/lend",
                &[
                    ("case_file", &case_text),
                    ("lent_to", "Dr. Kiss Éva"),
                    ("due", "holnap"),
                ],
            )
            .await;
        assert_eq!(answer.field_problem("due"), json!("Malformed"));
        clerk
            .call(
                "records/archive/lend",
                &[
                    ("case_file", &case_text),
                    ("lent_to", "Dr. Kiss Éva"),
                    ("due", &day(14)),
                ],
            )
            .await
            .ok();
        let answer = clerk
            .call(
                "records/archive/lend",
                &[
                    ("case_file", &case_text),
                    ("lent_to", "Más Valaki"),
                    ("due", &day(14)),
                ],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.already_lent")
        );
        let lent = clerk
            .call("records/archive/list", &[("view", "lent"), ("page", "1")])
            .await
            .ok();
        assert_eq!(lent["total"], 1);
        assert_eq!(lent["items"][0]["lent_to"], "Dr. Kiss Éva");
        assert_eq!(lent["items"][0]["overdue"], false);
        let overdue = clerk
            .call(
                "records/archive/list",
                &[("view", "overdue"), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(overdue["total"], 0);
        // Test-only: the due date passes.
        case_file::Entity::update_many()
            .col_expr(
                case_file::Column::LentDue,
                sea_orm::sea_query::Expr::value(Some(
                    chrono::Utc::now().date_naive() - chrono::Duration::days(3),
                )),
            )
            .filter(case_file::Column::Id.eq(case_id))
            .exec(&app.privileged_db().await)
            .await
            .unwrap();
        let overdue = clerk
            .call(
                "records/archive/list",
                &[("view", "overdue"), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(overdue["total"], 1);
        assert_eq!(overdue["items"][0]["overdue"], true);
        let answer = clerk
            .call(
                "records/archive/list",
                &[("view", "everything"), ("page", "1")],
            )
            .await;
        assert_eq!(answer.field_problem("view"), json!("Malformed"));

        clerk
            .call("records/archive/take-back", &[("case_file", &case_text)])
            .await
            .ok();
        let back = case(&app, case_id).await;
        assert_eq!((back.lent_to, back.lent_due), (None, None));
        let answer = clerk
            .call("records/archive/take-back", &[("case_file", &case_text)])
            .await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.not_lent")
        );
        let lent = clerk
            .call("records/archive/list", &[("view", "lent"), ("page", "1")])
            .await
            .ok();
        assert_eq!(lent["total"], 0);

        // Every step is in the case file's history and the audit chain.
        assert_eq!(
            history(&app, case_id).await,
            [
                "registered",
                "closed",
                "reopened",
                "closed",
                "archived",
                "lent",
                "returned"
            ]
        );
        let actions = audit_actions(&app, godollo).await;
        for action in [
            "records.case.close",
            "records.case.reopen",
            "records.case.archive",
            "records.case.lend",
            "records.case.take_back",
        ] {
            assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
        }
        assert_eq!(
            actions
                .iter()
                .filter(|a| *a == "records.case.close")
                .count(),
            2
        );
    }
);

both_backends!(
    async fn closing_is_refused_in_the_wrong_state_with_open_documents_and_without_a_records_role(
        backend: Backend,
    ) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("godollo.iktato").await;
        let item = retention(&app, godollo, "U-1", Some(1), false, None).await;
        let case_id = register(&app, &clerk, "Panasz").await;
        let form = [("case_file", id(case_id)), ("retention_item", id(item))];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();

        // Registered, not yet assigned: not closable.
        let answer = clerk.call("records/archive/close", &form).await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.wrong_state")
        );
        set_state(&app, case_id, "Suspended").await;
        let answer = clerk.call("records/archive/close", &form).await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.wrong_state")
        );

        // An outgoing draft, then a signed-off one waiting for dispatch, keep it open.
        set_state(&app, case_id, "InProgress").await;
        add_outgoing(&app, godollo, case_id, 2, "draft").await;
        let answer = clerk.call("records/archive/close", &form).await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.open_documents")
        );
        let view = clerk
            .call("records/archive/case", &[("case_file", &id(case_id))])
            .await
            .ok();
        assert_eq!(view["open_documents"], 1);
        document::Entity::update_many()
            .col_expr(
                document::Column::State,
                sea_orm::sea_query::Expr::value("signed_off"),
            )
            .filter(document::Column::CaseFileId.eq(case_id))
            .filter(document::Column::SubNumber.eq(2))
            .exec(&app.privileged_db().await)
            .await
            .unwrap();
        let answer = clerk.call("records/archive/close", &form).await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.open_documents")
        );

        // Without a records role nothing is possible.
        let tax_clerk = app.login("godollo.ado").await;
        for (endpoint, form) in [
            ("records/archive/close", form.clone()),
            ("records/archive/case", vec![("case_file", form[0].1)]),
            (
                "records/archive/list",
                vec![("view", "archived"), ("page", "1")],
            ),
            ("records/archive/books", vec![("page", "1")]),
        ] {
            tax_clerk
                .call(endpoint, &form)
                .await
                .refused(403, json!("Forbidden"));
        }

        // Once dispatched it closes.
        document::Entity::update_many()
            .col_expr(
                document::Column::State,
                sea_orm::sea_query::Expr::value("dispatched"),
            )
            .filter(document::Column::CaseFileId.eq(case_id))
            .filter(document::Column::SubNumber.eq(2))
            .exec(&app.privileged_db().await)
            .await
            .unwrap();
        clerk.call("records/archive/close", &form).await.ok();
        assert_eq!(case(&app, case_id).await.state, "Closed");
        // Refusals wrote no history.
        assert_eq!(history(&app, case_id).await, ["registered", "closed"]);
    }
);

both_backends!(
    async fn disposal_goes_through_an_approved_list_and_legal_holds_block_it(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("godollo.iktato").await;
        let head = app.login("godollo.vezeto").await;
        let five = retention(&app, godollo, "U-5", Some(5), false, None).await;
        let forever = retention(&app, godollo, "NS", None, true, None).await;

        // Nothing is due yet: no list.
        let answer = clerk
            .call(
                "records/archive/destruction/propose",
                &[("title", "2026/1")],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "title"),
            json!("records.archive.nothing_due")
        );

        let expired = archived_case(&app, &clerk, godollo, five).await;
        let expired_too = archived_case(&app, &clerk, godollo, five).await;
        let held = archived_case(&app, &clerk, godollo, five).await;
        let not_disposable = archived_case(&app, &clerk, godollo, forever).await;
        let recent = archived_case(&app, &clerk, godollo, five).await;
        for case_id in [expired, expired_too, held, not_disposable] {
            closed_years_ago(&app, case_id, 7).await;
        }
        // Closed in the last year of its five: not yet.
        closed_years_ago(&app, recent, 5).await;

        // Holds are the head's.
        clerk
            .call(
                "records/archive/hold",
                &[("case_file", &id(held)), ("reason", "Per folyik")],
            )
            .await
            .refused(403, json!("Forbidden"));
        head.call(
            "records/archive/hold",
            &[("case_file", &id(held)), ("reason", "Per folyik")],
        )
        .await
        .ok();
        let answer = head
            .call(
                "records/archive/hold",
                &[("case_file", &id(held)), ("reason", "Még egyszer")],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.already_held")
        );

        // Proposed: exactly the expired ones without a hold; "not disposable" never.
        let candidates = clerk
            .call("records/archive/destruction/candidates", &[("page", "1")])
            .await
            .ok();
        let ids: Vec<i64> = candidates["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids.len(), 2, "{candidates}");
        assert!(ids.contains(&expired) && ids.contains(&expired_too));
        let list = clerk
            .call(
                "records/archive/destruction/propose",
                &[("title", "2026. évi selejtezés")],
            )
            .await
            .ok()
            .as_i64()
            .unwrap();
        let detail = clerk
            .call("records/archive/destruction/get", &[("list", &id(list))])
            .await
            .ok();
        assert_eq!(detail["state"], "proposed");
        assert_eq!(detail["items"].as_array().unwrap().len(), 2);
        // Listed case files are not proposed again.
        let answer = clerk
            .call("records/archive/destruction/propose", &[("title", "Másik")])
            .await;
        assert_eq!(
            archive_problem(&answer, "title"),
            json!("records.archive.nothing_due")
        );

        // Only the head approves, and only an approved list is carried out.
        clerk
            .call(
                "records/archive/destruction/approve",
                &[("list", &id(list))],
            )
            .await
            .refused(403, json!("Forbidden"));
        let answer = head
            .call(
                "records/archive/destruction/execute",
                &[("list", &id(list))],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "list"),
            json!("records.archive.not_approved")
        );
        head.call(
            "records/archive/destruction/approve",
            &[("list", &id(list))],
        )
        .await
        .ok();
        let answer = head
            .call(
                "records/archive/destruction/approve",
                &[("list", &id(list))],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "list"),
            json!("records.archive.wrong_state")
        );

        // A hold set now takes the case file off the list; a lent-out one blocks it.
        head.call(
            "records/archive/hold",
            &[("case_file", &id(expired_too)), ("reason", "Adóellenőrzés")],
        )
        .await
        .ok();
        clerk
            .call(
                "records/archive/lend",
                &[
                    ("case_file", &id(expired)),
                    ("lent_to", "Bíróság"),
                    ("due", &day(3)),
                ],
            )
            .await
            .ok();
        let answer = head
            .call(
                "records/archive/destruction/execute",
                &[("list", &id(list))],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "list"),
            json!("records.archive.lent_out")
        );
        clerk
            .call("records/archive/take-back", &[("case_file", &id(expired))])
            .await
            .ok();
        let executed = head
            .call(
                "records/archive/destruction/execute",
                &[("list", &id(list))],
            )
            .await
            .ok();
        assert_eq!(executed, 1);

        let disposed = case(&app, expired).await;
        assert_eq!(disposed.state, "Disposed");
        assert!(disposed.disposed_at.is_some());
        assert_eq!(case(&app, expired_too).await.state, "Archived");
        assert_eq!(case(&app, held).await.state, "Archived");
        assert_eq!(case(&app, not_disposable).await.state, "Archived");
        assert_eq!(case(&app, recent).await.state, "Archived");
        // The register keeps the number and the document.
        let documents = document::Entity::find()
            .filter(document::Column::CaseFileId.eq(expired))
            .all(&app.privileged_db().await)
            .await
            .unwrap();
        assert_eq!(documents.len(), 1);
        assert!(!disposed.registry_number.is_empty());
        let events = history(&app, expired).await;
        assert!(
            events.ends_with(&[
                "destruction_proposed".to_owned(),
                "destruction_approved".to_owned(),
                "lent".to_owned(),
                "returned".to_owned(),
                "disposed".to_owned()
            ]),
            "{events:?}"
        );
        let actions = audit_actions(&app, godollo).await;
        for action in [
            "records.destruction.propose",
            "records.destruction.approve",
            "records.destruction.execute",
            "records.case.dispose",
            "records.case.hold",
        ] {
            assert!(actions.iter().any(|a| a == action), "{action}");
        }
        let answer = head
            .call(
                "records/archive/destruction/execute",
                &[("list", &id(list))],
            )
            .await;
        assert_eq!(
            archive_problem(&answer, "list"),
            json!("records.archive.not_approved")
        );

        // Lifting the hold makes it disposable again; the other stays held.
        head.call("records/archive/release", &[("case_file", &id(held))])
            .await
            .ok();
        let answer = head
            .call("records/archive/release", &[("case_file", &id(held))])
            .await;
        assert_eq!(
            archive_problem(&answer, "state"),
            json!("records.archive.not_held")
        );
        let candidates = clerk
            .call("records/archive/destruction/candidates", &[("page", "1")])
            .await
            .ok();
        assert_eq!(candidates["total"], 1);
        assert_eq!(candidates["items"][0]["id"], json!(held));
        let lists = clerk
            .call("records/archive/destruction/lists", &[("page", "1")])
            .await
            .ok();
        assert_eq!(lists["total"], 1);
        assert_eq!(lists["items"][0]["state"], "executed");
        assert_eq!(lists["items"][0]["items"], 1);
    }
);

both_backends!(
    async fn case_files_due_are_exported_and_handed_to_the_public_archives(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("godollo.iktato").await;
        let head = app.login("godollo.vezeto").await;
        let permanent = retention(&app, godollo, "L-15", None, true, Some(15)).await;
        let due = archived_case(&app, &clerk, godollo, permanent).await;
        let young = archived_case(&app, &clerk, godollo, permanent).await;
        closed_years_ago(&app, due, 17).await;
        closed_years_ago(&app, young, 10).await;

        let page = clerk
            .call("records/archive/transfer/due", &[("page", "1")])
            .await
            .ok();
        assert_eq!(page["total"], 1);
        assert_eq!(page["items"][0]["id"], json!(due));

        // The package: the head's, as JSON with documents and history.
        let url = format!("{}/ugyintezo/iratkezeles/leveltar/csomag", app.address);
        let response = clerk.client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 403);
        let response = app.browser().client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 401);
        let response = head.client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        let package: Value = response.json().await.unwrap();
        let cases = package["case_files"].as_array().unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(
            cases[0]["registry_number"],
            case(&app, due).await.registry_number
        );
        assert_eq!(cases[0]["documents"][0]["sender"], "Őri Ödön");
        let events: Vec<&str> = cases[0]["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event"].as_str().unwrap())
            .collect();
        assert_eq!(events, ["registered", "closed", "archived"]);

        clerk
            .call("records/archive/transfer/mark", &[])
            .await
            .refused(403, json!("Forbidden"));
        assert_eq!(
            head.call("records/archive/transfer/mark", &[]).await.ok(),
            1
        );
        let transferred = case(&app, due).await;
        assert_eq!(transferred.state, "TransferredToArchives");
        assert!(transferred.transferred_at.is_some());
        assert_eq!(case(&app, young).await.state, "Archived");
        let answer = head.call("records/archive/transfer/mark", &[]).await;
        assert_eq!(
            archive_problem(&answer, "transfer"),
            json!("records.archive.nothing_due")
        );
        assert!(
            audit_actions(&app, godollo)
                .await
                .iter()
                .any(|a| a == "records.transfer.export")
        );
        assert_eq!(history(&app, due).await.last().unwrap(), "transferred");
    }
);

both_backends!(
    async fn a_closed_register_book_takes_no_registration_and_prints_with_its_statement(
        backend: Backend,
    ) {
        let app = spawn_app(backend).await;
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("godollo.iktato").await;
        let head = app.login("godollo.vezeto").await;
        for subject in [
            "Árvíztűrő tükörfúrógép",
            "Ősi fűzfa kivágása",
            "Üzletnyitás",
        ] {
            register(&app, &clerk, subject).await;
        }
        let books = clerk
            .call("records/archive/books", &[("page", "1")])
            .await
            .ok();
        assert_eq!(books["total"], 1);
        let book = books["items"][0]["id"].as_i64().unwrap();
        assert_eq!(books["items"][0]["last_main"], 3);
        assert_eq!(books["items"][0]["closed_on"], Value::Null);

        clerk
            .call("records/archive/books/close", &[("book", &id(book))])
            .await
            .refused(403, json!("Forbidden"));
        let statement = head
            .call("records/archive/books/close", &[("book", &id(book))])
            .await
            .ok();
        let statement = statement.as_str().unwrap().to_owned();
        let year = year();
        assert!(
            statement.starts_with(&format!(
                "Az Általános iktatókönyv {year} {year}. évi iktatókönyvét {year}. "
            )),
            "{statement}"
        );
        assert!(statement.contains(" a 3 számmal lezártam."), "{statement}");
        assert!(
            statement.contains("(alszámok): 3, ebből sztornózott: 0."),
            "{statement}"
        );
        let stored = register_book::Entity::find()
            .filter(register_book::Column::Id.eq(book))
            .one(&app.privileged_db().await)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            stored.closing_statement.as_deref(),
            Some(statement.as_str())
        );
        assert!(stored.closed_at.is_some() && stored.closed_by.is_some());
        let answer = head
            .call("records/archive/books/close", &[("book", &id(book))])
            .await;
        assert_eq!(
            archive_problem(&answer, "book"),
            json!("records.archive.book_closed")
        );

        // The closed book takes no more registrations, and the numbers stay 1..3.
        let answer = clerk
            .call(
                "records/register",
                &[
                    ("subject", "Késve érkezett"),
                    ("direction", "Incoming"),
                    ("channel", "Paper"),
                    ("sender", ""),
                ],
            )
            .await;
        assert_eq!(answer.field_problem("book"), json!("Malformed"));
        let books = clerk
            .call("records/archive/books", &[("page", "1")])
            .await
            .ok();
        assert_eq!(books["items"][0]["last_main"], 3);
        assert!(
            audit_actions(&app, godollo)
                .await
                .iter()
                .any(|a| a == "records.book.close")
        );

        // The print: a PDF with every number, the accents, and the closing statement.
        let url = format!(
            "{}/ugyintezo/iratkezeles/konyvzaras/{book}/nyomtatas.pdf",
            app.address
        );
        let response = clerk.client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = openasp_core::pdf::extract_text(&bytes);
        for number in 1..=3 {
            assert!(text.contains(&format!("{number}-1/{year}")), "{text}");
        }
        assert!(text.contains("Árvíztűrő tükörfúrógép"), "{text}");
        assert!(text.contains("Ősi fűzfa kivágása"), "{text}");
        assert!(text.contains("Őri Ödön"), "{text}");
        assert!(text.contains("Záradék"), "{text}");
        let printed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(printed.contains("számmal lezártam."), "{printed}");
        assert!(
            audit_actions(&app, godollo)
                .await
                .iter()
                .any(|a| a == "records.book.print")
        );

        // Not for strangers: signed out, or another municipality's clerk.
        let response = app.browser().client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 401);
        let fot_clerk = app.login("kozos.ugyintezo").await;
        let response = fot_clerk.client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 404);
        let response = app
            .login("godollo.ado")
            .await
            .client
            .get(&url)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        let response = clerk
            .client
            .get(format!(
                "{}/ugyintezo/iratkezeles/konyvzaras/nem-szam/nyomtatas.pdf",
                app.address
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
    }
);

both_backends!(
    async fn another_municipalitys_case_files_lists_and_books_are_not_found(backend: Backend) {
        let app = spawn_app(backend).await;
        let fot = app.municipality_id("Fót").await;
        let fot_clerk = app.login("kozos.ugyintezo").await;
        fot_clerk
            .call("auth/switch", &[("municipality", &fot.to_string())])
            .await
            .ok();
        let fot_item = retention(&app, fot, "U-5", Some(5), false, Some(1)).await;
        let fot_case = archived_case(&app, &fot_clerk, fot, fot_item).await;
        closed_years_ago(&app, fot_case, 8).await;
        // Fót's head (the notary) proposes a list: its id is what Gödöllő will aim at.
        let notary = app.login("fot.jegyzo").await;
        notary
            .call("auth/switch", &[("municipality", &fot.to_string())])
            .await
            .ok();
        let fot_list = notary
            .call("records/archive/destruction/propose", &[("title", "Fót")])
            .await
            .ok()
            .as_i64()
            .unwrap();
        let fot_book = register_book::Entity::find()
            .filter(register_book::Column::MunicipalityId.eq(fot))
            .one(&app.privileged_db().await)
            .await
            .unwrap()
            .unwrap()
            .id;
        let before = case(&app, fot_case).await;

        let head = app.login("godollo.vezeto").await;
        let case_text = id(fot_case);
        let list_text = id(fot_list);
        let book_text = id(fot_book);
        for (endpoint, form) in [
            (
                "records/archive/case",
                vec![("case_file", case_text.as_str())],
            ),
            (
                "records/archive/close",
                vec![("case_file", case_text.as_str()), ("retention_item", "")],
            ),
            (
                "records/archive/reopen",
                vec![("case_file", case_text.as_str()), ("reason", "x")],
            ),
            (
                "records/archive/archive",
                vec![("case_file", case_text.as_str()), ("location", "x")],
            ),
            (
                "records/archive/lend",
                vec![
                    ("case_file", case_text.as_str()),
                    ("lent_to", "x"),
                    ("due", "2099-01-01"),
                ],
            ),
            (
                "records/archive/take-back",
                vec![("case_file", case_text.as_str())],
            ),
            (
                "records/archive/hold",
                vec![("case_file", case_text.as_str()), ("reason", "x")],
            ),
            (
                "records/archive/release",
                vec![("case_file", case_text.as_str())],
            ),
            (
                "records/archive/destruction/get",
                vec![("list", list_text.as_str())],
            ),
            (
                "records/archive/destruction/approve",
                vec![("list", list_text.as_str())],
            ),
            (
                "records/archive/destruction/execute",
                vec![("list", list_text.as_str())],
            ),
            (
                "records/archive/books/close",
                vec![("book", book_text.as_str())],
            ),
        ] {
            head.call(endpoint, &form)
                .await
                .refused(404, json!("NotFound"));
        }
        // Lists show Gödöllő's only.
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
            assert_eq!(
                head.call(endpoint, &form).await.ok()["total"],
                0,
                "{endpoint}"
            );
        }
        let books = head
            .call("records/archive/books", &[("page", "1")])
            .await
            .ok();
        assert!(
            books["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|b| b["id"] != json!(fot_book))
        );
        let answer = head.call("records/archive/transfer/mark", &[]).await;
        assert_eq!(
            archive_problem(&answer, "transfer"),
            json!("records.archive.nothing_due")
        );
        assert_eq!(case(&app, fot_case).await, before);
        let package: Value = head
            .client
            .get(format!(
                "{}/ugyintezo/iratkezeles/leveltar/csomag",
                app.address
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(package["case_files"], json!([]));
    }
);
