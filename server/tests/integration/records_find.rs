//! Records management, finding things: search (filters, full text, pagination, sorting, CSV),
//! the case-file screen's single call, attachments (upload, download, refusals, dedup,
//! isolation) and the legacy-register import (all or nothing).
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::*;

fn year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

async fn register(browser: &Browser, subject: &str, sender: &str) -> String {
    browser
        .call(
            "records/register",
            &[
                ("subject", subject),
                ("direction", "Incoming"),
                ("channel", "Paper"),
                ("sender", sender),
            ],
        )
        .await
        .ok()
        .as_str()
        .unwrap()
        .to_owned()
}

/// Calls the search with the given filters (the rest empty).
async fn search(browser: &Browser, filters: &[(&str, &str)], page: u64) -> ApiResponse {
    let mut form: Vec<(&str, String)> = [
        "q",
        "number",
        "partner",
        "clerk",
        "from",
        "until",
        "state",
        "retention",
        "sort",
    ]
    .iter()
    .map(|f| {
        (
            *f,
            filters
                .iter()
                .find(|(k, _)| k == f)
                .map(|(_, v)| (*v).to_owned())
                .unwrap_or_default(),
        )
    })
    .collect();
    form.push(("page", page.to_string()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.call("records/find/search", &pairs).await
}

fn numbers(results: &Value) -> Vec<String> {
    results["page"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["registry_number"].as_str().unwrap().to_owned())
        .collect()
}

/// The first hit of a search for `number` (its document and case-file ids).
async fn hit(browser: &Browser, number: &str) -> Value {
    let found = search(browser, &[("number", number)], 1).await.ok();
    found["page"]["items"][0].clone()
}

both_backends!(
    async fn search_filters_sorts_pages_and_exports(backend: Backend) {
        let app = spawn_app(backend).await;
        let clerk = app.login("godollo.iktato").await;
        let year = year();
        for i in 1..=27 {
            register(
                &clerk,
                &format!("Közterület-használati kérelem {i}"),
                "Nagy Anna",
            )
            .await;
        }
        register(&clerk, "Építési engedély iránti kérelem", "Kiss Péter").await;
        register(&clerk, "=HYPERLINK(\"http://evil\")", "+36 1 234 5678").await;
        register(&clerk, "Panasz; zajos szomszéd", "Szabó Éva").await;

        // Everything, newest first, in pages of 25.
        let all = search(&clerk, &[], 1).await.ok();
        assert_eq!(all["page"]["total"], 30);
        assert_eq!(all["capped"], false);
        assert_eq!(numbers(&all).len(), 25);
        assert_eq!(numbers(&all)[0], format!("30-1/{year}"));
        let second = search(&clerk, &[], 2).await.ok();
        assert_eq!(numbers(&second).len(), 5);
        assert_eq!(numbers(&second)[4], format!("1-1/{year}"));

        // Sorting by number is numeric (10 after 9), both ways; by subject alphabetical.
        let by_number = search(&clerk, &[("sort", "number")], 1).await.ok();
        assert_eq!(
            numbers(&by_number)[..3],
            [
                format!("1-1/{year}"),
                format!("2-1/{year}"),
                format!("3-1/{year}")
            ]
        );
        assert_eq!(numbers(&by_number)[9], format!("10-1/{year}"));
        let descending = search(&clerk, &[("sort", "-number")], 1).await.ok();
        assert_eq!(numbers(&descending)[0], format!("30-1/{year}"));
        let by_subject = search(&clerk, &[("sort", "subject")], 1).await.ok();
        assert_eq!(
            by_subject["page"]["items"][0]["subject"],
            "=HYPERLINK(\"http://evil\")"
        );

        // Full text: accents and case do not matter, word beginnings match, all words needed.
        let found = search(&clerk, &[("q", "epitesi ENGED")], 1).await.ok();
        assert_eq!(numbers(&found), [format!("28-1/{year}")]);
        let found = search(&clerk, &[("q", "kérelem")], 1).await.ok();
        assert_eq!(found["page"]["total"], 28);
        let found = search(&clerk, &[("q", "kiss péter")], 1).await.ok();
        assert_eq!(
            numbers(&found),
            [format!("28-1/{year}")],
            "the sender is searched"
        );
        let found = search(&clerk, &[("q", "\" OR 1=1 --")], 1).await.ok();
        assert_eq!(found["page"]["total"], 0, "query syntax is just words");
        // A text with no word in it finds nothing rather than everything: it is refused.
        for q in ["😀", "***"] {
            let refused = search(&clerk, &[("q", q)], 1).await;
            assert_eq!(
                refused.field_problem("q"),
                serde_json::json!("records.nothing_to_search"),
                "{q}"
            );
        }

        // Registry number: exact, its beginning, or the case file's own number.
        let found = search(&clerk, &[("number", &format!("12-1/{year}"))], 1)
            .await
            .ok();
        assert_eq!(numbers(&found), [format!("12-1/{year}")]);
        let found = search(&clerk, &[("number", "1")], 1).await.ok();
        assert_eq!(found["page"]["total"], 11, "1, 10–19");
        let found = search(&clerk, &[("number", &format!(" 7 / {year}"))], 1)
            .await
            .ok();
        assert_eq!(numbers(&found), [format!("7-1/{year}")]);

        // Partner, state, dates.
        let found = search(&clerk, &[("partner", "szabó")], 1).await.ok();
        assert_eq!(numbers(&found), [format!("30-1/{year}")]);
        let found = search(&clerk, &[("state", "Registered"), ("partner", "nagy")], 1)
            .await
            .ok();
        assert_eq!(found["page"]["total"], 27);
        let found = search(&clerk, &[("state", "Closed")], 1).await.ok();
        assert_eq!(found["page"]["total"], 0);
        let found = search(&clerk, &[("from", &day(0)), ("until", &day(0))], 1)
            .await
            .ok();
        assert_eq!(found["page"]["total"], 30);
        let found = search(&clerk, &[("from", &day(1))], 1).await.ok();
        assert_eq!(found["page"]["total"], 0);
        let found = search(&clerk, &[("until", &day(-1))], 1).await.ok();
        assert_eq!(found["page"]["total"], 0);

        // Bad input names its fields.
        let refused = search(&clerk, &[("from", "tegnap"), ("state", "Lost")], 1).await;
        assert_eq!(refused.field_problem("from"), json!("Malformed"));
        assert_eq!(refused.field_problem("state"), json!("Malformed"));

        // CSV for Hungarian Excel: BOM, semicolons, formulas defused, the same filters.
        let response = clerk
            .client
            .get(app.url("/ugyintezo/iratkezeles/kereses/csv?sort=number&q=hyperlink+OR+panasz"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "text/csv; charset=utf-8"
        );
        assert!(
            response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        let csv = response.text().await.unwrap();
        assert!(csv.starts_with('\u{feff}'), "{csv}");
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "hyperlink OR panasz is two words, both needed: {csv}"
        );
        let csv = clerk
            .client
            .get(app.url("/ugyintezo/iratkezeles/kereses/csv?sort=number&number=29"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines[0],
            "Iktatószám;Tárgy;Ügyfél / küldő;Ügyintéző;Iktatás napja;Ügyirat állapota"
        );
        assert_eq!(
            lines[1],
            format!(
                "29-1/{year};\"'=HYPERLINK(\"\"http://evil\"\")\";'+36 1 234 5678;;{};Iktatva",
                day(0)
            )
        );
        let csv = clerk
            .client
            .get(app.url("/ugyintezo/iratkezeles/kereses/csv?number=30"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(csv.contains("\"Panasz; zajos szomszéd\""), "{csv}");

        // Another municipality finds none of it, and the CSV needs a records role.
        let fot = app.login("kozos.ugyintezo").await;
        for filters in [vec![], vec![("q", "kérelem")], vec![("number", "1")]] {
            let found = search(&fot, &filters, 1).await.ok();
            assert_eq!(found["page"]["total"], 0, "{filters:?}");
        }
        let csv = fot
            .client
            .get(app.url("/ugyintezo/iratkezeles/kereses/csv"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(csv.trim_start_matches('\u{feff}').lines().count(), 1);
        let tax = app.login("godollo.ado").await;
        search(&tax, &[], 1).await.refused(403, json!("Forbidden"));
        let status = tax
            .client
            .get(app.url("/ugyintezo/iratkezeles/kereses/csv"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 403);
        let status = app
            .browser()
            .client
            .get(app.url("/ugyintezo/iratkezeles/kereses/csv"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401);

        // Searches and exports are recorded.
        let godollo = app.municipality_id("Gödöllő").await;
        let audit = app.audit_entries(godollo).await;
        assert!(audit.iter().any(|e| e.action == "personal_data.export"));
        assert!(
            audit
                .iter()
                .any(|e| e.action == "personal_data.read" && e.object_type == "records_search")
        );
    }
);

both_backends!(
    async fn the_case_file_screen_gets_everything_in_one_call(backend: Backend) {
        use openasp_app::records::db::{case_file, case_link, case_note, dispatch};
        let app = spawn_app(backend).await;
        let clerk = app.login("godollo.iktato").await;
        let year = year();
        register(&clerk, "Előzmény: régi kérelem", "Kiss Péter").await;
        register(&clerk, "Építési engedély", "Kiss Péter").await;
        register(&clerk, "Szerelendő beadvány", "Kiss Péter").await;
        let antecedent = hit(&clerk, &format!("1-1/{year}")).await;
        let main = hit(&clerk, &format!("2-1/{year}")).await;
        let merged = hit(&clerk, &format!("3-1/{year}")).await;
        let case_id = main["case_file_id"].as_i64().unwrap();
        let document_id = main["document_id"].as_i64().unwrap();
        let godollo = app.municipality_id("Gödöllő").await;

        // The other steps of the daily flow are other screens; their rows are put in place here.
        let db = app.privileged_db().await;
        let now = chrono::Utc::now();
        case_note::Entity::insert(case_note::ActiveModel {
            municipality_id: Set(godollo),
            id: Set(7001),
            case_file_id: Set(case_id),
            author_user_id: Set(Some(app.user_id("godollo.iktato").await)),
            body: Set("Hiánypótlásra felszólítani".to_owned()),
            created_at: Set(now),
        })
        .exec(&db)
        .await
        .unwrap();
        case_link::Entity::insert(case_link::ActiveModel {
            municipality_id: Set(godollo),
            case_file_id: Set(case_id),
            linked_case_file_id: Set(antecedent["case_file_id"].as_i64().unwrap()),
            kind: Set("antecedent".to_owned()),
            created_at: Set(now),
            created_by: Set(None),
        })
        .exec(&db)
        .await
        .unwrap();
        case_file::Entity::update_many()
            .col_expr(
                case_file::Column::MergedIntoId,
                sea_orm::sea_query::Expr::value(case_id),
            )
            .col_expr(
                case_file::Column::State,
                sea_orm::sea_query::Expr::value("Merged"),
            )
            .filter(case_file::Column::MunicipalityId.eq(godollo))
            .filter(case_file::Column::Id.eq(merged["case_file_id"].as_i64().unwrap()))
            .exec(&db)
            .await
            .unwrap();
        dispatch::Entity::insert(dispatch::ActiveModel {
            municipality_id: Set(godollo),
            id: Set(7002),
            document_id: Set(document_id),
            method: Set("post".to_owned()),
            partner_id: Set(None),
            recipient: Set("Kiss Péter".to_owned()),
            address: Set(Some("2100 Gödöllő, Fő utca 1.".to_owned())),
            tracking_number: Set(Some("RL123456789HU".to_owned())),
            dispatched_at: Set(now),
            dispatched_by: Set(None),
            return_status: Set("pending".to_owned()),
            return_date: Set(None),
            return_recorded_at: Set(None),
        })
        .exec(&db)
        .await
        .unwrap();

        let view = clerk
            .call("records/find/case", &[("id", &case_id.to_string())])
            .await
            .ok();
        assert_eq!(view["registry_number"], format!("2/{year}"));
        assert_eq!(view["subject"], "Építési engedély");
        assert_eq!(view["state"], "Registered");
        let documents = view["documents"].as_array().unwrap();
        assert_eq!(documents.len(), 1);
        assert_eq!(documents[0]["registry_number"], format!("2-1/{year}"));
        assert_eq!(documents[0]["sender"], "Kiss Péter");
        assert_eq!(
            documents[0]["dispatches"][0]["tracking_number"],
            "RL123456789HU"
        );
        assert_eq!(documents[0]["dispatches"][0]["return_status"], "pending");
        assert_eq!(documents[0]["actions"], json!(["Cancel"]));
        assert_eq!(view["links"][0]["direction"], "antecedent");
        assert_eq!(
            view["links"][0]["case_file"]["registry_number"],
            format!("1/{year}")
        );
        assert_eq!(view["merged"][0]["registry_number"], format!("3/{year}"));
        assert_eq!(view["notes"][0]["body"], "Hiánypótlásra felszólítani");
        assert_eq!(view["notes"][0]["author"], "Gergely Gréta");
        assert_eq!(view["history"][0]["event"], "registered");
        assert_eq!(view["history"][0]["user"], "Gergely Gréta");
        let actions = view["actions"].as_array().unwrap();
        assert!(actions.contains(&json!("NewDocument")) && actions.contains(&json!("Note")));
        assert!(
            !actions.contains(&json!("Assign")),
            "assignment is the head's"
        );
        let head_view = app
            .login("godollo.admin")
            .await
            .call("records/find/case", &[("id", &case_id.to_string())])
            .await
            .ok();
        assert!(
            head_view["actions"]
                .as_array()
                .unwrap()
                .contains(&json!("Assign"))
        );

        // The antecedent shows the link the other way; the merged file says where it went.
        let other = clerk
            .call(
                "records/find/case",
                &[("id", &antecedent["case_file_id"].to_string())],
            )
            .await
            .ok();
        assert_eq!(other["links"][0]["direction"], "successor");
        let gone = clerk
            .call(
                "records/find/case",
                &[("id", &merged["case_file_id"].to_string())],
            )
            .await
            .ok();
        assert_eq!(gone["merged_into"]["registry_number"], format!("2/{year}"));
        assert_eq!(gone["actions"], json!([]));

        // Another municipality's clerk, a wrong id, a clerk without a records role.
        let fot = app.login("kozos.ugyintezo").await;
        fot.call("records/find/case", &[("id", &case_id.to_string())])
            .await
            .refused(404, json!("NotFound"));
        clerk
            .call("records/find/case", &[("id", "12abc")])
            .await
            .refused(404, json!("NotFound"));
        app.login("godollo.ado")
            .await
            .call("records/find/case", &[("id", &case_id.to_string())])
            .await
            .refused(403, json!("Forbidden"));

        // The page renders it.
        let html = clerk
            .client
            .get(app.url(&format!("/ugyintezo/iratkezeles/ugyirat/{case_id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("RL123456789HU"), "{html}");
        assert!(html.contains(&format!("/ugyintezo/iratkezeles/ugyirat/{case_id}/alszam")));
        assert!(html.contains(&format!(
            "/ugyintezo/iratkezeles/irat/{document_id}/sztornozas"
        )));
    }
);

const BOUNDARY: &str = "openasp-test-boundary-7MA4YWxkTrZu0gW";

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Posts an upload like the case-file page's form; answers (status, Location).
async fn upload(
    app: &TestApp,
    browser: &Browser,
    document: &str,
    file_name: &str,
    bytes: &[u8],
) -> (u16, String) {
    upload_to(app, browser, ("document", document), file_name, bytes).await
}

async fn upload_to(
    app: &TestApp,
    browser: &Browser,
    target: (&str, &str),
    file_name: &str,
    bytes: &[u8],
) -> (u16, String) {
    let response = browser
        .client
        .post(app.url("/ugyintezo/iratkezeles/csatolmany"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(multipart(&[target], Some((file_name, bytes))))
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), location)
}

async fn attachment_count(app: &TestApp) -> u64 {
    openasp_app::records::db::attachment::Entity::find()
        .count(&app.privileged_db().await)
        .await
        .unwrap()
}

both_backends!(
    async fn attachments_are_checked_stored_once_and_kept_to_their_municipality(backend: Backend) {
        let app = spawn_app(backend).await;
        let clerk = app.login("godollo.iktato").await;
        let year = year();
        register(&clerk, "Fakivágási kérelem", "Kiss Péter").await;
        let found = hit(&clerk, &format!("1-1/{year}")).await;
        let document = found["document_id"].to_string();
        let case = found["case_file_id"].to_string();

        // A text file: stored, shown, its words searchable, downloadable as it was.
        let letter = "Tisztelt Hivatal! A diófa gyökere megemelte a járdát.\n".as_bytes();
        let (status, location) = upload(&app, &clerk, &document, "levél.txt", letter).await;
        assert_eq!(status, 303);
        assert_eq!(
            location,
            format!("/ugyintezo/iratkezeles/ugyirat/{case}?feltoltes=ok#document-{document}")
        );
        let view = clerk.call("records/find/case", &[("id", &case)]).await.ok();
        let attachment = view["documents"][0]["attachments"][0].clone();
        assert_eq!(attachment["file_name"], "levél.txt");
        assert_eq!(attachment["media_type"], "text/plain; charset=utf-8");
        assert_eq!(attachment["size_bytes"], letter.len());
        assert_eq!(attachment["uploaded_by"], "Gergely Gréta");
        assert!(
            view["history"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["event"] == "attachment")
        );
        let words = search(&clerk, &[("q", "dióFA jardat")], 1).await.ok();
        assert_eq!(numbers(&words), [format!("1-1/{year}")]);

        let id = attachment["id"].to_string();
        let download = clerk
            .client
            .get(app.url(&format!("/ugyintezo/iratkezeles/csatolmany/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), 200);
        assert_eq!(download.headers()["x-content-type-options"], "nosniff");
        assert_eq!(
            download.headers()["content-disposition"],
            "attachment; filename=\"level.txt\"; filename*=UTF-8''lev%C3%A9l.txt"
        );
        assert_eq!(
            download.headers()["content-type"],
            "text/plain; charset=utf-8"
        );
        assert_eq!(download.bytes().await.unwrap().as_ref(), letter);

        // The same content again: a second attachment, one stored copy.
        let (status, _) = upload(&app, &clerk, &document, "masolat.txt", letter).await;
        assert_eq!(status, 303);
        assert_eq!(attachment_count(&app).await, 2);
        let blobs = app.config.data_dir.join("blobs");
        let stored: Vec<_> = std::fs::read_dir(&blobs)
            .unwrap()
            .flat_map(|dir| std::fs::read_dir(dir.unwrap().path()).unwrap())
            .collect();
        assert_eq!(stored.len(), 1, "content-addressed: stored once");

        // A PDF is known by its content whatever its name; an executable named .png is not.
        let (_, location) = upload(
            &app,
            &clerk,
            &document,
            "scan.exe",
            b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
        )
        .await;
        assert!(location.contains("feltoltes=ok"), "{location}");
        let view = clerk.call("records/find/case", &[("id", &case)]).await.ok();
        assert_eq!(
            view["documents"][0]["attachments"][2]["file_name"],
            "scan.pdf"
        );
        assert_eq!(
            view["documents"][0]["attachments"][2]["media_type"],
            "application/pdf"
        );
        let (status, location) = upload(
            &app,
            &clerk,
            &document,
            "kep.png",
            b"MZ\x90\x00\x03\x00\x00\x00\x04",
        )
        .await;
        assert_eq!(status, 303);
        assert!(location.contains("feltoltes=tipus"), "{location}");
        let (_, location) = upload(&app, &clerk, &document, "ures.txt", b"").await;
        assert!(location.contains("feltoltes=ures"), "{location}");
        let big = vec![b'a'; 25 * 1024 * 1024 + 1];
        let (status, location) = upload(&app, &clerk, &document, "nagy.txt", &big).await;
        assert_eq!(status, 303);
        assert!(location.contains("feltoltes=meret"), "{location}");
        assert_eq!(
            attachment_count(&app).await,
            3,
            "refused files left nothing"
        );

        // Another municipality: its clerk can neither download nor attach (404, nothing written).
        let fot = app.login("kozos.ugyintezo").await;
        let status = fot
            .client
            .get(app.url(&format!("/ugyintezo/iratkezeles/csatolmany/{id}")))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 404);
        let (status, _) = upload(&app, &fot, &document, "x.txt", b"idegen").await;
        assert_eq!(status, 404);
        let (status, _) = upload(&app, &fot, &document, "x.exe", b"MZ\x90\x00").await;
        assert_eq!(status, 404, "no hint through the refusal path either");
        assert_eq!(attachment_count(&app).await, 3);
        // No records role, no session, a malformed id.
        let tax = app.login("godollo.ado").await;
        let status = tax
            .client
            .get(app.url(&format!("/ugyintezo/iratkezeles/csatolmany/{id}")))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 403);
        let (status, _) = upload(&app, &tax, &document, "x.txt", b"adat").await;
        assert_eq!(status, 403);
        let status = app
            .browser()
            .client
            .get(app.url(&format!("/ugyintezo/iratkezeles/csatolmany/{id}")))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401);
        let status = clerk
            .client
            .get(app.url("/ugyintezo/iratkezeles/csatolmany/..%2F..%2Fetc"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 404);
        assert_eq!(attachment_count(&app).await, 3);

        // A receipt (not yet registered) takes attachments too, within its municipality.
        let godollo = app.municipality_id("Gödöllő").await;
        let book = openasp_app::records::db::register_book::Entity::find()
            .filter(openasp_app::records::db::register_book::Column::MunicipalityId.eq(godollo))
            .one(&app.privileged_db().await)
            .await
            .unwrap()
            .unwrap();
        openasp_app::records::db::receipt::Entity::insert(
            openasp_app::records::db::receipt::ActiveModel {
                municipality_id: Set(godollo),
                id: Set(8001),
                book_id: Set(book.id),
                number: Set(1),
                receipt_number: Set(format!("E-1/{year}")),
                channel: Set("Paper".to_owned()),
                partner_id: Set(None),
                sender_name: Set(Some("Kiss Péter".to_owned())),
                subject: Set("Levél".to_owned()),
                received_at: Set(chrono::Utc::now()),
                envelope: Set(None),
                state: Set("received".to_owned()),
                unit_id: Set(None),
                assignee_user_id: Set(None),
                deadline: Set(None),
                instructions: Set(None),
                assigned_at: Set(None),
                assigned_by: Set(None),
                document_id: Set(None),
                created_at: Set(chrono::Utc::now()),
                created_by: Set(None),
                cancelled_reason: Set(None),
            },
        )
        .exec(&app.privileged_db().await)
        .await
        .unwrap();
        let (status, location) = upload_to(
            &app,
            &clerk,
            ("receipt", "8001"),
            "boritek.pdf",
            b"%PDF-1.4 scan",
        )
        .await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/ugyintezo/iratkezeles/szignalas?feltoltes=ok")
        );
        let (status, _) =
            upload_to(&app, &fot, ("receipt", "8001"), "x.pdf", b"%PDF-1.4 idegen").await;
        assert_eq!(status, 404);
        assert_eq!(attachment_count(&app).await, 4);
        // Once registered from that receipt, the document shows the receipt's scans.
        openasp_app::records::db::document::Entity::update_many()
            .col_expr(
                openasp_app::records::db::document::Column::ReceiptId,
                sea_orm::sea_query::Expr::value(8001i64),
            )
            .filter(openasp_app::records::db::document::Column::MunicipalityId.eq(godollo))
            .filter(
                openasp_app::records::db::document::Column::Id
                    .eq(found["document_id"].as_i64().unwrap()),
            )
            .exec(&app.privileged_db().await)
            .await
            .unwrap();
        let view = clerk.call("records/find/case", &[("id", &case)]).await.ok();
        let names: Vec<&str> = view["documents"][0]["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["file_name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert!(names.contains(&"boritek.pdf"), "{names:?}");

        let audit = app.audit_entries(godollo).await;
        assert_eq!(
            audit
                .iter()
                .filter(|e| e.action == "records.attachment.upload")
                .count(),
            4
        );
        assert!(
            audit
                .iter()
                .any(|e| e.action == "records.attachment.download")
        );
    }
);

/// A one-page PDF showing `word` in Helvetica, with an uncompressed content stream.
fn pdf_with(word: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({word}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A DOCX whose one paragraph is `text`.
fn docx_with(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer
        .write_all(b"<?xml version=\"1.0\"?><Types/>")
        .unwrap();
    writer.start_file("word/document.xml", options).unwrap();
    let xml = format!(
        "<?xml version=\"1.0\"?><w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    );
    writer.write_all(xml.as_bytes()).unwrap();
    writer.finish().unwrap().into_inner()
}

both_backends!(
    async fn pdf_and_docx_attachments_are_found_by_their_content(backend: Backend) {
        let app = spawn_app(backend).await;
        let clerk = app.login("godollo.iktato").await;
        let year = year();
        register(&clerk, "Építési engedély", "Kiss Péter").await;
        register(&clerk, "Zajpanasz", "Nagy Anna").await;
        let first = hit(&clerk, &format!("1-1/{year}")).await["document_id"].to_string();
        let second = hit(&clerk, &format!("2-1/{year}")).await["document_id"].to_string();

        let (status, location) =
            upload(&app, &clerk, &first, "terv.pdf", &pdf_with("Kutyaszorito")).await;
        assert_eq!(status, 303);
        assert!(location.contains("feltoltes=ok"), "{location}");
        let (_, location) = upload(
            &app,
            &clerk,
            &second,
            "panasz.docx",
            &docx_with("A szomsz&#233;d macskaj&#225;t&#233;ka"),
        )
        .await;
        assert!(location.contains("feltoltes=ok"), "{location}");

        let found = search(&clerk, &[("q", "kutyaszorito")], 1).await.ok();
        assert_eq!(numbers(&found), [format!("1-1/{year}")]);
        let found = search(&clerk, &[("q", "macskajáték")], 1).await.ok();
        assert_eq!(numbers(&found), [format!("2-1/{year}")]);

        // A PDF that cannot be read is still attached, only without text.
        let (_, location) =
            upload(&app, &clerk, &first, "hibas.pdf", b"%PDF-1.7\nnot really").await;
        assert!(location.contains("feltoltes=ok"), "{location}");
        assert_eq!(attachment_count(&app).await, 3);
    }
);

async fn import(browser: &Browser, csv: &str) -> ApiResponse {
    browser.call("records/import/run", &[("csv", csv)]).await
}

async fn case_files(app: &TestApp) -> u64 {
    openasp_app::records::db::case_file::Entity::find()
        .count(&app.privileged_db().await)
        .await
        .unwrap()
}

both_backends!(
    async fn a_legacy_register_is_imported_whole_or_not_at_all(backend: Backend) {
        let app = spawn_app(backend).await;
        let year = year();
        let clerk = app.login("godollo.iktato").await;
        register(&clerk, "Idei első ügy", "").await;
        let good = format!(
            "# Gödöllő régi iktatója\n\
             konyv;2019;ÉP;Építésügyi iktatókönyv 2019;{{prefix}}/{{main}}-{{sub}}/{{year}}\n\
             partner;P1;magánszemély;Kiss Péter;2100;Gödöllő;Fő utca 1.;\n\
             partner;P2;szervezet;Gödöllői Vízmű Kft.;2100;Gödöllő;Ipari park 3.;12345678-2-13\n\
             ugyirat;2019;ÉP;12;Családi ház építése;lezárva;2019-03-04;\n\
             irat;2019;ÉP;12;1;bejövő;Építési engedély iránti kérelem;2019-03-04;P1;\n\
             irat;2019;ÉP;12;2;kimenő;Határozat;2019-04-10;P1;\n\
             ugyirat;2019;ÉP;13;Vízbekötés;irattárban;2019-05-06;\n\
             irat;2019;ÉP;13;1;bejövő;Közműegyeztetés;2019-05-06;P2;\n\
             ugyirat;{year};;2;Folyó ügy a régi rendszerből;folyamatban;{year}-01-02;\n\
             irat;{year};;2;1;bejövő;Beadvány;{year}-01-02;;Nagy Anna\n"
        );

        // Only the records head imports.
        import(&clerk, &good).await.refused(403, json!("Forbidden"));
        let head = app.login("godollo.admin").await;

        // One bad line among good ones: every problem reported, nothing written.
        let before = case_files(&app).await;
        let bad = format!(
            "{good}ugyirat;{year};;1;Ütközik a már kiadott 1-es főszámmal;lezárva;{year}-01-03;\n\
             irat;2019;ÉP;14;1;oldalra;Árva irat;2019-13-01;P9;\n\
             ugyirat;2018;XX;1;Nincs ilyen könyv;lezárva;2018-01-01;T-99\n"
        );
        let report = import(&head, &bad).await.ok();
        assert_eq!(report["imported"], false);
        let rejected: Vec<(u64, Value)> = report["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["line"].as_u64().unwrap(), r["column"].clone()))
            .collect();
        assert_eq!(rejected, [(13, json!(6)), (13, json!(8))], "{report}");
        // Fixing the file-level problems reveals those that need the database.
        let bad = format!(
            "{good}ugyirat;{year};;1;Ütközik a már kiadott 1-es főszámmal;lezárva;{year}-01-03;\n\
             ugyirat;2018;XX;1;Nincs ilyen könyv;lezárva;2018-01-01;T-99\n"
        );
        let report = import(&head, &bad).await.ok();
        let rejected: Vec<(u64, Value, String)> = report["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["line"].as_u64().unwrap(),
                    r["column"].clone(),
                    r["reason"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(rejected.len(), 3, "{report}");
        assert_eq!((rejected[0].0, &rejected[0].1), (12, &json!(4)));
        assert!(rejected[0].2.contains("foglalt"), "{}", rejected[0].2);
        assert_eq!((rejected[1].0, &rejected[1].1), (13, &json!(3)));
        assert_eq!((rejected[2].0, &rejected[2].1), (13, &json!(8)));
        assert_eq!(case_files(&app).await, before, "nothing half-imported");
        let empty = import(&head, "   ").await;
        assert_eq!(empty.field_problem("csv"), json!("Required"));

        // The good file goes in whole, numbers as they were.
        let report = import(&head, &good).await.ok();
        assert_eq!(
            report,
            json!({"imported": true, "books": 1, "partners": 2, "case_files": 3, "documents": 4, "rejected": []})
        );
        let found = search(&clerk, &[("number", "ÉP/12")], 1).await.ok();
        assert_eq!(numbers(&found), ["ÉP/12-2/2019", "ÉP/12-1/2019"]);
        let case = found["page"]["items"][0]["case_file_id"].to_string();
        let view = clerk.call("records/find/case", &[("id", &case)]).await.ok();
        assert_eq!(view["registry_number"], "ÉP/12/2019");
        assert_eq!(view["state"], "Closed");
        assert_eq!(view["documents"][0]["sender"], "Kiss Péter");
        assert_eq!(view["documents"][1]["state"], "dispatched");
        assert_eq!(view["history"][0]["event"], "imported");
        let found = search(&clerk, &[("q", "vizmu")], 1).await.ok();
        assert_eq!(numbers(&found), ["ÉP/13-1/2019"], "partners are searchable");

        // New registrations continue after the imported numbers: no gap, no clash.
        assert_eq!(register(&clerk, "Új ügy", "").await, format!("3-1/{year}"));
        // Importing the same file again clashes everywhere and changes nothing.
        let before = case_files(&app).await;
        let again = import(&head, &good).await.ok();
        assert_eq!(again["imported"], false);
        assert_eq!(case_files(&app).await, before);
        let godollo = app.municipality_id("Gödöllő").await;
        assert_eq!(
            app.audit_entries(godollo)
                .await
                .iter()
                .filter(|e| e.action == "records.import")
                .count(),
            1
        );
    }
);
