//! The citizen's journey through a form as plain HTML pages and form posts (no JavaScript):
//! filling page by page without signing in, conditional questions and pages, errors shown on
//! the page, check your answers, signing in to submit (the answers taken over on request), the
//! confirmation with the registry number, a retried submission, the PDF receipt, My cases,
//! attachments, and nobody else reaching any of it.
use openasp_app::eforms::db::{form_guest_draft, form_submission};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::both_backends;
use crate::eforms::{adopt_and_publish, citizen_browser, test_definition};
use crate::support::*;

/// A search of the forms list (someone's query) is not for search engines.
async fn searched_is_noindex(app: &TestApp) -> bool {
    page(&app.browser(), "/godollo/ugyintezes?q=x")
        .await
        .1
        .contains("<meta name=\"robots\" content=\"noindex\">")
}

/// A form with the test definition published in Gödöllő; answers its id.
async fn published_test_form(app: &TestApp) -> String {
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
    id
}

async fn page(browser: &Browser, path: &str) -> (u16, String) {
    let response = browser
        .client
        .get(format!("{}{path}", browser.base))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Posts a page like a browser without JavaScript; answers the redirect's target.
async fn post(browser: &Browser, path: &str, form: &[(&str, &str)]) -> String {
    let response = browser
        .client
        .post(format!("{}{path}", browser.base))
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303, "{path}");
    response
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

/// Posts a page with a file, as `multipart/form-data`.
async fn post_file(
    browser: &Browser,
    path: &str,
    fields: &[(&str, &str)],
    file: (&str, &str, &[u8]),
) -> String {
    let boundary = "openasp-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let (name, file_name, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let response = browser
        .client
        .post(format!("{}{path}", browser.base))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303, "{path}");
    response
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

fn guest_cookie(browser: &Browser) -> Option<String> {
    use reqwest::cookie::CookieStore;
    let url = browser.base.parse().unwrap();
    let header = browser.jar.cookies(&url)?;
    openasp_app::eforms::journey::flow::guest_token_from_cookie_header(header.to_str().ok()?)
}

both_backends!(
    async fn a_visitor_fills_in_page_by_page_and_submits_after_signing_in(backend: Backend) {
        let app = spawn_app(backend).await;
        let id = published_test_form(&app).await;
        let start = format!("/godollo/ugyintezes/{id}");
        let first = format!("{start}/alap");

        // The list and the start page, without signing in.
        let (status, list) = page(&app.browser(), "/godollo/ugyintezes").await;
        assert_eq!(status, 200);
        assert!(list.contains("Próba kérelem"), "{list}");
        assert!(list.contains(&format!("href=\"{start}\"")));
        assert!(!list.contains("<script"), "the list carries no script");
        // The list is for search engines too; the journey's own pages are not.
        assert!(!list.contains("noindex"), "{list}");
        assert!(searched_is_noindex(&app).await);
        let (_, searched) = page(&app.browser(), "/godollo/ugyintezes?q=pr%C3%B3ba").await;
        assert!(searched.contains("Próba kérelem"));
        let (_, none) = page(&app.browser(), "/godollo/ugyintezes?q=semmi-ilyen").await;
        assert!(!none.contains("Próba kérelem"));

        let visitor = app.browser();
        let (status, intro) = page(&visitor, &start).await;
        assert_eq!(status, 200);
        assert!(intro.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(intro.contains(&format!("href=\"{first}\"")), "{intro}");

        // An empty page: back to it with its problems.
        let to = post(
            &visitor,
            &first,
            &[
                ("f.targy", ""),
                ("_shown", "targy,ceg"),
                ("muvelet", "tovabb"),
            ],
        )
        .await;
        assert_eq!(to, format!("{first}?hibak=1"));
        let token = guest_cookie(&visitor).expect("a guest draft cookie");
        let (_, with_errors) = page(&visitor, &to).await;
        assert!(with_errors.contains("error-summary"), "{with_errors}");
        assert!(with_errors.contains("<title>Hiba: Alapadatok"));
        assert!(with_errors.contains("href=\"#f-targy\""));
        assert!(with_errors.contains("A kérdés megválaszolása kötelező."));

        // "Yes" brings up the tax number on the same page: shown, not reported missing.
        let to = post(
            &visitor,
            &first,
            &[
                ("f.targy", "Kérelem"),
                ("f.ceg", "yes"),
                ("_shown", "targy,ceg"),
                ("muvelet", "tovabb"),
            ],
        )
        .await;
        assert_eq!(to, first);
        let (_, now_shown) = page(&visitor, &first).await;
        assert!(now_shown.contains("data-path=\"adoszam\">"), "{now_shown}");
        assert!(
            now_shown.contains("value=\"Kérelem\""),
            "the answers are kept"
        );

        // A wrong check digit is caught; a right one goes on to the attachment page.
        let bad = post(
            &visitor,
            &first,
            &[
                ("f.targy", "Kérelem"),
                ("f.ceg", "yes"),
                ("f.adoszam", "10773382-2-44"),
                ("_shown", "targy,ceg,adoszam"),
            ],
        )
        .await;
        assert_eq!(bad, format!("{first}?hibak=1"));
        let (_, digit) = page(&visitor, &bad).await;
        assert!(digit.contains("ellenőrző számjegy"), "{digit}");
        let next = post(
            &visitor,
            &first,
            &[
                ("f.targy", "Kérelem"),
                ("f.ceg", "yes"),
                ("f.adoszam", "10773381-2-44"),
                ("_shown", "targy,ceg,adoszam"),
            ],
        )
        .await;
        assert_eq!(next, format!("{start}/melleklet"));
        let (_, attach) = page(&visitor, &next).await;
        assert!(attach.contains("Fájlt csatolni bejelentkezés után lehet"));

        // Check your answers lists what is missing, linked to its page.
        let (_, check) = page(&visitor, &format!("{start}/ellenorzes")).await;
        assert!(check.contains("error-summary"), "{check}");
        assert!(check.contains(&format!("{start}/melleklet#f-igazolas")));
        assert!(
            !check.contains("/bekuldes"),
            "nothing to submit while problems remain"
        );

        // Back to the first page: "no" skips the attachment page and drops the tax number.
        let to = post(
            &visitor,
            &first,
            &[
                ("f.targy", "Kérelem"),
                ("f.ceg", "no"),
                ("f.adoszam", "10773381-2-44"),
                ("_shown", "targy,ceg,adoszam"),
            ],
        )
        .await;
        assert_eq!(to, format!("{start}/ellenorzes"));
        let (_, check) = page(&visitor, &to).await;
        assert!(!check.contains("error-summary"), "{check}");
        assert!(check.contains("Kérelem") && check.contains("Nem"));
        assert!(!check.contains("10773381"), "the hidden answer is gone");
        assert!(check.contains("Bejelentkezés a beküldéshez"));
        // Submitting without signing in leads to the sign-in.
        let to = post(&visitor, &format!("{start}/bekuldes"), &[]).await;
        assert!(to.starts_with("/azonositas/belepes?vissza="), "{to}");

        // Signed in (the same browser), the citizen is asked whether to take the answers
        // over; looking at a page moves nothing.
        let (citizen, citizen_id) = citizen_browser(&app, "Minta", "Péter").await;
        let url = app.address.parse().unwrap();
        citizen
            .jar
            .add_cookie_str(&format!("openasp_guest={token}; Path=/"), &url);
        let (_, offer) = page(&citizen, &format!("{start}/ellenorzes")).await;
        assert!(
            offer.contains("<h1>Bejelentkezés előtt megadott válaszok</h1>"),
            "{offer}"
        );
        assert!(!offer.contains("Elfogadom és beküldöm"));
        let db = app.privileged_db().await;
        assert_eq!(
            form_guest_draft::Entity::find().count(&db).await.unwrap(),
            1
        );
        // Taken over by an explicit POST, then back where the citizen was.
        let to = post(
            &citizen,
            &format!("{start}/atvetel"),
            &[
                ("valasz", "atveszem"),
                ("vissza", &format!("{start}/ellenorzes")),
            ],
        )
        .await;
        assert_eq!(to, format!("{start}/ellenorzes"));
        let (_, check) = page(&citizen, &to).await;
        assert!(check.contains("Elfogadom és beküldöm"), "{check}");
        assert!(check.contains("Kérelem"));
        // Saved and not yet sent, it is listed in My cases, leading back to the form.
        let (_, mine) = page(&citizen, "/godollo/ugyintezes/ugyeim").await;
        assert!(
            mine.contains("Elkezdett, még be nem küldött űrlapok")
                && mine.contains(&format!("<a href=\"{start}\">Próba kérelem</a>")),
            "{mine}"
        );
        assert_eq!(
            form_guest_draft::Entity::find().count(&db).await.unwrap(),
            0
        );
        let marker = check
            .split("name=\"piszkozat\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        let done = post(
            &citizen,
            &format!("{start}/bekuldes"),
            &[("piszkozat", &marker)],
        )
        .await;
        assert!(done.starts_with("/godollo/ugyintezes/beadvany/"), "{done}");
        let (status, confirmation) = page(&citizen, &done).await;
        assert_eq!(status, 200);
        let submission = form_submission::Entity::find().all(&db).await.unwrap();
        assert_eq!(submission.len(), 1);
        assert_eq!(submission[0].citizen_id, citizen_id);
        assert!(confirmation.contains(&submission[0].registry_number));

        // Pressed again (or retried): the same submission, nothing new registered.
        let again = post(
            &citizen,
            &format!("{start}/bekuldes"),
            &[("piszkozat", &marker)],
        )
        .await;
        assert_eq!(again, done);
        assert_eq!(form_submission::Entity::find().count(&db).await.unwrap(), 1);

        // The PDF receipt and My cases.
        let response = citizen
            .client
            .get(format!("{}{done}/igazolas.pdf", citizen.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let pdf = response.bytes().await.unwrap();
        let text = openasp_core::pdf::extract_text(&pdf);
        assert!(text.contains(&submission[0].registry_number), "{text}");
        assert!(text.contains("Kérelem"), "{text}");
        let (_, cases) = page(&citizen, "/godollo/ugyintezes/ugyeim").await;
        assert!(cases.contains(&submission[0].registry_number));
        assert!(cases.contains("Próba kérelem"));

        // Nobody else reaches it: another citizen, a visitor, another municipality's site.
        let (other, _) = citizen_browser(&app, "Más", "Valaki").await;
        assert_eq!(page(&other, &done).await.0, 404);
        assert_eq!(page(&other, &format!("{done}/igazolas.pdf")).await.0, 404);
        let (_, others_cases) = page(&other, "/godollo/ugyintezes/ugyeim").await;
        assert!(!others_cases.contains(&submission[0].registry_number));
        let anonymous = page(&app.browser(), &done).await;
        assert_ne!(anonymous.0, 200);
        let elsewhere = done.replace("/godollo/", "/fot/");
        assert_eq!(page(&citizen, &elsewhere).await.0, 404);
        assert_eq!(
            page(&citizen, &format!("/fot/ugyintezes/{id}")).await.0,
            404,
            "Gödöllő's form is not Fót's"
        );
    }
);

both_backends!(
    async fn a_signed_in_citizen_attaches_a_file_and_wrong_files_are_refused(backend: Backend) {
        let app = spawn_app(backend).await;
        let id = published_test_form(&app).await;
        let start = format!("/godollo/ugyintezes/{id}");
        let (citizen, _) = citizen_browser(&app, "Csatoló", "Cecília").await;
        post(
            &citizen,
            &format!("{start}/alap"),
            &[
                ("f.targy", "Cégkérelem"),
                ("f.ceg", "yes"),
                ("f.adoszam", "10773381-2-44"),
                ("_shown", "targy,ceg,adoszam"),
            ],
        )
        .await;
        let attach = format!("{start}/melleklet");

        // A picture where only PDF is accepted: stored, but the page says what is wrong.
        let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[0u8; 100]].concat();
        let to = post_file(
            &citizen,
            &attach,
            &[("muvelet", "tovabb")],
            ("f.igazolas", "kep.pdf", &jpeg),
        )
        .await;
        assert_eq!(to, format!("{attach}?hibak=1"));
        let (_, wrong) = page(&citizen, &to).await;
        assert!(
            wrong.contains("Ilyen típusú fájl nem csatolható."),
            "{wrong}"
        );
        let upload = wrong
            .split("name=\"f.igazolas.remove\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();

        // Removing it and attaching a small PDF passes.
        let pdf = b"%PDF-1.7\nkicsi igazolas";
        let to = post_file(
            &citizen,
            &attach,
            &[("muvelet", "tovabb"), ("f.igazolas.remove", &upload)],
            ("f.igazolas", "igazolas.pdf", pdf),
        )
        .await;
        assert_eq!(to, format!("{start}/ellenorzes"));
        let (_, check) = page(&citizen, &to).await;
        assert!(check.contains("igazolas.pdf"), "{check}");
        assert!(!check.contains("kep.pdf"));
        assert!(!check.contains("error-summary"));
        assert!(
            !check.contains("Kinek a nevében"),
            "no mandate recorded yet"
        );

        // A clerk records that she may act for a company: the check page offers it.
        let clerk = app.login("godollo.iktato").await;
        let mandate = clerk
            .call(
                "eforms/clerk/mandates/record",
                &[
                    ("form[family_name]", "Csatoló"),
                    ("form[given_name]", "Cecília"),
                    ("form[birth_date]", "1980-01-01"),
                    ("form[kind]", "company"),
                    ("form[represented_name]", "Első Kft."),
                    ("form[represented_identifier]", "10773381-2-44"),
                ],
            )
            .await
            .ok();
        let mandate = mandate
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| mandate.to_string());
        let (_, check) = page(&citizen, &to).await;
        assert!(check.contains("Kinek a nevében"), "{check}");
        assert!(check.contains("Első Kft."));
        let done = post(
            &citizen,
            &format!("{start}/bekuldes"),
            &[("piszkozat", "x"), ("kepviselt", &mandate)],
        )
        .await;
        assert!(done.starts_with("/godollo/ugyintezes/beadvany/"), "{done}");
        let db = app.privileged_db().await;
        let submission = form_submission::Entity::find()
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert!(submission.answers.contains("igazolas.pdf"));
        assert_eq!(submission.on_behalf_of.as_deref(), Some(mandate.as_str()));
    }
);

/// Opens a connection and posts the start of a multipart page with a file part, the body
/// announced as `length` bytes, sending only its first bytes (with `cookie`, if any).
/// Answers the open connection.
async fn start_upload(app: &TestApp, cookie: Option<&str>, length: usize) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST /godollo/ugyintezes/1/melleklet HTTP/1.1\r\nHost: {host}\r\n\
         Origin: {origin}\r\n{cookie}\
         Content-Type: multipart/form-data; boundary=b\r\n\
         Content-Length: {length}\r\n\r\n\
         --b\r\nContent-Disposition: form-data; name=\"f.terv\"; filename=\"nagy.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.7\n",
        origin = app.address,
        host = app.address.trim_start_matches("http://"),
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

/// The status line the server answered within `within`, if it answered.
async fn status_within(
    stream: &mut tokio::net::TcpStream,
    within: std::time::Duration,
) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut buffer = vec![0u8; 512];
    match tokio::time::timeout(within, stream.read(&mut buffer)).await {
        Ok(Ok(read)) if read > 0 => String::from_utf8_lossy(&buffer[..read])
            .lines()
            .next()
            .map(str::to_owned),
        _ => None,
    }
}

both_backends!(
    async fn answers_given_before_signing_in_can_be_discarded(backend: Backend) {
        let app = spawn_app(backend).await;
        let id = published_test_form(&app).await;
        let start = format!("/godollo/ugyintezes/{id}");
        let visitor = app.browser();
        post(
            &visitor,
            &format!("{start}/alap"),
            &[
                ("f.targy", "Vendégként írtam"),
                ("f.ceg", "no"),
                ("_shown", "targy,ceg"),
                ("muvelet", "tovabb"),
            ],
        )
        .await;
        let token = guest_cookie(&visitor).expect("a guest draft cookie");
        let (citizen, _) = citizen_browser(&app, "Elvető", "Ella").await;
        let url = app.address.parse().unwrap();
        citizen
            .jar
            .add_cookie_str(&format!("openasp_guest={token}; Path=/"), &url);
        let (_, offer) = page(&citizen, &format!("{start}/alap")).await;
        assert!(offer.contains("Elvetem őket"), "{offer}");
        assert_eq!(count(&offer, "<main"), 1, "{offer}");
        // Neither button: nothing changes and the question stays.
        let to = post(&citizen, &format!("{start}/atvetel"), &[]).await;
        assert_eq!(to, start);
        let (_, offer) = page(&citizen, &start).await;
        assert!(offer.contains("Elvetem őket"), "{offer}");
        // Discarded; a return path outside this form is not followed.
        let to = post(
            &citizen,
            &format!("{start}/atvetel"),
            &[("valasz", "elvetem"), ("vissza", "//evil.example/")],
        )
        .await;
        assert_eq!(to, start);
        let db = app.privileged_db().await;
        assert_eq!(
            form_guest_draft::Entity::find().count(&db).await.unwrap(),
            0
        );
        let (_, first) = page(&citizen, &format!("{start}/alap")).await;
        assert!(!first.contains("Vendégként írtam"), "{first}");
        assert!(first.contains("name=\"f.targy\""), "{first}");
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn a_guests_file_is_refused_before_it_is_read(backend: Backend) {
        let app = spawn_app(backend).await;
        // A file part is refused on its headers: the rest is never waited for.
        let mut upload = start_upload(&app, None, 500_000).await;
        let status = status_within(&mut upload, std::time::Duration::from_secs(8)).await;
        assert_eq!(status.as_deref(), Some("HTTP/1.1 401 Unauthorized"));
        // A body announced beyond a guest's limit (a page of answers) is refused unread.
        let mut upload = start_upload(&app, None, 50_000_000).await;
        let status = status_within(&mut upload, std::time::Duration::from_secs(8)).await;
        assert_eq!(status.as_deref(), Some("HTTP/1.1 413 Payload Too Large"));
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn uploads_read_at_once_are_capped(backend: Backend) {
        use reqwest::cookie::CookieStore;
        let app = spawn_app(backend).await;
        let (citizen, _) = citizen_browser(&app, "Minta", "Feltöltő").await;
        let url = citizen.base.parse().unwrap();
        let cookie = citizen.jar.cookies(&url).unwrap();
        let cookie = cookie.to_str().unwrap().to_owned();
        // As many slow uploads as may be read at once …
        let mut slow = Vec::new();
        for _ in 0..openasp_server::eforms_routes::MAX_CONCURRENT_UPLOADS {
            slow.push(start_upload(&app, Some(&cookie), 50_000_000).await);
        }
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        // … and one more is told at once to try again.
        let mut one_more = start_upload(&app, Some(&cookie), 50_000_000).await;
        let status = status_within(&mut one_more, std::time::Duration::from_secs(8)).await;
        assert_eq!(status.as_deref(), Some("HTTP/1.1 503 Service Unavailable"));
        // The slow ones are still being read (no answer yet).
        assert_eq!(
            status_within(&mut slow[0], std::time::Duration::from_millis(200)).await,
            None
        );
        drop(slow);
        app.stop().await.unwrap();
    }
);
