//! E-forms, the staff side (issue 6): the forms editor's settings and extra questions, the
//! clerks' paginated submissions with answers labelled from the exact form version, their
//! JSON/CSV/PDF exports and attached files (tenant-checked), and mandates to act for a
//! company or another person.
use serde_json::{Value, json};

use crate::both_backends;
use crate::eforms::{adopt_and_publish, citizen_browser};
use crate::support::*;

/// A form with a choice, a repeating group and a PDF attachment.
pub fn clerk_test_definition() -> Value {
    json!({
        "language_version": 1,
        "title": "Rendezvény bejelentése",
        "pages": [
            {"id": "alap", "title": "Alapadatok", "sections": [{"title": "A rendezvény", "fields": [
                {"id": "nev", "label": "A rendezvény neve", "type": "text", "required": true},
                {"id": "fajta", "label": "Fajta", "type": "choice", "required": true, "options": [
                    {"value": "zenes", "label": "Zenés rendezvény"},
                    {"value": "sport", "label": "Sportesemény"}
                ]},
                {"id": "szervezok", "label": "Szervező", "type": "group", "max_items": 3,
                 "item_label": "szervező", "fields": [
                    {"id": "szervezo_nev", "label": "Szervező neve", "type": "text", "required": true}
                 ]},
                {"id": "terv", "label": "Helyszínrajz", "type": "file", "max_count": 1,
                 "max_bytes": 1024, "accept": ["application/pdf"]}
            ]}]}
        ]
    })
}

/// Gödöllő publishes the test form (as the central e-Papír's next version); answers the
/// published version's id.
pub async fn publish_test_form(app: &TestApp, editor: &Browser) -> (String, String) {
    let form = adopt_and_publish(editor, "e_papir").await;
    let operator = app.login("operator").await;
    operator
        .call(
            "eforms/templates/publish",
            &[
                ("code", "e_papir"),
                ("definition", &clerk_test_definition().to_string()),
                ("note", "rendezvény"),
            ],
        )
        .await
        .ok();
    editor
        .call("eforms/editor/adopt-latest", &[("form", &form)])
        .await
        .ok();
    editor
        .call("eforms/editor/publish", &[("form", &form)])
        .await
        .ok();
    let version = app
        .browser()
        .call(
            "eforms/public/form",
            &[("municipality", "godollo"), ("form", &form)],
        )
        .await
        .ok()["version_id"]
        .as_str()
        .unwrap()
        .to_owned();
    (form, version)
}

async fn upload(browser: &Browser, slug: &str, field: &str, name: &str, bytes: &[u8]) -> Value {
    use base64::Engine;
    let content = base64::engine::general_purpose::STANDARD.encode(bytes);
    browser
        .call(
            "eforms/upload",
            &[
                ("municipality", slug),
                ("field", field),
                ("name", name),
                ("content", &content),
            ],
        )
        .await
        .ok()
}

async fn get(browser: &Browser, path: &str) -> (u16, String, Vec<u8>) {
    let response = browser
        .client
        .get(format!("{}{path}", browser.base))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

both_backends!(
    async fn the_editor_adjusts_with_own_texts_routing_and_extra_questions(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let form = editor
            .call("eforms/editor/adopt", &[("template", "e_papir")])
            .await
            .ok();
        let form = form.as_str().unwrap().to_owned();
        let options = editor.call("eforms/editor/routing-options", &[]).await.ok();
        let clerk = options["clerks"][0].clone();
        assert!(clerk["id"].is_string(), "{options}");
        let settings = |unit: &str, user: &str| {
            vec![
                ("form".to_owned(), form.clone()),
                (
                    "settings[guidance]".to_owned(),
                    "Hétfőn 8–16 óráig.".to_owned(),
                ),
                (
                    "settings[contact]".to_owned(),
                    "ugyfel@godollo.example".to_owned(),
                ),
                ("settings[fee]".to_owned(), "3000 Ft".to_owned()),
                ("settings[unit]".to_owned(), unit.to_owned()),
                ("settings[user]".to_owned(), user.to_owned()),
                ("settings[category]".to_owned(), String::new()),
            ]
        };
        let call = |endpoint: &'static str, form: Vec<(String, String)>| {
            let editor = &editor;
            async move {
                let pairs: Vec<(&str, &str)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                editor.call(endpoint, &pairs).await
            }
        };
        call(
            "eforms/editor/settings",
            settings("", clerk["id"].as_str().unwrap()),
        )
        .await
        .ok();
        // Someone who is no member of Gödöllő is no routing target, nor a unit not its own.
        let answer = call("eforms/editor/settings", settings("", "999999999")).await;
        assert_eq!(
            answer.field_problem("routing_user"),
            json!("framework.not_a_member")
        );
        let answer = call("eforms/editor/settings", settings("999999999", "")).await;
        assert_eq!(answer.field_problem("routing_unit"), json!("Malformed"));
        // Extra questions: a choice needs two options; each gets the next extra_ id.
        let extra = |kind: &str, label: &str, options: &str| {
            vec![
                ("form".to_owned(), form.clone()),
                ("question[kind]".to_owned(), kind.to_owned()),
                ("question[label]".to_owned(), label.to_owned()),
                ("question[hint]".to_owned(), String::new()),
                ("question[options]".to_owned(), options.to_owned()),
            ]
        };
        let answer = call(
            "eforms/editor/extra/add",
            extra("choice", "Honnan hallott rólunk?", "Újság"),
        )
        .await;
        assert_eq!(answer.field_problem("extra_options"), json!("Required"));
        assert_eq!(
            call(
                "eforms/editor/extra/add",
                extra("yes_no", "Kér hírlevelet?", "")
            )
            .await
            .ok(),
            json!("extra_1")
        );
        assert_eq!(
            call(
                "eforms/editor/extra/add",
                extra("choice", "Honnan hallott rólunk?", "Újság\nHonlap\n")
            )
            .await
            .ok(),
            json!("extra_2")
        );
        call(
            "eforms/editor/extra/remove",
            vec![
                ("form".to_owned(), form.clone()),
                ("question".to_owned(), "extra_1".to_owned()),
            ],
        )
        .await
        .ok();
        let preview: Value = serde_json::from_str(
            editor
                .call("eforms/editor/preview", &[("form", &form)])
                .await
                .ok()
                .as_str()
                .unwrap(),
        )
        .unwrap();
        let last = preview["pages"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["sections"][0]["fields"].as_array().unwrap().len(), 1);
        assert_eq!(last["sections"][0]["fields"][0]["id"], "extra_2");
        assert_eq!(
            last["sections"][0]["fields"][0]["options"][1]["label"],
            "Honlap"
        );
        assert!(
            preview["guidance"]
                .as_str()
                .unwrap()
                .ends_with("Hétfőn 8–16 óráig.")
        );
        let info = editor.call("eforms/editor/forms", &[]).await.ok();
        assert_eq!(info[0]["routing_user_id"], clerk["id"]);
        // The settings kept the extra question; a records clerk may not edit.
        let records_clerk = app.login("godollo.iktato").await;
        records_clerk
            .call("eforms/editor/routing-options", &[])
            .await
            .refused(403, json!("Forbidden"));
        // The builder's definition is the operator's.
        editor
            .call("eforms/templates/definition", &[("code", "e_papir")])
            .await
            .refused(403, json!("Forbidden"));
        let operator = app.login("operator").await;
        let template = operator
            .call("eforms/templates/definition", &[("code", "e_papir")])
            .await
            .ok();
        assert_eq!(template["version"], 1);
        let definition: Value =
            serde_json::from_str(template["definition_json"].as_str().unwrap()).unwrap();
        assert!(definition["pages"][0]["id"].is_string());
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn clerks_read_export_and_answer_a_submission_of_their_municipality_only(
        backend: Backend,
    ) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let (_form, version) = publish_test_form(&app, &editor).await;
        let (citizen, _) = citizen_browser(&app, "Minta", "Ödön").await;
        let pdf = upload(
            &citizen,
            "godollo",
            "terv",
            "helyszínrajz.pdf",
            b"%PDF-1.7\nterv",
        )
        .await;
        let answers = json!({
            "nev": "Városi majális",
            "fajta": "zenes",
            "szervezok": [{"szervezo_nev": "Első Kft."}, {"szervezo_nev": "=Második; \"Bt.\""}],
            "terv": [pdf.clone()]
        });
        let receipt = citizen
            .call(
                "eforms/submit",
                &[
                    ("municipality", "godollo"),
                    ("version", &version),
                    ("answers", &answers.to_string()),
                ],
            )
            .await
            .ok();

        let clerk = app.login("godollo.iktato").await;
        let page = clerk
            .call(
                "eforms/clerk/submissions/page",
                &[("status", ""), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(page["total"], 1);
        assert_eq!(
            page["items"][0]["registry_number"],
            receipt["registry_number"]
        );
        assert_eq!(page["items"][0]["title"], "Rendezvény bejelentése");
        assert_eq!(page["items"][0]["citizen_name"], "Minta Ödön");
        let id = page["items"][0]["id"].as_str().unwrap().to_owned();
        let closed = clerk
            .call(
                "eforms/clerk/submissions/page",
                &[("status", "closed"), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(closed["total"], 0);

        // The answers, labelled from the version the citizen filled in.
        let detail = clerk
            .call("eforms/clerk/submission/detail", &[("submission", &id)])
            .await
            .ok();
        let rows: Vec<(String, String, String)> = detail["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["section"].as_str().unwrap().to_owned(),
                    r["label"].as_str().unwrap().to_owned(),
                    r["value"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            rows[0],
            (
                "Alapadatok › A rendezvény".into(),
                "A rendezvény neve".into(),
                "Városi majális".into()
            )
        );
        assert_eq!(rows[1].2, "Zenés rendezvény");
        assert_eq!(rows[2].0, "Alapadatok › A rendezvény › Szervező 1.");
        assert_eq!(rows[4].1, "Helyszínrajz");
        assert_eq!(detail["rows"][4]["files"][0]["upload_id"], pdf["upload_id"]);
        assert_eq!(detail["on_behalf_of"], Value::Null);

        // The template moves on; the submission still reads with its own version's labels.
        let mut changed = clerk_test_definition();
        changed["pages"][0]["sections"][0]["fields"][0]["label"] = json!("Új címke");
        app.login("operator")
            .await
            .call(
                "eforms/templates/publish",
                &[
                    ("code", "e_papir"),
                    ("definition", &changed.to_string()),
                    ("note", ""),
                ],
            )
            .await
            .ok();
        editor
            .call("eforms/editor/adopt-latest", &[("form", &_form)])
            .await
            .ok();
        editor
            .call("eforms/editor/publish", &[("form", &_form)])
            .await
            .ok();
        let again = clerk
            .call("eforms/clerk/submission/detail", &[("submission", &id)])
            .await
            .ok();
        assert_eq!(again["rows"][0]["label"], "A rendezvény neve");

        // Exports.
        let (status, content_type, body) =
            get(&clerk, &format!("/ugyintezo/beadvanyok/{id}/export/json")).await;
        assert_eq!(
            (status, content_type.as_str()),
            (200, "application/json; charset=utf-8")
        );
        let json: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["registry_number"], receipt["registry_number"]);
        assert_eq!(json["answers"]["fajta"], "zenes");
        assert_eq!(json["readable"][1]["answer"], "Zenés rendezvény");
        let (status, content_type, body) =
            get(&clerk, &format!("/ugyintezo/beadvanyok/{id}/export/csv")).await;
        assert_eq!(
            (status, content_type.as_str()),
            (200, "text/csv; charset=utf-8")
        );
        let csv = String::from_utf8(body).unwrap();
        assert!(
            csv.contains("Alapadatok › A rendezvény;Fajta;Zenés rendezvény\r\n"),
            "{csv}"
        );
        assert!(csv.contains(";\"'=Második; \"\"Bt.\"\"\"\r\n"), "{csv}");
        let (status, content_type, body) =
            get(&clerk, &format!("/ugyintezo/beadvanyok/{id}/export/pdf")).await;
        assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
        let text = openasp_core::pdf::extract_text(&body);
        assert!(text.contains("Városi majális"), "{text}");
        assert!(text.contains("Minta Ödön"), "{text}");
        let (status, _, _) = get(&clerk, &format!("/ugyintezo/beadvanyok/{id}/export/xml")).await;
        assert_eq!(status, 404);
        // The attached file, as uploaded; an upload the submission does not name is not served.
        let upload_id = pdf["upload_id"].as_str().unwrap();
        let (status, content_type, body) = get(
            &clerk,
            &format!("/ugyintezo/beadvanyok/{id}/fajl/{upload_id}"),
        )
        .await;
        assert_eq!(
            (status, content_type.as_str(), body.as_slice()),
            (200, "application/pdf", b"%PDF-1.7\nterv".as_slice())
        );
        let stray = upload(&citizen, "godollo", "terv", "masik.pdf", b"%PDF-1.7\nmas").await;
        // A name that shows one type while being another keeps one extension only.
        let disguised = upload(
            &citizen,
            "godollo",
            "terv",
            "C:\\x\\terv.pdf.exe",
            b"%PDF-1.7\nx",
        )
        .await;
        assert_eq!(disguised["name"], "terv_pdf.exe");
        let (status, _, _) = get(
            &clerk,
            &format!(
                "/ugyintezo/beadvanyok/{id}/fajl/{}",
                stray["upload_id"].as_str().unwrap()
            ),
        )
        .await;
        assert_eq!(status, 404);
        // Not signed in: refused; another municipality's clerk: not found.
        let (status, _, _) = get(
            &app.browser(),
            &format!("/ugyintezo/beadvanyok/{id}/export/pdf"),
        )
        .await;
        assert_eq!(status, 401);
        let fot_clerk = app.login("kozos.ugyintezo").await;
        for path in [
            format!("/ugyintezo/beadvanyok/{id}/export/json"),
            format!("/ugyintezo/beadvanyok/{id}/export/csv"),
            format!("/ugyintezo/beadvanyok/{id}/export/pdf"),
            format!("/ugyintezo/beadvanyok/{id}/fajl/{upload_id}"),
        ] {
            assert_eq!(get(&fot_clerk, &path).await.0, 404, "{path}");
        }
        fot_clerk
            .call("eforms/clerk/submission/detail", &[("submission", &id)])
            .await
            .refused(404, json!("NotFound"));
        // The clerk page of another municipality's submission is a real 404, as is a
        // malformed id.
        for path in [
            format!("/ugyintezo/beadvanyok/{id}"),
            "/ugyintezo/beadvanyok/abc".to_owned(),
        ] {
            let response = fot_clerk
                .client
                .get(format!("{}{path}", fot_clerk.base))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 404, "{path}");
            assert!(response.text().await.unwrap().contains("error-notice"));
        }
        assert_eq!(
            fot_clerk
                .call(
                    "eforms/clerk/submissions/page",
                    &[("status", ""), ("page", "1")]
                )
                .await
                .ok()["total"],
            0
        );

        // A status with a public note shows in the detail's history.
        clerk
            .call(
                "eforms/clerk/status",
                &[
                    ("submission", &id),
                    ("status", "decided"),
                    ("note", "Tudomásul vettük."),
                ],
            )
            .await
            .ok();
        let detail = clerk
            .call("eforms/clerk/submission/detail", &[("submission", &id)])
            .await
            .ok();
        assert_eq!(detail["status"], "decided");
        assert_eq!(detail["notes"][1]["note"], "Tudomásul vettük.");
        // The pages render for the clerk (server-side).
        let html = clerk
            .client
            .get(format!("{}/ugyintezo/beadvanyok/{id}", clerk.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Városi majális"), "{html}");
        assert!(html.contains("export/pdf"));
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn a_citizen_acts_for_a_company_only_under_a_recorded_active_mandate(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let (_form, version) = publish_test_form(&app, &editor).await;
        let (citizen, _) = citizen_browser(&app, "Meg", "Hatalmazott").await;
        let clerk = app.login("godollo.iktato").await;
        let record = |family: &str, kind: &str, identifier: &str| {
            let clerk = &clerk;
            let (family, kind, identifier) =
                (family.to_owned(), kind.to_owned(), identifier.to_owned());
            async move {
                clerk
                    .call(
                        "eforms/clerk/mandates/record",
                        &[
                            ("form[family_name]", family.as_str()),
                            ("form[given_name]", "Hatalmazott"),
                            ("form[birth_date]", "1980-01-01"),
                            ("form[kind]", kind.as_str()),
                            ("form[represented_name]", "Első Kft."),
                            ("form[represented_identifier]", identifier.as_str()),
                        ],
                    )
                    .await
            }
        };
        let answer = record("Meg", "company", "10773382-2-44").await;
        assert_eq!(
            answer.field_problem("represented_identifier"),
            json!("eforms.check_digit")
        );
        let answer = record("Nincs", "company", "10773381-2-44").await;
        assert_eq!(
            answer.field_problem("family_name"),
            json!("framework.unknown_user")
        );
        let mandate = record("Meg", "company", "10773381-2-44").await.ok();
        let mandate = mandate.as_str().unwrap().to_owned();
        let listed = clerk.call("eforms/clerk/mandates", &[]).await.ok();
        assert_eq!(listed[0]["citizen_name"], "Meg Hatalmazott");
        assert_eq!(listed[0]["represented_identifier"], "10773381-2-44");

        // The citizen sees it in Gödöllő, not in Fót.
        let mine = citizen
            .call("eforms/my-mandates", &[("municipality", "godollo")])
            .await
            .ok();
        assert_eq!(mine[0]["id"], json!(mandate));
        assert_eq!(
            citizen
                .call("eforms/my-mandates", &[("municipality", "fot")])
                .await
                .ok(),
            json!([])
        );

        let answers = json!({"nev": "Cégnap", "fajta": "sport"}).to_string();
        let submit = |on_behalf: String| {
            let citizen = &citizen;
            let version = version.clone();
            let answers = answers.clone();
            async move {
                citizen
                    .call(
                        "eforms/submit/on-behalf",
                        &[
                            ("municipality", "godollo"),
                            ("version", &version),
                            ("answers", &answers),
                            ("on_behalf", &on_behalf),
                        ],
                    )
                    .await
            }
        };
        // Someone else's mandate is no mandate.
        let (other, _) = citizen_browser(&app, "Más", "Valaki").await;
        let answer = other
            .call(
                "eforms/submit/on-behalf",
                &[
                    ("municipality", "godollo"),
                    ("version", &version),
                    ("answers", &answers),
                    ("on_behalf", &mandate),
                ],
            )
            .await;
        assert_eq!(answer.field_problem("on_behalf"), json!("Malformed"));
        let receipt = submit(mandate.clone()).await.ok();
        let page = clerk
            .call(
                "eforms/clerk/submissions/page",
                &[("status", ""), ("page", "1")],
            )
            .await
            .ok();
        assert_eq!(page["items"][0]["on_behalf"], true);
        let detail = clerk
            .call(
                "eforms/clerk/submission/detail",
                &[("submission", page["items"][0]["id"].as_str().unwrap())],
            )
            .await
            .ok();
        assert_eq!(detail["on_behalf_of"], "Első Kft. (adószám: 10773381-2-44)");
        assert_eq!(detail["registry_number"], receipt["registry_number"]);
        let register = clerk
            .call("records/list", &[("q", ""), ("page", "1")])
            .await
            .ok();
        assert_eq!(
            register["items"][0]["sender"],
            "Első Kft. (képviseli: Meg Hatalmazott)"
        );

        // Another municipality's clerk cannot revoke it; once revoked, it no longer works.
        let fot_clerk = app.login("kozos.ugyintezo").await;
        fot_clerk
            .call("eforms/clerk/mandates/revoke", &[("mandate", &mandate)])
            .await
            .refused(404, json!("NotFound"));
        assert_eq!(
            fot_clerk.call("eforms/clerk/mandates", &[]).await.ok(),
            json!([])
        );
        clerk
            .call("eforms/clerk/mandates/revoke", &[("mandate", &mandate)])
            .await
            .ok();
        let answer = submit(mandate.clone()).await;
        assert_eq!(answer.field_problem("on_behalf"), json!("Malformed"));
        assert_eq!(
            citizen
                .call("eforms/my-mandates", &[("municipality", "godollo")])
                .await
                .ok(),
            json!([])
        );
        let listed = clerk.call("eforms/clerk/mandates", &[]).await.ok();
        assert!(listed[0]["revoked_at"].is_string());
        app.stop().await.unwrap();
    }
);

/// Ids of Fót's staff-side e-forms data, for the isolation sweep.
pub struct ClerkIds {
    pub mandate: String,
}

/// Fót's clerk records a mandate for a citizen (for the sweep to aim at).
pub async fn fot_mandate(app: &TestApp, fot_admin: &Browser) -> ClerkIds {
    let _ = citizen_browser(app, "Fóti", "Képviselő").await;
    let mandate = fot_admin
        .call(
            "eforms/clerk/mandates/record",
            &[
                ("form[family_name]", "Fóti"),
                ("form[given_name]", "Képviselő"),
                ("form[birth_date]", "1980-01-01"),
                ("form[kind]", "company"),
                ("form[represented_name]", "Fóti Kft."),
                ("form[represented_identifier]", "10773381-2-44"),
            ],
        )
        .await
        .ok();
    ClerkIds {
        mandate: mandate.as_str().unwrap().to_owned(),
    }
}

/// Gödöllő's staff aim every staff-side e-forms function at Fót's ids (the plain download
/// routes are checked with `get`).
pub async fn sweep<F, Fut>(fot: &crate::eforms::EformsIds, ids: &ClerkIds, call: F)
where
    F: Fn(&'static str, Vec<(String, String)>) -> Fut,
    Fut: std::future::Future<Output = ApiResponse>,
{
    use crate::eforms::owned;
    let not_found = json!("NotFound");
    let page = call(
        "eforms/clerk/submissions/page",
        owned(&[("status", ""), ("page", "1")]),
    )
    .await
    .ok();
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] != json!(fot.submission))
    );
    call(
        "eforms/clerk/submission/detail",
        owned(&[("submission", &fot.submission)]),
    )
    .await
    .refused(404, not_found.clone());
    let mandates = call("eforms/clerk/mandates", owned(&[])).await.ok();
    assert!(
        mandates
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"] != json!(ids.mandate))
    );
    call(
        "eforms/clerk/mandates/revoke",
        owned(&[("mandate", &ids.mandate)]),
    )
    .await
    .refused(404, not_found.clone());
    // Recording needs no foreign id: it lands in the caller's municipality.
    let answer = call(
        "eforms/clerk/mandates/record",
        owned(&[
            ("form[family_name]", "Fóti"),
            ("form[given_name]", "Képviselő"),
            ("form[birth_date]", "1980-01-01"),
            ("form[kind]", "company"),
            ("form[represented_name]", "Gödöllői Kft."),
            ("form[represented_identifier]", "10773381-2-44"),
        ]),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    call("eforms/editor/routing-options", owned(&[])).await.ok();
    for (endpoint, form) in [
        (
            "eforms/editor/settings",
            owned(&[
                ("form", &fot.form),
                ("settings[guidance]", "x"),
                ("settings[contact]", ""),
                ("settings[fee]", ""),
                ("settings[unit]", ""),
                ("settings[user]", ""),
                ("settings[category]", ""),
            ]),
        ),
        (
            "eforms/editor/extra/add",
            owned(&[
                ("form", &fot.form),
                ("question[kind]", "yes_no"),
                ("question[label]", "x"),
                ("question[hint]", ""),
                ("question[options]", ""),
            ]),
        ),
        (
            "eforms/editor/extra/remove",
            owned(&[("form", &fot.form), ("question", "extra_1")]),
        ),
    ] {
        call(endpoint, form).await.refused(404, not_found.clone());
    }
    // The template builder's definition is national (the operator's): refused to staff.
    call("eforms/templates/definition", owned(&[("code", "e_papir")]))
        .await
        .refused(403, json!("Forbidden"));
}

/// The plain download routes, aimed at Fót's submission by a Gödöllő clerk.
pub async fn sweep_downloads(browser: &Browser, fot: &crate::eforms::EformsIds) {
    for format in ["json", "csv", "pdf"] {
        let path = format!("/ugyintezo/beadvanyok/{}/export/{format}", fot.submission);
        assert_eq!(get(browser, &path).await.0, 404, "{path}");
    }
    let path = format!("/ugyintezo/beadvanyok/{}/fajl/1", fot.submission);
    assert_eq!(get(browser, &path).await.0, 404, "{path}");
}

/// A citizen on Gödöllő's portal aims the citizen-side mandate functions at Fót's mandate.
pub async fn sweep_as_citizen<F, Fut>(fot: &crate::eforms::EformsIds, ids: &ClerkIds, call: F)
where
    F: Fn(&'static str, Vec<(String, String)>) -> Fut,
    Fut: std::future::Future<Output = ApiResponse>,
{
    use crate::eforms::owned;
    assert_eq!(
        call("eforms/my-mandates", owned(&[("municipality", "godollo")]))
            .await
            .ok(),
        json!([])
    );
    let answer = call(
        "eforms/submit/on-behalf",
        owned(&[
            ("municipality", "godollo"),
            ("version", &fot.version),
            ("answers", "{}"),
            ("on_behalf", &ids.mandate),
        ]),
    )
    .await;
    assert_eq!(answer.field_problem("form_version"), json!("Malformed"));
}
