//! E-forms (issue 6): adopting and publishing central templates with version pinning,
//! citizens' drafts and submissions validated on the server and registered in the records
//! system, "My cases", and the clerks' view.
use openasp_app::citizen::db::citizen;
use openasp_app::eforms::db::{form_draft, form_submission};
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::*;

fn year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

/// A citizen with a portal session (what a completed OpenID Connect sign-in leaves behind;
/// the sign-in itself is tested in `oidc`).
pub async fn citizen_browser(app: &TestApp, family: &str, given: &str) -> (Browser, i64) {
    let db = app.privileged_db().await;
    let id: i64 = rand_id();
    let at = chrono::Utc::now();
    citizen::Entity::insert(citizen::ActiveModel {
        id: Set(id),
        issuer: Set("https://test-idp.example".to_owned()),
        subject: Set(format!("subject-{id}")),
        family_name: Set(family.to_owned()),
        given_name: Set(given.to_owned()),
        birth_name: Set(Some(format!("{family} {given}"))),
        mother_birth_name: Set(Some("Minta Mária".to_owned())),
        birth_place: Set(Some("Gödöllő".to_owned())),
        birth_date: Set(Some("1980-01-01".to_owned())),
        email: Set(None),
        terms_accepted_at: Set(at),
        created_at: Set(at),
        last_login_at: Set(at),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();
    let token = openasp_app::citizen::session::open_session(&db, id)
        .await
        .unwrap();
    let browser = app.browser();
    let url = app.address.parse().unwrap();
    browser
        .jar
        .add_cookie_str(&format!("openasp_citizen={token}; Path=/"), &url);
    (browser, id)
}

fn rand_id() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    (nanos % 1_000_000_000_000) as i64 + 1
}

async fn editor_form(editor: &Browser, code: &str) -> Value {
    let forms = editor.call("eforms/editor/forms", &[]).await.ok();
    forms
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["template_code"] == code)
        .cloned()
        .unwrap_or(Value::Null)
}

/// Adopts and publishes a template in the editor's municipality; answers the form id.
pub async fn adopt_and_publish(editor: &Browser, code: &str) -> String {
    let id = editor
        .call("eforms/editor/adopt", &[("template", code)])
        .await
        .ok();
    let id = id.as_str().unwrap().to_owned();
    editor
        .call("eforms/editor/publish", &[("form", &id)])
        .await
        .ok();
    id
}

async fn fillable(browser: &Browser, slug: &str, form: &str) -> Value {
    browser
        .call(
            "eforms/public/form",
            &[("municipality", slug), ("form", form)],
        )
        .await
        .ok()
}

fn definition(fillable: &Value) -> Value {
    serde_json::from_str(fillable["definition_json"].as_str().unwrap()).unwrap()
}

/// A test form: a conditional page and a 1 KB PDF-only attachment.
pub fn test_definition() -> Value {
    json!({
        "language_version": 1,
        "title": "Próba kérelem",
        "pages": [
            {"id": "alap", "title": "Alapadatok", "sections": [{"fields": [
                {"id": "targy", "label": "Tárgy", "type": "text", "required": true},
                {"id": "ceg", "label": "Cég nevében?", "type": "yes_no", "required": true},
                {"id": "adoszam", "label": "Adószám", "type": "tax_number", "required": true,
                 "show_if": {"op": "equals", "field": "ceg", "value": "yes"}}
            ]}]},
            {"id": "melleklet", "title": "Melléklet",
             "show_if": {"op": "equals", "field": "ceg", "value": "yes"},
             "sections": [{"fields": [
                {"id": "igazolas", "label": "Igazolás", "type": "file", "required": true,
                 "max_count": 1, "max_bytes": 1024, "accept": ["application/pdf"]}
            ]}]}
        ]
    })
}

async fn upload(
    browser: &Browser,
    slug: &str,
    field: &str,
    name: &str,
    bytes: &[u8],
) -> ApiResponse {
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
}

both_backends!(
    async fn a_new_template_version_never_changes_an_adopted_form_until_adopted(backend: Backend) {
        let app = spawn_app(backend).await;
        let visitor = app.browser();
        let templates = visitor.call("eforms/templates", &[]).await.ok();
        assert!(templates.as_array().unwrap().len() >= 10, "{templates}");

        // A records clerk is no forms editor.
        let clerk = app.login("godollo.iktato").await;
        clerk
            .call("eforms/editor/adopt", &[("template", "e_papir")])
            .await
            .refused(403, json!("Forbidden"));

        let editor = app.login("godollo.admin").await;
        let id = editor
            .call("eforms/editor/adopt", &[("template", "e_papir")])
            .await
            .ok();
        let id = id.as_str().unwrap().to_owned();
        // Adopted but not yet published: citizens see nothing.
        let listed = visitor
            .call(
                "eforms/public/forms",
                &[("municipality", "godollo"), ("q", "")],
            )
            .await
            .ok();
        assert_eq!(listed, json!([]));
        visitor
            .call(
                "eforms/public/form",
                &[("municipality", "godollo"), ("form", &id)],
            )
            .await
            .refused(404, json!("NotFound"));

        // The editor adds guidance and an extra question, previews, publishes.
        let adjustments = json!({
            "guidance": "Ügyfélfogadás: hétfőn 8 és 16 óra között.",
            "contact": "ugyfelszolgalat@godollo.example",
            "fee": "Illetékmentes.",
            "extra_questions": [{"id": "extra_hirlevel", "label": "Kér értesítést e-mailben?", "type": "yes_no"}]
        })
        .to_string();
        editor
            .call(
                "eforms/editor/adjust",
                &[
                    ("form", &id),
                    ("adjustments", &adjustments),
                    ("unit", ""),
                    ("user", ""),
                    ("category", ""),
                ],
            )
            .await
            .ok();
        let preview: Value = serde_json::from_str(
            editor
                .call("eforms/editor/preview", &[("form", &id)])
                .await
                .ok()
                .as_str()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            preview["pages"].as_array().unwrap().last().unwrap()["sections"][0]["fields"][0]["id"],
            "extra_hirlevel"
        );
        assert_eq!(
            editor
                .call("eforms/editor/publish", &[("form", &id)])
                .await
                .ok(),
            json!(1)
        );
        let listed = visitor
            .call(
                "eforms/public/forms",
                &[("municipality", "godollo"), ("q", "papír")],
            )
            .await
            .ok();
        assert_eq!(listed[0]["id"], json!(id), "{listed}");
        let published = fillable(&visitor, "godollo", &id).await;
        assert_eq!(published["version"], 1);
        assert_eq!(published["contact"], "ugyfelszolgalat@godollo.example");
        let before = definition(&published);
        assert!(
            before["guidance"]
                .as_str()
                .unwrap()
                .ends_with("8 és 16 óra között.")
        );

        // The operator publishes a new central version (only the operator may).
        let mut changed = test_definition();
        changed["title"] = json!("Általános kérelem (e-Papír), 2. változat");
        editor
            .call(
                "eforms/templates/publish",
                &[
                    ("code", "e_papir"),
                    ("definition", &changed.to_string()),
                    ("note", ""),
                ],
            )
            .await
            .refused(403, json!("Forbidden"));
        let operator = app.login("operator").await;
        assert_eq!(
            operator
                .call(
                    "eforms/templates/publish",
                    &[
                        ("code", "e_papir"),
                        ("definition", &changed.to_string()),
                        ("note", "új kérdések")
                    ],
                )
                .await
                .ok(),
            json!(2)
        );
        // A broken definition is refused.
        let answer = operator
            .call(
                "eforms/templates/publish",
                &[
                    ("code", "e_papir"),
                    ("definition", "{\"pages\": 1}"),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(answer.field_problem("definition"), json!("Malformed"));

        // Gödöllő's published form is untouched; the editor sees a newer version waiting.
        assert_eq!(
            definition(&fillable(&visitor, "godollo", &id).await),
            before
        );
        let info = editor_form(&editor, "e_papir").await;
        assert_eq!(
            (
                info["template_version"].clone(),
                info["latest_template_version"].clone()
            ),
            (json!(1), json!(2))
        );

        // Adopting it changes nothing for citizens until the editor publishes.
        assert_eq!(
            editor
                .call("eforms/editor/adopt-latest", &[("form", &id)])
                .await
                .ok(),
            json!(2)
        );
        assert_eq!(
            definition(&fillable(&visitor, "godollo", &id).await),
            before
        );
        assert_eq!(
            editor
                .call("eforms/editor/publish", &[("form", &id)])
                .await
                .ok(),
            json!(2)
        );
        let after = fillable(&visitor, "godollo", &id).await;
        assert_eq!(after["version"], 2);
        assert_eq!(
            definition(&after)["title"],
            "Általános kérelem (e-Papír), 2. változat"
        );
        assert_eq!(
            definition(&after)["pages"][0]["sections"][0]["fields"][1]["id"],
            "ceg"
        );

        // Another municipality's form is not Gödöllő's to publish, nor visible under its name.
        let fot_editor = app.login("fot.jegyzo").await;
        fot_editor
            .call("eforms/editor/publish", &[("form", &id)])
            .await
            .refused(404, json!("NotFound"));
        visitor
            .call(
                "eforms/public/form",
                &[("municipality", "fot"), ("form", &id)],
            )
            .await
            .refused(404, json!("NotFound"));
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn a_citizen_drafts_and_submits_and_the_clerk_of_that_municipality_receives_it(
        backend: Backend,
    ) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let id = adopt_and_publish(&editor, "e_papir").await;
        let operator = app.login("operator").await;
        operator
            .call(
                "eforms/templates/publish",
                &[
                    ("code", "e_papir"),
                    ("definition", &test_definition().to_string()),
                    ("note", ""),
                ],
            )
            .await
            .ok();
        editor
            .call("eforms/editor/adopt-latest", &[("form", &id)])
            .await
            .ok();
        editor
            .call("eforms/editor/publish", &[("form", &id)])
            .await
            .ok();
        let visitor = app.browser();
        let version = fillable(&visitor, "godollo", &id).await["version_id"]
            .as_str()
            .unwrap()
            .to_owned();

        // Submitting needs a signed-in citizen; filling in does not.
        let answers = json!({"targy": "Kérelem", "ceg": "no"}).to_string();
        visitor
            .call(
                "eforms/submit",
                &[
                    ("municipality", "godollo"),
                    ("version", &version),
                    ("answers", &answers),
                ],
            )
            .await
            .refused(401, json!("Unauthenticated"));

        let (citizen, citizen_id) = citizen_browser(&app, "Minta", "Péter").await;
        // A draft keeps what applies: the answer to the hidden tax number is dropped.
        let draft =
            json!({"targy": "Kérelem", "ceg": "no", "adoszam": "10773381-2-44"}).to_string();
        citizen
            .call(
                "eforms/draft/save",
                &[
                    ("municipality", "godollo"),
                    ("version", &version),
                    ("answers", &draft),
                ],
            )
            .await
            .ok();
        let loaded = citizen
            .call(
                "eforms/draft/load",
                &[("municipality", "godollo"), ("form", &id)],
            )
            .await
            .ok();
        assert_eq!(loaded[0], json!(version));
        assert_eq!(
            serde_json::from_str::<Value>(loaded[1].as_str().unwrap()).unwrap(),
            json!({"targy": "Kérelem", "ceg": "no"})
        );

        // Tampered submissions change nothing.
        let submit = |answers: Value, version: String| {
            let citizen = &citizen;
            async move {
                citizen
                    .call(
                        "eforms/submit",
                        &[
                            ("municipality", "godollo"),
                            ("version", &version),
                            ("answers", &answers.to_string()),
                        ],
                    )
                    .await
            }
        };
        let answer = submit(json!({"ceg": "no"}), version.clone()).await;
        assert_eq!(answer.field_problem("targy"), json!("eforms.required"));
        let answer = submit(
            json!({"targy": "x", "ceg": "no", "adoszam": "10773381-2-44"}),
            version.clone(),
        )
        .await;
        assert_eq!(
            answer.field_problem("adoszam"),
            json!("eforms.hidden_question")
        );
        let answer = submit(
            json!({"targy": "x", "ceg": "no", "rejtett": "y"}),
            version.clone(),
        )
        .await;
        assert_eq!(
            answer.field_problem("rejtett"),
            json!("eforms.unknown_question")
        );
        let answer = submit(
            json!({"targy": "x", "ceg": "yes", "adoszam": "10773382-2-44"}),
            version.clone(),
        )
        .await;
        assert_eq!(answer.field_problem("adoszam"), json!("eforms.check_digit"));
        assert_eq!(answer.field_problem("igazolas"), json!("eforms.required"));
        for missing in ["999999", "nem-szam"] {
            let answer = submit(json!({"targy": "x", "ceg": "no"}), missing.to_owned()).await;
            assert_eq!(answer.field_problem("form_version"), json!("Malformed"));
        }
        // Files: the server measures them; the browser's description is not believed.
        let big_pdf = [b"%PDF-1.7\n".as_slice(), &[b'x'; 2000]].concat();
        let too_big = upload(&citizen, "godollo", "igazolas", "nagy.pdf", &big_pdf)
            .await
            .ok();
        let png = upload(
            &citizen,
            "godollo",
            "igazolas",
            "kep.pdf",
            b"\x89PNG\r\n\x1a\nabc",
        )
        .await
        .ok();
        assert_eq!(png["content_type"], "image/png");
        let small_pdf = upload(
            &citizen,
            "godollo",
            "igazolas",
            "igazolas.pdf",
            b"%PDF-1.7\nkicsi",
        )
        .await
        .ok();
        let with_file = |file: &Value, claimed_size: u64| {
            let mut file = file.clone();
            file["size"] = json!(claimed_size);
            file["content_type"] = json!("application/pdf");
            json!({"targy": "Cégügy", "ceg": "yes", "adoszam": "10773381-2-44", "igazolas": [file]})
        };
        let answer = submit(with_file(&too_big, 10), version.clone()).await;
        assert_eq!(
            answer.field_problem("igazolas"),
            json!("eforms.file_too_large")
        );
        let answer = submit(with_file(&png, 10), version.clone()).await;
        assert_eq!(
            answer.field_problem("igazolas"),
            json!("eforms.file_type_not_allowed")
        );
        let mut foreign = small_pdf.clone();
        foreign["upload_id"] = json!("12345");
        let answer = submit(with_file(&foreign, 10), version.clone()).await;
        assert_eq!(
            answer.field_problem("igazolas"),
            json!("eforms.wrong_shape")
        );
        let db = app.privileged_db().await;
        assert_eq!(form_submission::Entity::find().count(&db).await.unwrap(), 0);

        // A valid submission is registered and answered with its registry number.
        let receipt = submit(with_file(&small_pdf, 10), version.clone())
            .await
            .ok();
        assert_eq!(receipt["registry_number"], json!(format!("1-1/{}", year())));
        assert_eq!(
            form_draft::Entity::find().count(&db).await.unwrap(),
            0,
            "the draft is gone"
        );
        let stored = form_submission::Entity::find().all(&db).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].citizen_id, citizen_id);
        let stored_answers: Value = serde_json::from_str(&stored[0].answers).unwrap();
        assert_eq!(
            stored_answers["igazolas"][0]["size"],
            json!(14),
            "the measured size, not the claimed"
        );

        // The clerk of Gödöllő sees it in the register and among the submissions.
        let clerk = app.login("godollo.iktato").await;
        let register = clerk
            .call("records/list", &[("q", ""), ("page", "1")])
            .await
            .ok();
        assert_eq!(register["items"][0]["channel"], "Portal");
        assert_eq!(register["items"][0]["sender"], "Minta Péter");
        let submissions = clerk.call("eforms/clerk/submissions", &[]).await.ok();
        assert_eq!(
            submissions[0]["registry_number"],
            receipt["registry_number"]
        );
        let submission_id = submissions[0]["id"].as_str().unwrap().to_owned();
        let detail = clerk
            .call("eforms/clerk/submission", &[("submission", &submission_id)])
            .await
            .ok();
        assert_eq!(
            serde_json::from_str::<Value>(detail["answers_json"].as_str().unwrap()).unwrap()["targy"],
            "Cégügy"
        );
        // Fót's clerk does not.
        let fot_clerk = app.login("kozos.ugyintezo").await;
        assert_eq!(
            fot_clerk.call("eforms/clerk/submissions", &[]).await.ok(),
            json!([])
        );
        fot_clerk
            .call("eforms/clerk/submission", &[("submission", &submission_id)])
            .await
            .refused(404, json!("NotFound"));
        fot_clerk
            .call(
                "eforms/clerk/status",
                &[
                    ("submission", &submission_id),
                    ("status", "closed"),
                    ("note", ""),
                ],
            )
            .await
            .refused(404, json!("NotFound"));

        // A status change with a public note reaches "My cases".
        clerk
            .call(
                "eforms/clerk/status",
                &[
                    ("submission", &submission_id),
                    ("status", "in_progress"),
                    ("note", "Helyszíni szemle jövő héten."),
                ],
            )
            .await
            .ok();
        let mine = citizen
            .call("eforms/my-cases", &[("municipality", "godollo")])
            .await
            .ok();
        assert_eq!(mine[0]["status"], "in_progress");
        assert_eq!(mine[0]["registry_number"], receipt["registry_number"]);
        assert_eq!(mine[0]["notes"][1]["note"], "Helyszíni szemle jövő héten.");
        // Elsewhere the citizen has no cases, and another citizen sees none of these.
        assert_eq!(
            citizen
                .call("eforms/my-cases", &[("municipality", "fot")])
                .await
                .ok(),
            json!([])
        );
        let (other, _) = citizen_browser(&app, "Másik", "Anna").await;
        assert_eq!(
            other
                .call("eforms/my-cases", &[("municipality", "godollo")])
                .await
                .ok(),
            json!([])
        );
        // A staff session is no citizen session.
        clerk
            .call("eforms/my-cases", &[("municipality", "godollo")])
            .await
            .refused(401, json!("Unauthenticated"));
        app.stop().await.unwrap();
    }
);

/// Ids of a municipality's e-forms data, for the isolation sweep.
pub struct EformsIds {
    pub form: String,
    pub version: String,
    pub submission: String,
}

/// Fót (whose administrator `fot_admin` acts there) publishes e-Papír and a citizen submits it.
pub async fn fot_submission(app: &TestApp, fot_admin: &Browser) -> EformsIds {
    let form = adopt_and_publish(fot_admin, "e_papir").await;
    let version = fillable(&app.browser(), "fot", &form).await["version_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (citizen, _) = citizen_browser(app, "Fóti", "Lakos").await;
    let answers = json!({"targy": "Fóti kérelem", "szoveg": "Kérem."}).to_string();
    citizen
        .call(
            "eforms/submit",
            &[
                ("municipality", "fot"),
                ("version", &version),
                ("answers", &answers),
            ],
        )
        .await
        .ok();
    let submissions = fot_admin.call("eforms/clerk/submissions", &[]).await.ok();
    EformsIds {
        form,
        version,
        submission: submissions[0]["id"].as_str().unwrap().to_owned(),
    }
}

/// Owned form pairs (the sweep's callers keep no borrow across their future).
pub fn owned(form: &[(&str, &str)]) -> Vec<(String, String)> {
    form.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Gödöllő's editor and clerk aim every staff e-forms function at Fót's ids.
pub async fn sweep<F, Fut>(fot: &EformsIds, call: F)
where
    F: Fn(&'static str, Vec<(String, String)>) -> Fut,
    Fut: std::future::Future<Output = ApiResponse>,
{
    let not_found = json!("NotFound");
    let forms = call("eforms/editor/forms", owned(&[])).await.ok();
    assert!(
        forms
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["id"] != json!(fot.form)),
        "{forms}"
    );
    call("eforms/editor/adopt", owned(&[("template", "e_papir")]))
        .await
        .ok();
    call(
        "eforms/editor/adjust",
        owned(&[
            ("form", &fot.form),
            ("adjustments", "{}"),
            ("unit", ""),
            ("user", ""),
            ("category", ""),
        ]),
    )
    .await
    .refused(404, not_found.clone());
    for endpoint in [
        "eforms/editor/adopt-latest",
        "eforms/editor/preview",
        "eforms/editor/publish",
        "eforms/editor/unpublish",
    ] {
        call(endpoint, owned(&[("form", &fot.form)]))
            .await
            .refused(404, not_found.clone());
    }
    let submissions = call("eforms/clerk/submissions", owned(&[])).await.ok();
    assert!(
        submissions
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] != json!(fot.submission))
    );
    call(
        "eforms/clerk/submission",
        owned(&[("submission", &fot.submission)]),
    )
    .await
    .refused(404, not_found.clone());
    call(
        "eforms/clerk/status",
        owned(&[
            ("submission", &fot.submission),
            ("status", "closed"),
            ("note", "x"),
        ]),
    )
    .await
    .refused(404, not_found.clone());
}

/// A citizen on Gödöllő's portal aims every citizen function at Fót's ids.
pub async fn sweep_as_citizen<F, Fut>(fot: &EformsIds, call: F)
where
    F: Fn(&'static str, Vec<(String, String)>) -> Fut,
    Fut: std::future::Future<Output = ApiResponse>,
{
    let listed = call(
        "eforms/public/forms",
        owned(&[("municipality", "godollo"), ("q", "")]),
    )
    .await
    .ok();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["id"] != json!(fot.form)),
        "{listed}"
    );
    call(
        "eforms/public/form",
        owned(&[("municipality", "godollo"), ("form", &fot.form)]),
    )
    .await
    .refused(404, json!("NotFound"));
    let answers = json!({"targy": "x", "szoveg": "y"}).to_string();
    for endpoint in ["eforms/draft/save", "eforms/submit"] {
        let answer = call(
            endpoint,
            owned(&[
                ("municipality", "godollo"),
                ("version", &fot.version),
                ("answers", &answers),
            ]),
        )
        .await;
        assert_eq!(answer.field_problem("form_version"), json!("Malformed"));
    }
    assert_eq!(
        call(
            "eforms/draft/load",
            owned(&[("municipality", "godollo"), ("form", &fot.form)])
        )
        .await
        .ok(),
        Value::Null
    );
    assert_eq!(
        call("eforms/my-cases", owned(&[("municipality", "godollo")]))
            .await
            .ok(),
        json!([])
    );
    // An upload lands in the municipality named, never another.
    call(
        "eforms/upload",
        owned(&[
            ("municipality", "godollo"),
            ("field", "f"),
            ("name", "a.pdf"),
            ("content", "JVBERi0xLjcK"),
        ]),
    )
    .await
    .ok();
}

/// Citizens' sign-in over OpenID Connect against the local provider (a real
/// panva/oidc-provider process), including forged and expired ID tokens.
mod oidc {
    use std::process::Stdio;

    use openasp_app::citizen::db::{citizen, citizen_session};
    use sea_orm::{EntityTrait, PaginatorTrait};
    use tokio::io::{AsyncBufReadExt, BufReader};

    use crate::both_backends;
    use crate::support::*;

    /// The provider process, stopped when dropped.
    pub struct Provider {
        _child: tokio::process::Child,
        pub issuer: String,
    }

    pub async fn start_provider() -> Provider {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/oidc-provider");
        // Both backends' tests start a provider at once: one `npm ci` at a time (scripts/test
        // installs it beforehand; this covers a bare `cargo test`).
        static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _installing = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
        if !dir.join("node_modules/oidc-provider").exists() {
            let status = std::process::Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir)
                .status()
                .expect("npm runs");
            assert!(status.success(), "npm ci for the OpenID provider");
        }
        let mut child = tokio::process::Command::new("node")
            .arg(dir.join("server.mjs"))
            .args(["--port", "0", "--test-forgery"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("node starts the OpenID provider");
        drop(_installing);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let issuer = loop {
            let line = lines
                .next_line()
                .await
                .unwrap()
                .expect("provider prints its address");
            if let Some(address) = line.strip_prefix("oidc-provider listening on ") {
                break address.trim().to_owned();
            }
        };
        Provider {
            _child: child,
            issuer,
        }
    }

    async fn spawn_with_provider(backend: Backend, issuer: &str) -> TestApp {
        let data_dir = tempfile_dir::TempDir::new();
        let pg = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(fresh_postgres_database().await),
        };
        let mut config = test_config(pg.as_ref(), data_dir.path().to_owned());
        config.oidc_issuer = Some(issuer.to_owned());
        let mut app = spawn_app_with(config, data_dir).await;
        app.pg = pg;
        app
    }

    struct Step {
        status: u16,
        location: Option<String>,
        set_cookies: Vec<String>,
        body: String,
    }

    async fn send(browser: &Browser, request: reqwest::RequestBuilder) -> Step {
        let _ = browser;
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        let set_cookies = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let body = response.text().await.unwrap();
        Step {
            status,
            location,
            set_cookies,
            body,
        }
    }

    fn absolute(base: &str, location: &str) -> String {
        if location.starts_with("http") {
            location.to_owned()
        } else {
            format!("{base}{location}")
        }
    }

    /// Signs in at the provider as `who`; answers the app's answer to the provider's callback.
    async fn sign_in_at_provider(
        app: &TestApp,
        provider: &Provider,
        browser: &Browser,
        who: &str,
    ) -> (Step, String) {
        let callback = callback_from_provider(app, provider, browser, who, "/godollo").await;
        (send(browser, browser.client.get(&callback)).await, callback)
    }

    /// Starts a sign-in in `browser` (returning to `return_to`) and signs in at the provider
    /// as `who`; answers the callback URL the provider sends the browser to, not yet followed.
    async fn callback_from_provider(
        app: &TestApp,
        provider: &Provider,
        browser: &Browser,
        who: &str,
        return_to: &str,
    ) -> String {
        let client = &browser.client;
        let start = send(
            browser,
            client
                .get(app.url("/azonositas/belepes"))
                .query(&[("vissza", return_to)]),
        )
        .await;
        assert_eq!(start.status, 303, "{}", start.body);
        let authorize = start.location.unwrap();
        assert!(authorize.starts_with(&provider.issuer), "{authorize}");
        assert!(authorize.contains("code_challenge_method=S256") && authorize.contains("nonce="));
        let to_login = send(browser, client.get(&authorize)).await;
        let login_page = absolute(
            &provider.issuer,
            &to_login.location.expect("to the login page"),
        );
        let page = send(browser, client.get(&login_page)).await;
        assert!(page.body.contains("Központi azonosítás"), "{}", page.body);
        let submitted = send(
            browser,
            client
                .post(format!("{login_page}/login"))
                .header(reqwest::header::ORIGIN, &provider.issuer)
                .form(&[("login", who), ("password", "teszt")]),
        )
        .await;
        let resume = absolute(
            &provider.issuer,
            &submitted.location.expect("back to authorization"),
        );
        let to_app = send(browser, client.get(&resume)).await;
        let callback = to_app.location.expect("back to the portal with a code");
        assert!(
            callback.starts_with(&app.url("/azonositas/belepes/vissza")),
            "{callback}"
        );
        callback
    }

    both_backends!(
        async fn a_sign_in_is_finished_only_in_the_browser_that_started_it(backend: Backend) {
            let provider = start_provider().await;
            let app = spawn_with_provider(backend, &provider.issuer).await;
            let db = app.privileged_db().await;

            // An attacker signs in at the provider and sends the callback link to a victim.
            let attacker = app.browser();
            let callback =
                callback_from_provider(&app, &provider, &attacker, "minta.peter", "/godollo").await;
            let victim = app.browser();
            let answer = send(&victim, victim.client.get(&callback)).await;
            assert_eq!(answer.status, 401, "{}", answer.body);
            assert!(citizen_cookie(&answer).is_none());
            assert_eq!(citizen::Entity::find().count(&db).await.unwrap(), 0);
            // The refusal used nothing up: in the browser that started it, it goes on.
            let answer = send(&attacker, attacker.client.get(&callback)).await;
            assert_eq!(answer.status, 303, "{}", answer.body);
            let terms = answer.location.unwrap();
            let state = terms.trim_start_matches("/azonositas/feltetelek?allapot=");

            // The terms step, too, answers only that browser.
            let page = send(&victim, victim.client.get(app.url(&terms))).await;
            assert_eq!(page.status, 401);
            assert!(!page.body.contains("Minta Péter"), "{}", page.body);
            let accepted = send(
                &victim,
                victim
                    .client
                    .post(app.url("/azonositas/feltetelek"))
                    .form(&[("allapot", state), ("elfogad", "igen")]),
            )
            .await;
            assert_eq!(accepted.status, 401);
            assert!(citizen_cookie(&accepted).is_none());
            assert_eq!(citizen::Entity::find().count(&db).await.unwrap(), 0);

            // The browser that started it accepts, and its sign-in cookie is cleared.
            let accepted = send(
                &attacker,
                attacker
                    .client
                    .post(app.url("/azonositas/feltetelek"))
                    .form(&[("allapot", state), ("elfogad", "igen")]),
            )
            .await;
            assert_eq!(accepted.status, 303);
            assert!(citizen_cookie(&accepted).is_some());
            assert!(
                accepted
                    .set_cookies
                    .iter()
                    .any(|c| c.starts_with("openasp_login=;") && c.contains("Max-Age=0")),
                "{:?}",
                accepted.set_cookies
            );
            app.stop().await.unwrap();
        }
    );

    both_backends!(
        async fn after_sign_in_only_paths_of_this_site_are_returned_to(backend: Backend) {
            let provider = start_provider().await;
            let app = spawn_with_provider(backend, &provider.issuer).await;
            // A first sign-in registers the person; the return paths are tried on later ones.
            let browser = app.browser();
            let (answer, _) = sign_in_at_provider(&app, &provider, &browser, "minta.peter").await;
            let state = answer
                .location
                .unwrap()
                .trim_start_matches("/azonositas/feltetelek?allapot=")
                .to_owned();
            let accepted = send(
                &browser,
                browser
                    .client
                    .post(app.url("/azonositas/feltetelek"))
                    .form(&[("allapot", state.as_str()), ("elfogad", "igen")]),
            )
            .await;
            assert_eq!(accepted.status, 303);
            for (asked, returned) in [
                ("/godollo/ugyintezes?lap=2", "/godollo/ugyintezes?lap=2"),
                ("/\t/evil.example", "/"),
                ("/\r\n/evil.example", "/"),
                ("//evil.example", "/"),
                ("/\\evil.example", "/"),
                ("https://evil.example/", "/"),
                ("javascript:alert(1)", "/"),
                ("/\u{3000}/evil.example", "/"),
            ] {
                let browser = app.browser();
                let callback =
                    callback_from_provider(&app, &provider, &browser, "minta.peter", asked).await;
                let answer = send(&browser, browser.client.get(&callback)).await;
                assert_eq!(
                    (answer.status, answer.location.as_deref()),
                    (303, Some(returned)),
                    "{asked:?}"
                );
            }
            app.stop().await.unwrap();
        }
    );

    fn citizen_cookie(step: &Step) -> Option<String> {
        step.set_cookies
            .iter()
            .find(|c| c.starts_with("openasp_citizen=") && !c.starts_with("openasp_citizen=;"))
            .cloned()
    }

    both_backends!(
        async fn citizens_sign_in_with_the_central_service_and_forged_tokens_are_refused(
            backend: Backend,
        ) {
            let provider = start_provider().await;
            let app = spawn_with_provider(backend, &provider.issuer).await;
            let db = app.privileged_db().await;

            // First sign-in: the identity is verified, then the terms, then the account.
            let browser = app.browser();
            let (answer, callback) =
                sign_in_at_provider(&app, &provider, &browser, "minta.peter").await;
            assert_eq!(answer.status, 303, "{}", answer.body);
            let terms = answer.location.unwrap();
            assert!(
                terms.starts_with("/azonositas/feltetelek?allapot="),
                "{terms}"
            );
            assert_eq!(
                citizen::Entity::find().count(&db).await.unwrap(),
                0,
                "no account before the terms"
            );
            let page = send(&browser, browser.client.get(app.url(&terms))).await;
            assert!(page.body.contains("Minta Péter"), "{}", page.body);
            let state = terms.trim_start_matches("/azonositas/feltetelek?allapot=");
            let accepted = send(
                &browser,
                browser
                    .client
                    .post(app.url("/azonositas/feltetelek"))
                    .form(&[("allapot", state), ("elfogad", "igen")]),
            )
            .await;
            assert_eq!(
                (accepted.status, accepted.location.as_deref()),
                (303, Some("/godollo"))
            );
            assert!(citizen_cookie(&accepted).is_some());
            let person = citizen::Entity::find().one(&db).await.unwrap().unwrap();
            assert_eq!(
                (
                    person.family_name.as_str(),
                    person.given_name.as_str(),
                    person.birth_name.as_deref(),
                    person.mother_birth_name.as_deref(),
                    person.birth_place.as_deref(),
                    person.birth_date.as_deref(),
                    person.subject.as_str(),
                    person.issuer.as_str(),
                ),
                (
                    "Minta",
                    "Péter",
                    Some("Minta Péter"),
                    Some("Kovács Mária"),
                    Some("Gödöllő"),
                    Some("1980-01-01"),
                    "minta.peter",
                    provider.issuer.as_str()
                )
            );
            // Signed in as a citizen: "My cases" answers.
            assert_eq!(
                browser
                    .call("eforms/my-cases", &[("municipality", "godollo")])
                    .await
                    .ok(),
                serde_json::json!([])
            );
            // The code and state are good once: a replayed answer is refused.
            let replay = send(&browser, browser.client.get(&callback)).await;
            assert_eq!(replay.status, 401);

            // A second sign-in goes straight in, to the same account.
            let again = app.browser();
            let (answer, _) = sign_in_at_provider(&app, &provider, &again, "minta.peter").await;
            assert_eq!(
                (answer.status, answer.location.as_deref()),
                (303, Some("/godollo"))
            );
            assert!(citizen_cookie(&answer).is_some());
            assert_eq!(citizen::Entity::find().count(&db).await.unwrap(), 1);
            let sessions = citizen_session::Entity::find().count(&db).await.unwrap();

            // Forged, expired or misdirected ID tokens are refused and open no session.
            let forge = reqwest::Client::new();
            for kind in [
                "foreign_key",
                "expired",
                "wrong_audience",
                "wrong_issuer",
                "wrong_nonce",
                "tampered",
            ] {
                let armed = forge
                    .post(format!("{}/test/forge?kind={kind}", provider.issuer))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(armed.status().as_u16(), 204);
                let browser = app.browser();
                let (answer, _) = sign_in_at_provider(&app, &provider, &browser, "kiss.anna").await;
                assert_eq!(answer.status, 401, "{kind}: {}", answer.body);
                assert!(citizen_cookie(&answer).is_none(), "{kind}");
                browser
                    .call("eforms/my-cases", &[("municipality", "godollo")])
                    .await
                    .refused(401, serde_json::json!("Unauthenticated"));
            }
            assert_eq!(
                citizen_session::Entity::find().count(&db).await.unwrap(),
                sessions
            );
            assert_eq!(citizen::Entity::find().count(&db).await.unwrap(), 1);

            // And the same person, untampered, gets in.
            let browser = app.browser();
            let (answer, _) = sign_in_at_provider(&app, &provider, &browser, "kiss.anna").await;
            assert_eq!(answer.status, 303, "{}", answer.body);
            app.stop().await.unwrap();
        }
    );
}
