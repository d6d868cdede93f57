//! The daily flow of records management: receipt, assignment, registration, handling,
//! sign-off, dispatch, return receipts, cancellation — each step with its refusals, and the
//! numbering under concurrency. Every test runs on SQLite and PostgreSQL.
use std::collections::BTreeSet;
use std::sync::Arc;

use openasp_app::records::db::{case_event, case_file, document, receipt, register_book};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::*;

fn year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

async fn flow(browser: &Browser, endpoint: &str, form: &[(&str, &str)]) -> ApiResponse {
    browser
        .call(&format!("records/flow/{endpoint}"), form)
        .await
}

async fn send_form(browser: &Browser, endpoint: &str, form: &[(&str, String)]) -> ApiResponse {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    flow(browser, endpoint, &pairs).await
}

async fn draft(browser: &Browser, case: &str, body: &str) -> ApiResponse {
    flow(
        browser,
        "add-document",
        &[
            ("case_file", case),
            ("kind", "Outgoing"),
            ("subject", "Határozat fakivágásról"),
            ("sender", "Kiss Péter"),
            ("body", body),
        ],
    )
    .await
}

async fn post(browser: &Browser, doc: &str, address: &str) -> ApiResponse {
    flow(
        browser,
        "dispatch",
        &[
            ("document", doc),
            ("method", "post"),
            ("recipient", "Kiss Péter"),
            ("address", address),
            ("tracking_number", "RB123456789HU"),
        ],
    )
    .await
}

async fn receive(browser: &Browser, subject: &str, sender: &str) -> ApiResponse {
    flow(
        browser,
        "receive",
        &[
            ("subject", subject),
            ("channel", "Paper"),
            ("sender", sender),
            ("partner", ""),
            ("received_at", ""),
            ("envelope", "Ajánlott, RL123456789HU"),
        ],
    )
    .await
}

async fn case_brief(browser: &Browser, case: i64) -> Value {
    flow(browser, "case", &[("case_file", &case.to_string())])
        .await
        .ok()
}

fn id_of(value: &Value, key: &str) -> String {
    value[key].as_i64().expect("an id").to_string()
}

/// Registers an incoming document as a new case file (the existing register endpoint).
async fn register(browser: &Browser, subject: &str) -> ApiResponse {
    browser
        .call(
            "records/register",
            &[
                ("subject", subject),
                ("direction", "Incoming"),
                ("channel", "Paper"),
                ("sender", "Kiss Péter"),
            ],
        )
        .await
}

/// The case file id of a registry number (read behind the application's back).
async fn case_id(app: &TestApp, municipality: i32, number: &str) -> i64 {
    case_file::Entity::find()
        .filter(case_file::Column::MunicipalityId.eq(municipality))
        .filter(case_file::Column::RegistryNumber.eq(number))
        .one(&app.privileged_db().await)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("case file {number}"))
        .id
}

async fn actions(app: &TestApp, municipality: i32) -> Vec<String> {
    app.audit_entries(municipality)
        .await
        .into_iter()
        .map(|e| e.action)
        .collect()
}

both_backends!(
    async fn receipt_assignment_and_registration(backend: Backend) {
        let app = spawn_app(backend).await;
        let year = year();
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("godollo.iktato").await;
        let head = app.login("godollo.vezeto").await;
        let iktato = app.user_id("godollo.iktato").await.to_string();
        let ado = app.user_id("godollo.ado").await.to_string();

        // Refusals first: none of them draws a receipt number.
        let tax_clerk = app.login("godollo.ado").await;
        receive(&tax_clerk, "Kérelem", "")
            .await
            .refused(403, json!("Forbidden"));
        assert_eq!(
            receive(&clerk, "  ", "").await.field_problem("subject"),
            json!("Required")
        );
        let answer = flow(
            &clerk,
            "receive",
            &[
                ("subject", "Kérelem"),
                ("channel", "Pigeon"),
                ("sender", ""),
                ("partner", ""),
                ("received_at", "2999-01-01T10:00"),
                ("envelope", ""),
            ],
        )
        .await;
        assert_eq!(answer.field_problem("channel"), json!("Malformed"));
        assert_eq!(answer.field_problem("received_at"), json!("Malformed"));

        let first = receive(&clerk, "Építési engedély iránti kérelem", "Kiss Péter")
            .await
            .ok();
        assert_eq!(first["receipt_number"], json!(format!("É-1/{year}")));
        let second = receive(&clerk, "Hiánypótlás", "Kiss  Péter").await.ok();
        assert_eq!(second["receipt_number"], json!(format!("É-2/{year}")));
        let first_id = id_of(&first, "id");
        let second_id = id_of(&second, "id");
        let waiting = flow(&clerk, "receipts", &[("scope", "waiting"), ("page", "1")])
            .await
            .ok();
        assert_eq!(waiting["total"], 2);

        // Assignment is the head's; the handler must be a records clerk of Gödöllő.
        let assign = |receipt: String, handler: String, deadline: &'static str| {
            vec![
                ("receipt", receipt),
                ("unit", String::new()),
                ("handler", handler),
                ("deadline", deadline.to_owned()),
                ("instructions", "Soron kívül".to_owned()),
            ]
        };
        send_form(
            &clerk,
            "assign-receipt",
            &assign(first_id.clone(), iktato.clone(), ""),
        )
        .await
        .refused(403, json!("Forbidden"));
        assert_eq!(
            send_form(
                &head,
                "assign-receipt",
                &assign(first_id.clone(), ado.clone(), "")
            )
            .await
            .field_problem("handler"),
            json!("framework.not_a_member")
        );
        assert_eq!(
            send_form(
                &head,
                "assign-receipt",
                &assign(first_id.clone(), String::new(), "")
            )
            .await
            .field_problem("handler"),
            json!("Required")
        );
        send_form(
            &head,
            "assign-receipt",
            &assign(first_id.clone(), iktato.clone(), ""),
        )
        .await
        .ok();
        let receipt = flow(&clerk, "receipt", &[("receipt", &first_id)])
            .await
            .ok();
        assert_eq!(receipt["state"], "assigned");
        assert_eq!(receipt["assignee"], "Gergely Gréta");
        let today = chrono::Utc::now().date_naive();
        let expected_deadline = openasp_app::records::domain::handling_deadline(today, 30);
        assert_eq!(receipt["deadline"], json!(expected_deadline.to_string()));
        assert_eq!(receipt["sender"], "Kiss Péter");

        // Registration: a new case file, which takes over the receipt's assignment.
        let registered = flow(
            &clerk,
            "register-receipt",
            &[("receipt", &first_id), ("case_file", "")],
        )
        .await
        .ok();
        assert_eq!(registered["registry_number"], json!(format!("1-1/{year}")));
        assert_eq!(registered["receipt_number"], json!(format!("É-1/{year}")));
        let case = registered["case_file_id"].as_i64().unwrap();
        let brief = case_brief(&clerk, case).await;
        assert_eq!(brief["case"]["state"], "Assigned");
        assert_eq!(brief["case"]["handler"], "Gergely Gréta");
        assert_eq!(
            brief["case"]["deadline"],
            json!(expected_deadline.to_string())
        );
        assert_eq!(brief["documents"][0]["sender"], "Kiss Péter");
        // A receipt is registered once.
        assert_eq!(
            flow(
                &clerk,
                "register-receipt",
                &[("receipt", &first_id), ("case_file", "")]
            )
            .await
            .field_problem("state"),
            json!("records.wrong_state")
        );
        // The second receipt goes under the next sub-number of the same case file.
        assert_eq!(
            flow(
                &clerk,
                "register-receipt",
                &[("receipt", &second_id), ("case_file", "99/1999")]
            )
            .await
            .field_problem("case_file"),
            json!("Malformed")
        );
        let sub = flow(
            &clerk,
            "register-receipt",
            &[
                ("receipt", &second_id),
                ("case_file", &format!("1 / {year}")),
            ],
        )
        .await
        .ok();
        assert_eq!(sub["registry_number"], json!(format!("1-2/{year}")));
        assert_eq!(sub["case_file_id"], json!(case));
        let waiting = flow(&clerk, "receipts", &[("scope", "waiting"), ("page", "1")])
            .await
            .ok();
        assert_eq!(waiting["total"], 0);
        // Both senders were one partner (de-duplicated by name).
        let db = app.privileged_db().await;
        let receipts = receipt::Entity::find()
            .filter(receipt::Column::MunicipalityId.eq(godollo))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(receipts.len(), 2);
        assert_eq!(receipts[0].partner_id, receipts[1].partner_id);
        assert!(receipts[0].partner_id.is_some());

        // A case file is assigned by the head, to a clerk; the deadline may be typed.
        let unassigned = register(&clerk, "Panasz").await.ok();
        assert_eq!(unassigned, json!(format!("2-1/{year}")));
        let second_case = case_id(&app, godollo, &format!("2/{year}")).await;
        let queue = flow(&head, "unassigned", &[("page", "1")]).await.ok();
        assert_eq!(queue["total"], 1);
        assert_eq!(queue["items"][0]["id"], json!(second_case));
        let assign_case = |deadline: &str| {
            vec![
                ("case_file", second_case.to_string()),
                ("unit", String::new()),
                ("handler", iktato.clone()),
                ("category", String::new()),
                ("deadline", deadline.to_owned()),
                ("instructions", String::new()),
            ]
        };
        send_form(&clerk, "assign-case", &assign_case(""))
            .await
            .refused(403, json!("Forbidden"));
        assert_eq!(
            send_form(&head, "assign-case", &assign_case("2026-02-30"))
                .await
                .field_problem("deadline"),
            json!("Malformed")
        );
        send_form(&head, "assign-case", &assign_case(&day(-2)))
            .await
            .ok();
        let brief = case_brief(&clerk, second_case).await;
        assert_eq!(brief["case"]["state"], "Assigned");
        assert_eq!(brief["case"]["overdue"], true);
        let overdue = flow(&head, "deadlines", &[("overdue", "true"), ("page", "1")])
            .await
            .ok();
        assert_eq!(overdue["total"], 1);
        assert_eq!(overdue["items"][0]["id"], json!(second_case));
        let mine = flow(&clerk, "my-cases", &[("page", "1")]).await.ok();
        assert_eq!(mine["total"], 2);
        let choices = flow(&head, "assignment-choices", &[]).await.ok();
        let clerks: BTreeSet<String> = choices["clerks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect();
        assert!(clerks.contains("Gergely Gréta"), "{choices}");
        assert!(
            !clerks.contains("Győri Gyula"),
            "a tax clerk handles no records"
        );
        assert!(
            !clerks.contains("Kovács Klára"),
            "Fót's clerk is not Gödöllő's"
        );

        // Every step is audited and in the case files' history.
        let audited = actions(&app, godollo).await;
        for action in ["records.receive", "records.assign", "records.register"] {
            assert!(audited.iter().any(|a| a == action), "{action}: {audited:?}");
        }
        let history = case_event::Entity::find()
            .filter(case_event::Column::MunicipalityId.eq(godollo))
            .filter(case_event::Column::CaseFileId.eq(case))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect::<Vec<_>>();
        assert_eq!(history, ["registered", "assign", "registered"]);
    }
);

both_backends!(
    async fn a_failure_after_the_receipt_leaves_nothing_behind(backend: Backend) {
        let app = spawn_app(backend).await;
        let year = year();
        let godollo = app.municipality_id("Gödöllő").await;
        let head = app.login("godollo.vezeto").await;
        let clerk = app.login("godollo.iktato").await;
        let ado = app.user_id("godollo.ado").await.to_string();
        let iktato = app.user_id("godollo.iktato").await.to_string();
        let incoming = |handler: &str| {
            vec![
                ("subject", "E-űrlap: parkolási engedély".to_owned()),
                ("channel", "Portal".to_owned()),
                ("sender", "Nagy Éva".to_owned()),
                ("partner", String::new()),
                ("received_at", String::new()),
                ("envelope", String::new()),
                ("unit", String::new()),
                ("handler", handler.to_owned()),
                ("category", String::new()),
            ]
        };
        // The demo data's own records entries (the seeded master data) are there before.
        let records_actions_before: Vec<String> = actions(&app, godollo)
            .await
            .into_iter()
            .filter(|a| a.starts_with("records."))
            .collect();
        // The routing fails at its last step (the handler is no records clerk): the receipt,
        // the case file, the document and both numbers drawn before it are all rolled back.
        assert_eq!(
            send_form(&head, "receive-and-register", &incoming(&ado))
                .await
                .field_problem("handler"),
            json!("framework.not_a_member")
        );
        let db = app.privileged_db().await;
        for count in [
            receipt::Entity::find()
                .filter(receipt::Column::MunicipalityId.eq(godollo))
                .count(&db)
                .await
                .unwrap(),
            case_file::Entity::find()
                .filter(case_file::Column::MunicipalityId.eq(godollo))
                .count(&db)
                .await
                .unwrap(),
            document::Entity::find()
                .filter(document::Column::MunicipalityId.eq(godollo))
                .count(&db)
                .await
                .unwrap(),
            register_book::Entity::find()
                .filter(register_book::Column::MunicipalityId.eq(godollo))
                .count(&db)
                .await
                .unwrap(),
        ] {
            assert_eq!(count, 0);
        }
        let records_actions_after: Vec<String> = actions(&app, godollo)
            .await
            .into_iter()
            .filter(|a| a.starts_with("records."))
            .collect();
        assert_eq!(records_actions_after, records_actions_before);
        // Routing is an assignment: a clerk may file, not route.
        send_form(&clerk, "receive-and-register", &incoming(&iktato))
            .await
            .refused(403, json!("Forbidden"));
        // Done right, it takes the first numbers, as if the failure had never been.
        let registered = send_form(&head, "receive-and-register", &incoming(&iktato))
            .await
            .ok();
        assert_eq!(registered["receipt_number"], json!(format!("É-1/{year}")));
        assert_eq!(registered["registry_number"], json!(format!("1-1/{year}")));
        let brief = case_brief(&clerk, registered["case_file_id"].as_i64().unwrap()).await;
        assert_eq!(brief["case"]["state"], "Assigned");
        assert_eq!(brief["case"]["handler"], "Gergely Gréta");
        assert_eq!(brief["documents"][0]["sender"], "Nagy Éva");
        // A clerk files without routing.
        let plain = send_form(&clerk, "receive-and-register", &incoming(""))
            .await
            .ok();
        assert_eq!(plain["registry_number"], json!(format!("2-1/{year}")));
    }
);

both_backends!(
    async fn handling_sign_off_dispatch_and_return_receipt(backend: Backend) {
        let app = spawn_app(backend).await;
        let year = year();
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("godollo.iktato").await;
        let head = app.login("godollo.vezeto").await;
        let iktato = app.user_id("godollo.iktato").await.to_string();
        // Another records clerk, who is not the handler of the case file below.
        let admin = app.login("godollo.admin").await;
        let ado = app.user_id("godollo.ado").await.to_string();
        admin
            .call(
                "members/grant",
                &[
                    ("user", &ado),
                    ("role", "RecordsClerk"),
                    ("valid_until", ""),
                ],
            )
            .await
            .ok();
        let other_clerk = app.login("godollo.ado").await;

        register(&clerk, "Fakivágási kérelem").await.ok();
        let case = case_id(&app, godollo, &format!("1/{year}"))
            .await
            .to_string();
        head.call(
            "records/flow/assign-case",
            &[
                ("case_file", &case),
                ("unit", ""),
                ("handler", &iktato),
                ("category", ""),
                ("deadline", ""),
                ("instructions", "Helyszíni szemle"),
            ],
        )
        .await
        .ok();

        // An outgoing draft needs its text; only the handler (or a head) writes one.
        assert_eq!(
            draft(&clerk, &case, " ").await.field_problem("body"),
            json!("Required")
        );
        draft(&other_clerk, &case, "Szöveg")
            .await
            .refused(403, json!("Forbidden"));
        let answer = flow(
            &clerk,
            "add-document",
            &[
                ("case_file", &case),
                ("kind", "Sideways"),
                ("subject", "x"),
                ("sender", ""),
                ("body", ""),
            ],
        )
        .await;
        assert_eq!(answer.field_problem("kind"), json!("Malformed"));
        let drafted = draft(&clerk, &case, "A kérelemnek helyt adok.").await.ok();
        assert_eq!(drafted["registry_number"], json!(format!("1-2/{year}")));
        let doc = id_of(&drafted, "document_id");
        let brief = case_brief(&clerk, case.parse().unwrap()).await;
        assert_eq!(brief["case"]["state"], "InProgress");
        assert_eq!(brief["documents"][1]["state"], "draft");
        assert_eq!(brief["documents"][1]["body"], "A kérelemnek helyt adok.");
        let mine = flow(&clerk, "drafts", &[("scope", "mine"), ("page", "1")])
            .await
            .ok();
        assert_eq!(mine["total"], 1);
        flow(&clerk, "drafts", &[("scope", "to-sign"), ("page", "1")])
            .await
            .refused(403, json!("Forbidden"));
        let to_sign = flow(&head, "drafts", &[("scope", "to-sign"), ("page", "1")])
            .await
            .ok();
        assert_eq!(
            to_sign["items"][0]["id"],
            json!(doc.parse::<i64>().unwrap())
        );

        // Nothing is dispatched before sign-off; sign-off is the head's right, once.
        assert_eq!(
            post(&clerk, &doc, "2100 Gödöllő, Fő tér 1.")
                .await
                .field_problem("state"),
            json!("records.wrong_state")
        );
        flow(&clerk, "sign-off", &[("document", &doc)])
            .await
            .refused(403, json!("Forbidden"));
        flow(&head, "sign-off", &[("document", &doc)]).await.ok();
        assert_eq!(
            flow(&head, "sign-off", &[("document", &doc)])
                .await
                .field_problem("state"),
            json!("records.wrong_state")
        );
        let queue = flow(&clerk, "dispatch-queue", &[("page", "1")]).await.ok();
        assert_eq!(queue["total"], 1);

        // Dispatch by post needs an address; then the return receipt is awaited.
        assert_eq!(
            post(&clerk, &doc, "").await.field_problem("address"),
            json!("Required")
        );
        let dispatch = post(&clerk, &doc, "2100 Gödöllő, Fő tér 1.")
            .await
            .ok()
            .to_string();
        assert_eq!(
            post(&clerk, &doc, "2100 Gödöllő, Fő tér 1.")
                .await
                .field_problem("state"),
            json!("records.wrong_state"),
            "dispatched once"
        );
        let queue = flow(&clerk, "dispatch-queue", &[("page", "1")]).await.ok();
        assert_eq!(queue["total"], 0);
        let receipts = |filter: &'static str, days: &'static str| {
            let clerk = &clerk;
            async move {
                flow(
                    clerk,
                    "return-receipts",
                    &[("filter", filter), ("days", days), ("page", "1")],
                )
                .await
                .ok()["total"]
                    .clone()
            }
        };
        assert_eq!(receipts("pending", "15").await, 1);
        assert_eq!(receipts("never", "0").await, 1);
        assert_eq!(receipts("never", "15").await, 0, "not yet overdue");
        let record = |status: &'static str, date: String| {
            let dispatch = dispatch.clone();
            let clerk = &clerk;
            async move {
                flow(
                    clerk,
                    "return-receipt",
                    &[("dispatch", &dispatch), ("status", status), ("date", &date)],
                )
                .await
            }
        };
        assert_eq!(
            record("delivered", day(1)).await.field_problem("date"),
            json!("Malformed")
        );
        assert_eq!(
            record("pending", day(0)).await.field_problem("status"),
            json!("Malformed")
        );
        assert_eq!(
            record("delivered", String::new())
                .await
                .field_problem("date"),
            json!("Required")
        );
        record("delivered", day(0)).await.ok();
        assert_eq!(
            record("refused", day(0)).await.field_problem("state"),
            json!("records.wrong_state"),
            "recorded once"
        );
        let detail = flow(&clerk, "dispatch-detail", &[("dispatch", &dispatch)])
            .await
            .ok();
        assert_eq!(detail["return_status"], "delivered");
        assert_eq!(detail["return_date"], json!(day(0)));
        assert_eq!(receipts("pending", "15").await, 0);
        assert_eq!(receipts("all", "15").await, 1);

        // Electronic dispatch awaits no return receipt.
        let second = draft(&clerk, &case, "Értesítés").await.ok();
        let second_doc = id_of(&second, "document_id");
        flow(&head, "sign-off", &[("document", &second_doc)])
            .await
            .ok();
        flow(
            &clerk,
            "dispatch",
            &[
                ("document", &second_doc),
                ("method", "electronic"),
                ("recipient", "Kiss Péter"),
                ("address", ""),
                ("tracking_number", ""),
            ],
        )
        .await
        .ok();
        assert_eq!(receipts("all", "15").await, 1);

        // Internal notes, suspension with a reason and resumption.
        assert_eq!(
            flow(&clerk, "note", &[("case_file", &case), ("body", "")])
                .await
                .field_problem("body"),
            json!("Required")
        );
        flow(
            &clerk,
            "note",
            &[("case_file", &case), ("body", "Telefonon egyeztetve.")],
        )
        .await
        .ok();
        flow(&other_clerk, "note", &[("case_file", &case), ("body", "x")])
            .await
            .refused(403, json!("Forbidden"));
        assert_eq!(
            flow(&clerk, "suspend", &[("case_file", &case), ("reason", " ")])
                .await
                .field_problem("reason"),
            json!("Required")
        );
        assert_eq!(
            flow(&clerk, "resume", &[("case_file", &case)])
                .await
                .field_problem("state"),
            json!("records.wrong_state"),
            "only a suspended file resumes"
        );
        flow(
            &clerk,
            "suspend",
            &[
                ("case_file", &case),
                ("reason", "Szakhatósági állásfoglalásra vár"),
            ],
        )
        .await
        .ok();
        let brief = case_brief(&clerk, case.parse().unwrap()).await;
        assert_eq!(brief["case"]["state"], "Suspended");
        assert_eq!(
            brief["suspended_reason"],
            "Szakhatósági állásfoglalásra vár"
        );
        assert_eq!(brief["notes"][0]["body"], "Telefonon egyeztetve.");
        let running = flow(&head, "deadlines", &[("overdue", "false"), ("page", "1")])
            .await
            .ok();
        assert_eq!(running["total"], 0, "a suspended deadline does not run");
        flow(&clerk, "resume", &[("case_file", &case)]).await.ok();
        let brief = case_brief(&clerk, case.parse().unwrap()).await;
        assert_eq!(brief["case"]["state"], "InProgress");
        let running = flow(&head, "deadlines", &[("overdue", "false"), ("page", "1")])
            .await
            .ok();
        assert_eq!(running["total"], 1);

        let audited = actions(&app, godollo).await;
        for action in [
            "records.sign_off",
            "records.dispatch",
            "records.return_receipt",
            "records.note",
            "records.suspend",
            "records.resume",
            "records.start_work",
        ] {
            assert!(audited.iter().any(|a| a == action), "{action}: {audited:?}");
        }
        let history: Vec<String> = case_event::Entity::find()
            .filter(case_event::Column::MunicipalityId.eq(godollo))
            .filter(case_event::Column::CaseFileId.eq(case.parse::<i64>().unwrap()))
            .all(&app.privileged_db().await)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect();
        for event in [
            "sign_off",
            "dispatch",
            "return_receipt",
            "note",
            "suspend",
            "resume",
        ] {
            assert!(history.iter().any(|e| e == event), "{event}: {history:?}");
        }
    }
);

both_backends!(
    async fn antecedents_merging_and_cancellation(backend: Backend) {
        let app = spawn_app(backend).await;
        let year = year();
        let godollo = app.municipality_id("Gödöllő").await;
        let clerk = app.login("godollo.iktato").await;
        let head = app.login("godollo.vezeto").await;
        for subject in ["Építési ügy", "Ugyanaz az építési ügy", "Tévesen iktatott"] {
            register(&clerk, subject).await.ok();
        }
        let first = case_id(&app, godollo, &format!("1/{year}"))
            .await
            .to_string();
        let second = case_id(&app, godollo, &format!("2/{year}"))
            .await
            .to_string();
        let third = case_id(&app, godollo, &format!("3/{year}"))
            .await
            .to_string();

        // Antecedents: an existing other case file, once.
        let link = |antecedent: String| {
            let second = second.clone();
            let clerk = &clerk;
            async move {
                flow(
                    clerk,
                    "link",
                    &[("case_file", &second), ("antecedent", &antecedent)],
                )
                .await
            }
        };
        for (typed, problem) in [
            (String::new(), "Required"),
            ("77/1999".to_owned(), "Malformed"),
            (format!("2/{year}"), "Malformed"),
        ] {
            assert_eq!(
                link(typed).await.field_problem("antecedent"),
                json!(problem)
            );
        }
        link(format!("1/{year}")).await.ok();
        assert_eq!(
            link(format!("1/{year}")).await.field_problem("antecedent"),
            json!("Malformed"),
            "linked once"
        );
        let brief = case_brief(&clerk, second.parse().unwrap()).await;
        assert_eq!(
            brief["links"],
            json!([{"kind": "antecedent", "case_file_id": first.parse::<i64>().unwrap(),
                    "registry_number": format!("1/{year}")}])
        );

        // Merging: the second file goes into the first, which shows its documents.
        let merge = |into: String| {
            let second = second.clone();
            let clerk = &clerk;
            async move { flow(clerk, "merge", &[("case_file", &second), ("into", &into)]).await }
        };
        assert_eq!(
            merge(format!("2/{year}")).await.field_problem("into"),
            json!("Malformed")
        );
        merge(format!("1/{year}")).await.ok();
        let merged = case_brief(&clerk, second.parse().unwrap()).await;
        assert_eq!(merged["case"]["state"], "Merged");
        assert_eq!(merged["merged_into"], json!(format!("1/{year}")));
        let carrier = case_brief(&clerk, first.parse().unwrap()).await;
        let numbers: Vec<&str> = carrier["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["registry_number"].as_str().unwrap())
            .collect();
        assert_eq!(numbers, [format!("1-1/{year}"), format!("2-1/{year}")]);
        assert_eq!(carrier["links"][0]["kind"], "merged");
        assert_eq!(
            merge(format!("3/{year}")).await.field_problem("state"),
            json!("records.wrong_state"),
            "merged once"
        );
        // Nothing more is filed into a merged file.
        assert_eq!(
            flow(
                &clerk,
                "add-document",
                &[
                    ("case_file", &second),
                    ("kind", "Incoming"),
                    ("subject", "Levél"),
                    ("sender", ""),
                    ("body", ""),
                ],
            )
            .await
            .field_problem("state"),
            json!("records.wrong_state")
        );

        // Cancellation: a reason is required; the number stays used, struck through.
        let third_doc = document::Entity::find()
            .filter(document::Column::MunicipalityId.eq(godollo))
            .filter(document::Column::CaseFileId.eq(third.parse::<i64>().unwrap()))
            .one(&app.privileged_db().await)
            .await
            .unwrap()
            .unwrap()
            .id
            .to_string();
        assert_eq!(
            flow(
                &clerk,
                "cancel",
                &[("document", &third_doc), ("reason", "")]
            )
            .await
            .field_problem("reason"),
            json!("Required")
        );
        let admin = app.login("godollo.admin").await;
        let ado = app.user_id("godollo.ado").await.to_string();
        admin
            .call(
                "members/grant",
                &[
                    ("user", &ado),
                    ("role", "RecordsClerk"),
                    ("valid_until", ""),
                ],
            )
            .await
            .ok();
        let other_clerk = app.login("godollo.ado").await;
        flow(
            &other_clerk,
            "cancel",
            &[("document", &third_doc), ("reason", "Téves")],
        )
        .await
        .refused(403, json!("Forbidden"));
        flow(
            &clerk,
            "cancel",
            &[
                ("document", &third_doc),
                ("reason", "Téves iktatás: másik hivatalnak szól"),
            ],
        )
        .await
        .ok();
        assert_eq!(
            flow(
                &head,
                "cancel",
                &[("document", &third_doc), ("reason", "Újra")]
            )
            .await
            .field_problem("state"),
            json!("records.wrong_state"),
            "cancelled once"
        );
        let cancelled = case_brief(&clerk, third.parse().unwrap()).await;
        assert_eq!(cancelled["case"]["state"], "Cancelled");
        assert_eq!(cancelled["documents"][0]["state"], "cancelled");
        let listed = clerk
            .call(
                "records/list",
                &[("q", &format!("3-1/{year}")), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(
            listed["items"][0]["cancelled_reason"],
            "Téves iktatás: másik hivatalnak szól"
        );
        // The next registration does not reuse the cancelled number.
        assert_eq!(
            register(&clerk, "Új kérelem").await.ok(),
            json!(format!("4-1/{year}"))
        );
        // A cancelled sub-number leaves its case file standing.
        let first_sub = flow(
            &clerk,
            "add-document",
            &[
                ("case_file", &first),
                ("kind", "Incoming"),
                ("subject", "Rossz helyre iktatott levél"),
                ("sender", ""),
                ("body", ""),
            ],
        )
        .await
        .ok();
        assert_eq!(first_sub["registry_number"], json!(format!("1-2/{year}")));
        flow(
            &head,
            "cancel",
            &[
                ("document", &id_of(&first_sub, "document_id")),
                ("reason", "Téves"),
            ],
        )
        .await
        .ok();
        let carrier = case_brief(&clerk, first.parse().unwrap()).await;
        assert_eq!(carrier["case"]["state"], "Registered");
        let audited = actions(&app, godollo).await;
        for action in ["records.antecedent", "records.merge", "records.cancel"] {
            assert!(audited.iter().any(|a| a == action), "{action}: {audited:?}");
        }
    }
);

both_backends!(
    async fn two_hundred_parallel_registrations_are_consecutive(backend: Backend) {
        let app = spawn_app(backend).await;
        let year = year();
        // Ten signed-in clients send 200 registrations at once.
        let mut browsers = Vec::new();
        for _ in 0..10 {
            browsers.push(Arc::new(app.login("godollo.iktato").await));
        }
        let mut tasks = Vec::new();
        for i in 0..200 {
            let browser = browsers[i % browsers.len()].clone();
            tasks.push(tokio::spawn(async move {
                register(&browser, &format!("Kérelem {i}")).await.ok()
            }));
        }
        let mut numbers = BTreeSet::new();
        for task in tasks {
            let number = task.await.unwrap();
            assert!(
                numbers.insert(number.as_str().unwrap().to_owned()),
                "twice: {number}"
            );
        }
        let expected: BTreeSet<String> = (1..=200).map(|n| format!("{n}-1/{year}")).collect();
        assert_eq!(numbers, expected);

        // Sub-numbers of one case file, in parallel too.
        let godollo = app.municipality_id("Gödöllő").await;
        let case = case_id(&app, godollo, &format!("1/{year}"))
            .await
            .to_string();
        let mut tasks = Vec::new();
        for i in 0..40 {
            let browser = browsers[i % browsers.len()].clone();
            let case = case.clone();
            tasks.push(tokio::spawn(async move {
                flow(
                    &browser,
                    "add-document",
                    &[
                        ("case_file", &case),
                        ("kind", "Incoming"),
                        ("subject", &format!("Beadvány {i}")),
                        ("sender", ""),
                        ("body", ""),
                    ],
                )
                .await
                .ok()["registry_number"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }));
        }
        let mut subs = BTreeSet::new();
        for task in tasks {
            assert!(subs.insert(task.await.unwrap()));
        }
        let expected: BTreeSet<String> = (2..=41).map(|n| format!("1-{n}/{year}")).collect();
        assert_eq!(subs, expected);
    }
);
