//! The records slice: the register, master data, the daily flow, finding, import, closing and
//! the archive; and the plain routes of attachments, the search export and the archive's
//! downloads.
use super::*;

pub(super) const SERVER_FUNCTIONS: FunctionSlice = &[
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
];

const BOOK_PDF: &str = "/ugyintezo/iratkezeles/konyvzaras/{id}/nyomtatas.pdf";
const TRANSFER_PACKAGE: &str = "/ugyintezo/iratkezeles/leveltar/csomag";
const ATTACHMENT_UPLOAD: &str = "/ugyintezo/iratkezeles/csatolmany";
const ATTACHMENT: &str = "/ugyintezo/iratkezeles/csatolmany/{id}";
const SEARCH_EXPORT: &str = "/ugyintezo/iratkezeles/kereses/csv";

pub(super) const PLAIN_ROUTES: RouteSlice = &[
    ("GET", BOOK_PDF, Reach::Swept),
    ("GET", TRANSFER_PACKAGE, Reach::Swept),
    ("POST", ATTACHMENT_UPLOAD, Reach::Swept),
    ("GET", ATTACHMENT, Reach::Swept),
    ("GET", SEARCH_EXPORT, Reach::Swept),
];

/// Fót's records the sweep aims at.
pub(super) struct FotRecordsData {
    master: FotMaster,
    flow: FotRecords,
    /// A case file found by Fót's clerk's search.
    case: String,
    /// An attachment of Fót's document.
    attachment: String,
}

/// Fót's records: a register entry by Fót's clerk, master data, the daily flow, and an
/// attachment (all made before the sweep's snapshot).
pub(super) async fn prepare(app: &TestApp, fot_admin: &Browser, t: &Tenants) -> FotRecordsData {
    use openasp_app::records::db::attachment;
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
    let master = prepare_records_master(fot_admin).await;
    let flow = records_flow_data(app, fot_admin, t.fot, t.kozos).await;
    let fot_found = fot_clerk
        .call("records/find/search", &records_search_form("", ""))
        .await
        .ok();
    let case = fot_found["page"]["items"][0]["case_file_id"].to_string();
    assert_ne!(case, "null", "{fot_found}");
    // Fót's head attaches a file to Fót's document.
    let response = fot_admin
        .client
        .post(format!("{}{ATTACHMENT_UPLOAD}", fot_admin.base))
        .header(
            reqwest::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(multipart(
            &[("document", &flow.document)],
            ("foti.txt", b"Fot levele".as_slice()),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "Fót's attachment is stored");
    let attachment = attachment::Entity::find()
        .filter(attachment::Column::MunicipalityId.eq(t.fot))
        .one(&app.privileged_db().await)
        .await
        .unwrap()
        .expect("Fót's attachment")
        .id
        .to_string();
    FotRecordsData {
        master,
        flow,
        case,
        attachment,
    }
}

/// Gödöllő's administrator (all roles, records head included) aims every records function
/// and route at Fót's records.
pub(super) async fn sweep(app: &TestApp, admin: &Recording<'_>, t: &Tenants, fot: &FotRecordsData) {
    let godollo = t.godollo;
    let not_found = json!("NotFound");
    // Registering writes only the acting municipality's register book.
    let year = {
        use chrono::Datelike;
        chrono::Utc::now().year()
    };
    admin
        .call(
            "records/register",
            &[
                ("subject", "Kérelem"),
                ("direction", "Incoming"),
                ("channel", "Paper"),
                ("sender", ""),
            ],
        )
        .await
        .own_only(|number| assert_eq!(number.body, json!(format!("1-1/{year}"))));
    for q in ["", "Fót", "1-1"] {
        admin
            .call("records/list", &[("q", q), ("page", "1")])
            .await
            .own_only(|register| {
                assert!(
                    register.body["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|r| r["subject"] == "Kérelem"),
                    "{q}: {}",
                    register.text
                );
            });
    }
    sweep_records_flow(app, admin, godollo, &fot.flow).await;
    // Finding things: Fót's case file is not found; searches and choices show Gödöllő's.
    admin
        .call("records/find/case", &[("id", &fot.case)])
        .await
        .refused(404, not_found.clone());
    for (q, number) in [("", ""), ("Fót", ""), ("belső", ""), ("", "1")] {
        admin
            .call("records/find/search", &records_search_form(q, number))
            .await
            .own_only(|found| {
                assert!(
                    found.body["page"]["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|h| h["subject"] == "Kérelem"),
                    "{q}/{number}: {}",
                    found.text
                );
            });
    }
    let godollo_admin = app.user_id("godollo.admin").await;
    let head_of_records = app.user_id("godollo.vezeto").await;
    admin
        .call("records/find/options", &[])
        .await
        .own_only(|choices| {
            let clerks: BTreeSet<i64> = choices.body["clerks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap())
                .collect();
            assert_eq!(
                clerks,
                BTreeSet::from([godollo_admin, t.iktato, head_of_records])
            );
        });
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
        .await;
    let imported = openasp_app::records::db::case_file::Entity::find()
        .filter(openasp_app::records::db::case_file::Column::Subject.eq("Átvett ügy"))
        .all(&app.privileged_db().await)
        .await
        .unwrap();
    report.own_only(|report| {
        assert_eq!(report.body["imported"], true, "{}", report.text);
        assert_eq!(imported.len(), 1);
        assert_eq!(imported[0].municipality_id, godollo);
    });

    sweep_records_master(app, admin, &fot.master, t.fot).await;

    sweep_records_archive(app, admin).await;

    sweep_records_routes(app, admin, t, fot).await;
}

/// The plain routes: Fót's attachment, register book and document are not found; the search
/// export and the transfer package hold Gödöllő's records only.
async fn sweep_records_routes(
    app: &TestApp,
    admin: &Recording<'_>,
    t: &Tenants,
    fot: &FotRecordsData,
) {
    use openasp_app::records::db::{attachment, register_book};
    let db = app.privileged_db().await;
    let attachments = attachment::Entity::find()
        .order_by_asc(attachment::Column::MunicipalityId)
        .order_by_asc(attachment::Column::Id);
    let before = attachments.clone().all(&db).await.unwrap();
    admin
        .get(ATTACHMENT, &[&fot.attachment])
        .await
        .refused_with(404);
    for (target, id) in [
        ("document", &fot.flow.document),
        ("receipt", &fot.flow.receipt),
    ] {
        admin
            .post_multipart(
                ATTACHMENT_UPLOAD,
                &[],
                &[(target, id)],
                ("atvett.txt", b"idegen".as_slice()),
            )
            .await
            .refused_with(404);
    }
    assert_eq!(
        attachments.all(&db).await.unwrap(),
        before,
        "nothing attached anywhere"
    );
    let fot_book = register_book::Entity::find()
        .filter(register_book::Column::MunicipalityId.eq(t.fot))
        .one(&db)
        .await
        .unwrap()
        .expect("Fót's register book")
        .id
        .to_string();
    admin.get(BOOK_PDF, &[&fot_book]).await.refused_with(404);
    // Fót's subjects (its clerk's, its head's) appear in no download of Gödöllő's.
    let fot_subjects = ["Fót belső ügye", "Fóti", "Fót építésügy"];
    admin.get(SEARCH_EXPORT, &[]).await.own_only(|csv| {
        assert!(csv.text.contains("Kérelem"), "Gödöllő's own: {}", csv.text);
        for subject in fot_subjects {
            assert!(!csv.text.contains(subject), "{subject}: {}", csv.text);
        }
    });
    admin.get(TRANSFER_PACKAGE, &[]).await.own_only(|package| {
        assert!(package.body["case_files"].is_array(), "{}", package.text);
        for subject in fot_subjects {
            assert!(
                !package.text.contains(subject),
                "{subject}: {}",
                package.text
            );
        }
    });
}

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
        answer.own_only(|answer| {
            for foreign in ["Fóti", "Kovács Klára", "Fehér Ferenc"] {
                assert!(
                    !answer.text.contains(foreign),
                    "{endpoint} shows {foreign}: {}",
                    answer.text
                );
            }
        });
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
        admin.call(endpoint, &form).await.own_only(|page| {
            assert_eq!(page.body["total"], 0, "{endpoint}: {}", page.text);
        });
    }
    admin
        .call("records/archive/books", &[("page", "1")])
        .await
        .own_only(|books| {
            assert!(
                books.body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|b| b["id"] != json!(fot_book)),
                "{}",
                books.text
            );
        });
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
        let page = admin.call(endpoint, &form).await.own_only(|page| {
            let ids = ids_in(&page.body, "items");
            assert!(ids.is_disjoint(&fot_ids), "{endpoint}: {ids:?}");
        });
        seen.extend(ids_in(&page, "items"));
    }
    let choices = admin
        .call("records/master/choices", &[])
        .await
        .own_only(|choices| {
            for key in ["units", "categories", "retention_items"] {
                let ids = ids_in(&choices.body, key);
                assert!(ids.is_disjoint(&fot_ids), "{key}: {ids:?}");
            }
        });
    for key in ["units", "categories", "retention_items"] {
        seen.extend(ids_in(&choices, key));
    }
    assert!(seen.is_disjoint(&fot_ids), "{seen:?}");
    admin
        .call(
            "records/master/partners",
            &[("q", "Fóti Ferenc"), ("page", "1")],
        )
        .await
        .own_only(|found| assert_eq!(found.body["total"], 0));

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
        .own_only(|own| {
            assert_eq!(own.body["existing"], false);
            assert_ne!(own.body["id"].as_str().unwrap(), fot_partner);
        });
    let own = own["id"].as_str().unwrap().to_owned();
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
