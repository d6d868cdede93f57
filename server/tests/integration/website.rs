//! The municipal website: what visitors see (published, due, not withdrawn), the editor's
//! publishing rules, the sanitiser, host-based routing, caching and revalidation, and the
//! refusal of another municipality's editor.
use serde_json::{Value, json};

use crate::both_backends;
use crate::support::*;

const ARTICLE: &str = "/godollo/hirek/megujul-a-foter-kezdodik-a-felujitas";

fn item_form<'a>(fields: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = vec![
        ("form[id]".into(), String::new()),
        ("form[kind]".into(), "news".into()),
        ("form[title]".into(), String::new()),
        ("form[status]".into(), "draft".into()),
    ];
    for (key, value) in fields {
        let key = format!("form[{key}]");
        match form.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = (*value).to_owned(),
            None => form.push((key, (*value).to_owned())),
        }
    }
    form
}

async fn save(browser: &Browser, fields: &[(&str, &str)]) -> ApiResponse {
    let form = item_form(fields);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    browser.call("website/save", &pairs).await
}

/// `YYYY-MM-DDTHH:MM` in Budapest time, `hours` from now (what a datetime-local input sends).
fn local_in(hours: i64) -> String {
    let at = chrono::Utc::now().timestamp() + hours * 3600;
    openasp_app::website::domain::to_local_input(at)
}

async fn items(browser: &Browser, q: &str) -> Vec<Value> {
    browser
        .call("website/items", &[("kind", ""), ("q", q), ("page", "1")])
        .await
        .ok()["items"]
        .as_array()
        .unwrap()
        .clone()
}

both_backends!(
    async fn visitors_see_published_content_only(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, home) = app.get_html("/godollo").await;
        assert_eq!(status, 200);
        assert!(home.contains("<title>Gödöllő Város Önkormányzata</title>"));
        assert!(home.contains(r#"<html lang="hu">"#));
        assert!(home.contains(r##"<a class="skip-link" href="#main">"##));
        assert!(
            home.contains("Megújul a főtér"),
            "published news on the home page"
        );
        assert!(home.contains("Adventi gyertyagyújtás"), "upcoming event");
        assert!(home.contains("Ügyfélfogadás"), "office hours");
        assert!(!home.contains("parkolási rend"), "a draft is not shown");
        assert!(
            !home.contains("Közmeghallgatás decemberben"),
            "scheduled news not yet"
        );
        // No script of any kind: the public site does not ship the clerk application.
        assert!(!home.contains("<script"), "{home}");
        assert!(!home.contains(".wasm"));
        assert!(home.contains(r#"<link rel="canonical" href="https://godollo.localhost/">"#));
        assert!(home.contains(r#"<meta property="og:title""#));

        let (status, article) = app.get_html(ARTICLE).await;
        assert_eq!(status, 200);
        assert!(article.contains("<h1>Megújul a főtér: kezdődik a felújítás</h1>"));
        assert!(article.contains(r#"<meta property="og:type" content="article">"#));
        assert!(article.contains(r#"<meta name="description" content="Hétfőn kezdődik"#));
        for hidden in [
            "/godollo/hirek/tervezet-uj-parkolasi-rend",
            "/godollo/hirek/kozmeghallgatas-decemberben",
            "/godollo/hirek/nincs-ilyen",
            "/godollo/valami/egeszen/mas",
        ] {
            let (status, html) = app.get_html(hidden).await;
            assert_eq!(status, 404, "{hidden}");
            assert!(html.contains("Az oldal nem található"));
        }
        // The directory's facts stay on the municipality's page.
        let (_, szentendre) = app.get_html("/szentendre").await;
        assert!(szentendre.contains("<title>Szentendre – openasp</title>"));
        assert!(szentendre.contains("Még nincs közzétett hír."));

        // Lists, the library's filters, search, contact, statement, feed and sitemap.
        let (_, news) = app.get_html("/godollo/hirek").await;
        assert!(news.contains("Lomtalanítás tavasszal") && !news.contains("parkolási rend"));
        let (_, decrees) = app.get_html("/godollo/dokumentumok?tipus=rendelet").await;
        assert!(decrees.contains("helyi építési szabályzatról"));
        assert!(!decrees.contains("Jegyzőkönyv a képviselő-testület"));
        assert!(decrees.contains("1 dokumentum"));
        let (_, search) = app.get_html("/godollo/kereses?q=FOTER").await;
        assert!(
            search.contains("Megújul a főtér"),
            "accent- and case-insensitive"
        );
        let (_, search) = app.get_html("/godollo/kereses?q=parkolasi").await;
        assert!(search.contains("0 találat"), "drafts are not found");
        let (_, contact) = app.get_html("/godollo/kapcsolat").await;
        assert!(contact.contains("2100 Gödöllő, Szabadság tér 7.") && contact.contains("Hétfő"));
        let (status, statement) = app.get_html("/godollo/akadalymentesseg").await;
        assert_eq!(status, 200);
        assert!(statement.contains("2018. évi LXXV. törvénnyel"));
        let response = app.get("/godollo/hirek.atom").await;
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/atom+xml")
        );
        let feed = response.text().await.unwrap();
        assert!(feed.contains("<title>Megújul a főtér: kezdődik a felújítás</title>"));
        assert!(!feed.contains("parkolási rend") && !feed.contains("Közmeghallgatás"));
        let (_, sitemap) = app.get_html("/godollo/sitemap.xml").await;
        assert!(sitemap.contains(
            "<loc>https://godollo.localhost/hirek/megujul-a-foter-kezdodik-a-felujitas</loc>"
        ));
        assert!(!sitemap.contains("tervezet"));
    }
);

both_backends!(
    async fn publishing_scheduling_and_unpublishing(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let slug_path = "/godollo/hirek/uj-jatszoter-a-parkban";
        // Warm the cache: the list is rendered before the news exists.
        let (_, before) = app.get_html("/godollo/hirek").await;
        assert!(!before.contains("Új játszótér a parkban"));

        let id = save(
            &editor,
            &[
                ("title", "Új játszótér a parkban"),
                ("body", "<p>Kész.</p>"),
            ],
        )
        .await
        .ok();
        let id = id.as_i64().unwrap().to_string();
        assert_eq!(app.get_html(slug_path).await.0, 404, "a draft is invisible");

        // Published: visible at once (the cache forgets the municipality's pages).
        let published = [
            ("id", id.as_str()),
            ("title", "Új játszótér a parkban"),
            ("body", "<p>Kész.</p>"),
            ("status", "published"),
        ];
        save(&editor, &published).await.ok();
        let (status, html) = app.get_html(slug_path).await;
        assert_eq!(status, 200);
        assert!(html.contains("<p>Kész.</p>"));
        assert!(
            app.get_html("/godollo/hirek")
                .await
                .1
                .contains("Új játszótér a parkban")
        );

        // Scheduled for tomorrow: invisible until then.
        let tomorrow = local_in(24);
        let mut scheduled = published.to_vec();
        scheduled.push(("publish_at", &tomorrow));
        save(&editor, &scheduled).await.ok();
        assert_eq!(app.get_html(slug_path).await.0, 404);
        let listed = items(&editor, "játszótér").await;
        assert_eq!(listed[0]["state"], "Scheduled");

        // Published in the past with its withdrawal also past: gone.
        let (two_days_ago, yesterday) = (local_in(-48), local_in(-24));
        let mut expired = published.to_vec();
        expired.push(("publish_at", &two_days_ago));
        expired.push(("unpublish_at", &yesterday));
        save(&editor, &expired).await.ok();
        assert_eq!(app.get_html(slug_path).await.0, 404);
        assert_eq!(items(&editor, "játszótér").await[0]["state"], "Withdrawn");

        // Withdrawal before publication is refused.
        let mut backwards = published.to_vec();
        backwards.push(("publish_at", &yesterday));
        backwards.push(("unpublish_at", &two_days_ago));
        assert_eq!(
            save(&editor, &backwards)
                .await
                .field_problem("unpublish_at"),
            json!("Malformed")
        );

        // Live again, then unpublished with one click.
        save(&editor, &published).await.ok();
        assert_eq!(app.get_html(slug_path).await.0, 200);
        editor.call("website/unpublish", &[("id", &id)]).await.ok();
        assert_eq!(app.get_html(slug_path).await.0, 404);
        assert_eq!(items(&editor, "játszótér").await[0]["state"], "Draft");

        // Every save is a revision; restoring brings back an earlier title.
        save(
            &editor,
            &[
                ("id", &id),
                ("title", "Átnevezett hír"),
                ("status", "draft"),
            ],
        )
        .await
        .ok();
        let revisions = editor
            .call("website/revisions", &[("item", &id)])
            .await
            .ok();
        let revisions = revisions.as_array().unwrap();
        assert_eq!(revisions.len(), 7, "{revisions:?}");
        assert_eq!(revisions[0]["title"], "Átnevezett hír");
        let first = revisions.last().unwrap()["id"].to_string();
        editor
            .call("website/restore", &[("revision", &first)])
            .await
            .ok();
        let detail = editor.call("website/item", &[("id", &id)]).await.ok();
        assert_eq!(detail["form"]["title"], "Új játszótér a parkban");
        assert_eq!(detail["form"]["status"], "draft");

        // A slug is one item's: a second news item with the same title is refused.
        assert_eq!(
            save(
                &editor,
                &[("title", "Megújul a főtér: kezdődik a felújítás")]
            )
            .await
            .field_problem("slug"),
            json!("website.slug_taken")
        );
        let godollo = app.municipality_id("Gödöllő").await;
        let actions: Vec<String> = app
            .audit_entries(godollo)
            .await
            .into_iter()
            .map(|e| e.action)
            .filter(|a| a.starts_with("website."))
            .collect();
        assert!(actions.contains(&"website.create".to_owned()));
        assert!(actions.contains(&"website.unpublish".to_owned()));
        assert!(actions.contains(&"website.restore".to_owned()));
    }
);

both_backends!(
    async fn hostile_html_is_sanitised(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let hostile = concat!(
            r#"<p onclick="steal()">Hírünk<script>alert('x')</script></p>"#,
            r#"<a href="javascript:alert(1)">kattints</a>"#,
            r#"<a href="https://example.hu/" onmouseover="x()">külső</a>"#,
            r#"<img src="/kep.png" alt="A tér" onerror="alert(2)">"#,
            r#"<iframe src="https://evil.example"></iframe><style>body{display:none}</style>"#,
            r#"<svg onload="alert(3)"></svg><form action="/x"><input></form>"#
        );
        let id = save(
            &editor,
            &[
                ("title", "Biztonságos hír"),
                ("body", hostile),
                ("status", "published"),
            ],
        )
        .await
        .ok();
        let detail = editor
            .call("website/item", &[("id", &id.to_string())])
            .await
            .ok();
        let stored = detail["form"]["body"].as_str().unwrap();
        for bad in [
            "script",
            "onclick",
            "onerror",
            "onmouseover",
            "javascript:",
            "iframe",
            "style",
            "svg",
            "form",
            "onload",
            "alert",
        ] {
            assert!(!stored.contains(bad), "{bad} survived: {stored}");
        }
        assert!(stored.contains("<p>Hírünk</p>"));
        assert!(
            stored.contains(r#"<a href="https://example.hu/" rel="noopener noreferrer">külső</a>"#)
        );
        assert!(stored.contains(r#"<img src="/kep.png" alt="A tér">"#));
        let (status, page) = app.get_html("/godollo/hirek/biztonsagos-hir").await;
        assert_eq!(status, 200);
        assert!(
            !page.contains("alert") && !page.contains("<script"),
            "{page}"
        );

        // Images need alternative text; the title is escaped, never markup.
        assert_eq!(
            save(
                &editor,
                &[("title", "Kép"), ("body", r#"<img src="/a.png">"#)]
            )
            .await
            .field_problem("body"),
            json!("website.missing_alt_text")
        );
        save(
            &editor,
            &[
                ("title", "<b>Félkövér</b> cím"),
                ("slug", "felkover"),
                ("status", "published"),
            ],
        )
        .await
        .ok();
        let (_, page) = app.get_html("/godollo/hirek/felkover").await;
        assert!(page.contains("&lt;b&gt;Félkövér&lt;/b&gt; cím"));
        assert!(!page.contains("<b>Félkövér</b>"));
    }
);

async fn get_with_host(app: &TestApp, host: &str, path: &str) -> (u16, String) {
    let response = app
        .client
        .get(app.url(path))
        .header(reqwest::header::HOST, host)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

both_backends!(
    async fn host_names_select_the_municipality(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, html) = get_with_host(&app, "csomad.localhost", "/").await;
        assert_eq!(status, 200);
        assert!(html.contains("Csomád Község Önkormányzata"));
        assert!(
            html.contains(r#"href="/hirek""#),
            "links without the /csomad prefix"
        );
        assert!(!html.contains("Gödöllő Város"));
        let (status, html) = get_with_host(&app, "FOT.localhost:8080", "/hirek").await;
        assert_eq!(status, 200);
        assert!(html.contains("Fót Város Önkormányzata"));

        // An unknown host gets a clear page, never another municipality's site.
        for path in ["/", "/hirek", "/godollo", "/godollo/hirek"] {
            let (status, html) = get_with_host(&app, "www.nincs-ilyen-telepules.hu", path).await;
            assert_eq!(status, 404, "{path}");
            assert!(html.contains("Ismeretlen honlapcím"));
            assert!(!html.contains("Önkormányzata"), "{path}: {html}");
        }
        // The platform's own paths still work on a site's host (assets, health).
        assert_eq!(
            get_with_host(&app, "csomad.localhost", "/healthz").await.0,
            200
        );

        // A host name serves one site: Gödöllő cannot take Csomád's.
        let editor = app.login("godollo.admin").await;
        let mut settings = editor.call("website/settings", &[]).await.ok();
        settings["host_name"] = json!("CSOMAD.localhost");
        let form = settings_form(&settings);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            editor
                .call("website/settings/save", &pairs)
                .await
                .field_problem("host_name"),
            json!("website.host_taken")
        );
        assert!(
            get_with_host(&app, "csomad.localhost", "/")
                .await
                .1
                .contains("Csomád Község")
        );

        // Moving to a new host name: the old one no longer answers for Gödöllő.
        settings["host_name"] = json!("www.godollo.example.hu");
        let form = settings_form(&settings);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        editor.call("website/settings/save", &pairs).await.ok();
        let (status, html) = get_with_host(&app, "www.godollo.example.hu", "/hirek").await;
        assert_eq!(status, 200);
        assert!(html.contains("Gödöllő Város Önkormányzata"));
        assert_eq!(get_with_host(&app, "godollo.localhost", "/").await.0, 404);

        // Colours must keep AA contrast with white text.
        settings["primary_color"] = json!("#ffcc00");
        let form = settings_form(&settings);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            editor
                .call("website/settings/save", &pairs)
                .await
                .field_problem("primary_color"),
            json!("website.contrast_too_low")
        );
    }
);

fn settings_form(settings: &Value) -> Vec<(String, String)> {
    settings
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                format!("form[{k}]"),
                v.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

both_backends!(
    async fn another_municipalitys_editor_is_refused(backend: Backend) {
        let app = spawn_app(backend).await;
        let godollo_editor = app.login("godollo.admin").await;
        let targets = items(&godollo_editor, "").await;
        let article = targets
            .iter()
            .find(|i| i["title"] == "Megújul a főtér: kezdődik a felújítás")
            .unwrap();
        let id = article["id"].to_string();
        let revisions = godollo_editor
            .call("website/revisions", &[("item", &id)])
            .await
            .ok();
        assert!(
            revisions.as_array().unwrap().is_empty(),
            "demo items have no history"
        );
        save(
            &godollo_editor,
            &[
                ("id", &id),
                ("title", "Megújul a főtér: kezdődik a felújítás"),
                ("status", "published"),
                ("body", "<p>Gödöllői szöveg.</p>"),
            ],
        )
        .await
        .ok();
        let revisions = godollo_editor
            .call("website/revisions", &[("item", &id)])
            .await
            .ok();
        let revision = revisions[0]["id"].to_string();
        let before = app.get_html(ARTICLE).await.1;

        // Csomád's editor aims at Gödöllő's item with every function.
        let csomad = app.login("csomad.honlap").await;
        let not_found = json!("NotFound");
        csomad
            .call("website/item", &[("id", &id)])
            .await
            .refused(404, not_found.clone());
        csomad
            .call("website/unpublish", &[("id", &id)])
            .await
            .refused(404, not_found.clone());
        csomad
            .call("website/revisions", &[("item", &id)])
            .await
            .refused(404, not_found.clone());
        csomad
            .call("website/restore", &[("revision", &revision)])
            .await
            .refused(404, not_found.clone());
        save(
            &csomad,
            &[("id", &id), ("title", "Feltört"), ("status", "published")],
        )
        .await
        .refused(404, not_found.clone());
        assert!(
            items(&csomad, "főtér")
                .await
                .iter()
                .all(|i| i["id"].as_i64() != id.parse::<i64>().ok()),
            "Csomád's list shows Csomád's items only"
        );
        let preview = csomad
            .client
            .get(format!("{}/ugyintezo/honlap/elonezet/{id}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(preview.status().as_u16(), 404);
        // Gödöllő's article is untouched.
        assert_eq!(app.get_html(ARTICLE).await.1, before);
        assert!(before.contains("Gödöllői szöveg."));

        // A clerk without the editor's role is refused; a visitor is asked to sign in.
        let clerk = app.login("godollo.iktato").await;
        clerk
            .call("website/items", &[("kind", ""), ("q", ""), ("page", "1")])
            .await
            .refused(403, json!("Forbidden"));
        let anonymous = app.browser();
        anonymous
            .call("website/item", &[("id", &id)])
            .await
            .refused(401, json!("Unauthenticated"));
        let preview = anonymous
            .client
            .get(format!("{}/ugyintezo/honlap/elonezet/{id}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(preview.status().as_u16(), 303);
        // The item's own editor sees the preview of a draft.
        let draft = save(
            &godollo_editor,
            &[("title", "Előnézeti piszkozat"), ("body", "<p>Titok.</p>")],
        )
        .await
        .ok()
        .to_string();
        let preview = godollo_editor
            .client
            .get(format!("{}/ugyintezo/honlap/elonezet/{draft}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(preview.status().as_u16(), 200);
        assert_eq!(preview.headers()["cache-control"], "no-store");
        let html = preview.text().await.unwrap();
        assert!(html.contains("Előnézet") && html.contains("<p>Titok.</p>"));
        assert_eq!(
            app.get_html("/godollo/hirek/elonezeti-piszkozat").await.0,
            404
        );
    }
);

both_backends!(
    async fn pages_revalidate_and_compress(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get(ARTICLE).await;
        assert_eq!(response.status().as_u16(), 200);
        let headers = response.headers().clone();
        let etag = headers["etag"].to_str().unwrap().to_owned();
        let last_modified = headers["last-modified"].to_str().unwrap().to_owned();
        assert_eq!(headers["cache-control"], "public, no-cache");
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let body = response.text().await.unwrap();

        let again = app
            .client
            .get(app.url(ARTICLE))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status().as_u16(), 304);
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert!(again.text().await.unwrap().is_empty());
        let since = app
            .client
            .get(app.url(ARTICLE))
            .header("if-modified-since", &last_modified)
            .send()
            .await
            .unwrap();
        assert_eq!(since.status().as_u16(), 304);
        let other = app
            .client
            .get(app.url(ARTICLE))
            .header("if-none-match", "\"something-else\"")
            .send()
            .await
            .unwrap();
        assert_eq!(other.status().as_u16(), 200);

        let gzipped = app
            .client
            .get(app.url(ARTICLE))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(gzipped.headers()["content-encoding"], "gzip");
        let compressed = gzipped.bytes().await.unwrap();
        assert!(
            compressed.len() < body.len() / 2,
            "{} of {}",
            compressed.len(),
            body.len()
        );

        // An editor's change gives the page a new tag at once.
        let editor = app.login("godollo.admin").await;
        let id = items(&editor, "főtér").await[0]["id"].to_string();
        save(
            &editor,
            &[
                ("id", &id),
                ("title", "Megújul a főtér: kezdődik a felújítás"),
                ("status", "published"),
                ("body", "<p>Frissítve.</p>"),
            ],
        )
        .await
        .ok();
        let changed = app
            .client
            .get(app.url(ARTICLE))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status().as_u16(), 200);
        assert!(changed.text().await.unwrap().contains("Frissítve."));

        // The high-contrast switch is a plain link: a cookie and back to the page.
        let switch = app.get(&format!("/kontraszt?next={ARTICLE}")).await;
        assert_eq!(switch.status().as_u16(), 303);
        assert_eq!(switch.headers()["location"], ARTICLE);
        let (_, html) = app.get_html(ARTICLE).await;
        assert!(html.contains(r#"<html lang="hu" class="high-contrast">"#));
    }
);

/// A real image of the given size and format (a gradient, so it compresses like a photo).
fn test_image(format: image::ImageFormat, width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// Posts a file to an item's upload form as a browser would (multipart/form-data).
async fn upload(
    browser: &Browser,
    item: &str,
    file_name: &str,
    bytes: &[u8],
    alt: &str,
) -> reqwest::Response {
    let boundary = "----openaspTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n{alt}\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    browser
        .client
        .post(format!("{}/ugyintezo/honlap/{item}/fajl", browser.base))
        .header(
            reqwest::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The first `/{slug}/fajlok/{sha}` address on a page.
fn file_link(html: &str, slug: &str) -> Option<String> {
    let prefix = format!("/{slug}/fajlok/");
    let start = html.find(&prefix)?;
    Some(html[start..start + prefix.len() + 64].to_owned())
}

both_backends!(
    async fn files_are_checked_by_content_and_served_for_published_items(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let decree = items(&editor, "építési").await[0]["id"].to_string();
        let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

        let answer = upload(&editor, &decree, "HÉSZ 2026.pdf", pdf, "").await;
        assert_eq!(answer.status().as_u16(), 303);
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{decree}?feltoltve=1")
        );
        let (_, page) = app
            .get_html("/godollo/dokumentumok/rendelet-a-helyi-epitesi-szabalyzatrol")
            .await;
        let link = file_link(&page, "godollo").expect("the document links its file");
        assert!(page.contains(r#"download="HÉSZ 2026.pdf""#));
        let file = app.get(&link).await;
        assert_eq!(file.status().as_u16(), 200);
        assert_eq!(file.headers()["content-type"], "application/pdf");
        assert_eq!(
            file.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(file.bytes().await.unwrap().as_ref(), pdf);

        // The type comes from the content, not the name; images need an alternative text.
        let answer = upload(
            &editor,
            &decree,
            "rendelet.pdf",
            b"<script>alert(1)</script>",
            "",
        )
        .await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{decree}?hiba=tipus")
        );
        // Not an image whatever its first bytes say: refused.
        let broken = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        let news = items(&editor, "Lomtalanítás").await[0]["id"].to_string();
        let answer = upload(&editor, &news, "kep.png", broken, "Kép").await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{news}?hiba=tipus")
        );
        let png = &test_image(image::ImageFormat::Png, 40, 30);
        let answer = upload(&editor, &decree, "kep.png", png, "  ").await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{decree}?hiba=alt")
        );
        let answer = upload(&editor, &news, "kontener.png", png, "Konténer a ház előtt").await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{news}?feltoltve=1")
        );
        let (_, article) = app.get_html("/godollo/hirek/lomtalanitas-tavasszal").await;
        assert!(
            article.contains(r#"alt="Konténer a ház előtt""#),
            "{article}"
        );
        // A news item takes images, not documents.
        let answer = upload(&editor, &news, "x.pdf", pdf, "").await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{news}?hiba=tipus")
        );

        // A draft's file stays private, and another municipality's editor cannot attach.
        let draft = save(
            &editor,
            &[
                ("kind", "document"),
                ("title", "Tervezet"),
                ("doc_category", "hirdetmeny"),
            ],
        )
        .await
        .ok()
        .to_string();
        let secret = b"%PDF-1.7\n% titkos tervezet\n%%EOF\n";
        upload(&editor, &draft, "tervezet.pdf", secret, "").await;
        let preview = editor
            .client
            .get(format!("{}/ugyintezo/honlap/elonezet/{draft}", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let secret_link = file_link(&preview, "godollo").unwrap();
        assert_eq!(app.get(&secret_link).await.status().as_u16(), 404);
        let csomad = app.login("csomad.honlap").await;
        let answer = upload(&csomad, &decree, "x.pdf", secret, "").await;
        assert_eq!(answer.status().as_u16(), 404);
        // Csomád's site does not serve Gödöllő's file either.
        assert_eq!(
            app.get(&link.replace("/godollo/", "/csomad/"))
                .await
                .status()
                .as_u16(),
            404
        );
        let anonymous = app.browser();
        let answer = upload(&anonymous, &decree, "x.pdf", pdf, "").await;
        assert_eq!(location(&answer), "/belepes");
    }
);

/// The titles of a search page's hits, in order.
fn hit_titles(html: &str) -> Vec<String> {
    let Some(start) = html.find(r#"<ol class="search-results""#) else {
        return Vec::new();
    };
    let list = &html[start
        ..html[start..]
            .find("</ol>")
            .map_or(html.len(), |e| start + e)];
    list.split("<li><a href=\"")
        .skip(1)
        .filter_map(|li| {
            let text = &li[li.find('>')? + 1..];
            Some(text[..text.find("</a>")?].to_owned())
        })
        .collect()
}

both_backends!(
    async fn site_search_uses_the_index_by_relevance_with_pages(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        // A body hit first (older), then a title hit: the title hit ranks first.
        save(
            &editor,
            &[
                ("title", "Hírek a faluból"),
                (
                    "body",
                    "<p>Szó esik a <strong>kerékpárútról</strong> is.</p>",
                ),
                ("status", "published"),
            ],
        )
        .await
        .ok();
        save(
            &editor,
            &[
                ("kind", "page"),
                ("title", "Kerékpárút-építés"),
                ("summary", "A tervek és a menetrend."),
                ("status", "published"),
            ],
        )
        .await
        .ok();
        let (_, html) = app.get_html("/godollo/kereses?q=KEREKPARUT").await;
        assert!(html.contains("2 találat"), "{html}");
        assert_eq!(
            hit_titles(&html),
            ["Kerékpárút-építés", "Hírek a faluból"],
            "a title hit first; accents and case ignored"
        );
        // Word beginnings, every term.
        let (_, html) = app.get_html("/godollo/kereses?q=kerekp+menet").await;
        assert_eq!(hit_titles(&html), ["Kerékpárút-építés"]);
        // Documents by their number, events by their place.
        let (_, html) = app.get_html("/godollo/kereses?q=helyi+epitesi").await;
        assert!(
            hit_titles(&html)
                .iter()
                .any(|t| t.contains("helyi építési szabályzatról")),
            "{html}"
        );
        // Query syntax is not a language: quotes, stars and operators are only text.
        for hostile in ["%22%29+OR+*", "NEAR%28a+b%29", "'%3B--", "title%3Ax"] {
            let (status, _) = app.get_html(&format!("/godollo/kereses?q={hostile}")).await;
            assert_eq!(status, 200, "{hostile}");
        }
        // A text with no word in it says so (it neither lists everything nor stays silent).
        let (_, html) = app.get_html("/godollo/kereses?q=%F0%9F%98%80").await;
        assert!(
            html.contains("A keresett szövegben nincs betű vagy számjegy."),
            "{html}"
        );
        assert!(!html.contains("Hírek a faluból"), "{html}");

        // Twelve hits: ten on the first page, two on the second, with a pager.
        for n in 1..=12 {
            save(
                &editor,
                &[
                    ("title", &format!("Lapozópróba {n:02}")),
                    ("status", "published"),
                ],
            )
            .await
            .ok();
        }
        let (_, first) = app.get_html("/godollo/kereses?q=lapozoproba").await;
        assert!(first.contains("12 találat"));
        assert_eq!(hit_titles(&first).len(), 10);
        assert!(first.contains(r#"href="/godollo/kereses?q=lapozoproba&amp;oldal=2" rel="next""#));
        let (_, second) = app.get_html("/godollo/kereses?q=lapozoproba&oldal=2").await;
        let second_titles = hit_titles(&second);
        assert_eq!(second_titles.len(), 2);
        assert!(second.contains(r#"<ol class="search-results" start="11">"#));
        assert!(
            second_titles
                .iter()
                .all(|t| !hit_titles(&first).contains(t)),
            "pages do not overlap"
        );

        // The index follows edits: renamed, it is found by its new title only; a draft and
        // another municipality's content are not found.
        let id = items(&editor, "Lapozópróba 01").await[0]["id"].to_string();
        save(
            &editor,
            &[
                ("id", &id),
                ("title", "Őszi lombgyűjtés"),
                ("status", "published"),
            ],
        )
        .await
        .ok();
        let (_, html) = app.get_html("/godollo/kereses?q=lapozoproba").await;
        assert!(html.contains("11 találat"));
        let (_, html) = app.get_html("/godollo/kereses?q=oszi+LOMB").await;
        assert_eq!(hit_titles(&html), ["Őszi lombgyűjtés"]);
        editor.call("website/unpublish", &[("id", &id)]).await.ok();
        let (_, html) = app.get_html("/godollo/kereses?q=lombgyujtes").await;
        assert!(
            html.contains("0 találat"),
            "an unpublished item is not found"
        );
        let (_, html) = app.get_html("/csomad/kereses?q=kerekparut").await;
        assert!(html.contains("0 találat"), "another site's content");

        // The index exists on each backend.
        use sea_orm::ConnectionTrait;
        let db = app.privileged_db().await;
        let probe = match db.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "SELECT count(*) AS n FROM pg_indexes WHERE indexname = 'ix_website_item_fulltext'"
            }
            _ => {
                "SELECT count(*) AS n FROM website_item_fts WHERE website_item_fts MATCH 'kerekparut'"
            }
        };
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                probe,
            ))
            .await
            .unwrap()
            .unwrap();
        assert!(row.try_get::<i64>("", "n").unwrap() >= 1);
    }
);

/// The main menu's part between "Dokumentumok" and "Kapcsolat" on a public page.
fn public_menu(html: &str) -> String {
    let start = html.find(r#"<nav class="menu""#).unwrap();
    let end = start + html[start..].find("</nav>").unwrap();
    html[start..end].to_owned()
}

async fn menu_entries(browser: &Browser) -> Vec<Value> {
    browser.call("website/menu", &[]).await.ok()["entries"]
        .as_array()
        .unwrap()
        .clone()
}

fn entry_id(entries: &[Value], target: &str) -> String {
    entries
        .iter()
        .find(|e| e["target"] == target)
        .unwrap_or_else(|| panic!("no entry {target}: {entries:?}"))["id"]
        .to_string()
}

both_backends!(
    async fn editors_arrange_the_menu_and_visitors_follow_it(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let entries = menu_entries(&editor).await;
        let targets: Vec<&str> = entries
            .iter()
            .map(|e| e["target"].as_str().unwrap())
            .collect();
        assert_eq!(targets, ["Önkormányzat", "Ügyintézés"], "the demo's pages");
        let about = entry_id(&entries, "Önkormányzat");
        let services = entry_id(&entries, "Ügyintézés");

        // An external link: only http(s) addresses, with a label.
        let refused = editor
            .call(
                "website/menu/add-link",
                &[("label", "Rossz"), ("url", "javascript:alert(1)")],
            )
            .await;
        assert_eq!(refused.field_problem("url"), json!("Malformed"));
        let refused = editor
            .call(
                "website/menu/add-link",
                &[("label", " "), ("url", "https://magyarorszag.hu")],
            )
            .await;
        assert_eq!(refused.field_problem("label"), json!("Required"));
        editor
            .call(
                "website/menu/add-link",
                &[
                    ("label", "E-ügyintézés"),
                    ("url", "https://magyarorszag.hu"),
                ],
            )
            .await
            .ok();
        let (_, home) = app.get_html("/godollo").await;
        let menu = public_menu(&home);
        assert!(
            menu.contains(
                r#"<li><a href="https://magyarorszag.hu" rel="external">E-ügyintézés</a></li>"#
            ),
            "{menu}"
        );
        let order = |menu: &str, labels: &[&str]| {
            let at: Vec<usize> = labels
                .iter()
                .map(|l| {
                    menu.find(&format!(">{l}<"))
                        .unwrap_or_else(|| panic!("{l}: {menu}"))
                })
                .collect();
            at.windows(2).all(|w| w[0] < w[1])
        };
        assert!(order(
            &menu,
            &[
                "Dokumentumok",
                "Önkormányzat",
                "Ügyintézés",
                "E-ügyintézés",
                "Kapcsolat"
            ]
        ));

        // Rename, move up, nest under the entry before, and back out.
        editor
            .call(
                "website/menu/rename",
                &[("id", &services), ("label", "Ügyek intézése")],
            )
            .await
            .ok();
        let link = entry_id(&menu_entries(&editor).await, "https://magyarorszag.hu");
        editor
            .call("website/menu/move", &[("id", &link), ("how", "Up")])
            .await
            .ok();
        let (_, home) = app.get_html("/godollo").await;
        let menu = public_menu(&home);
        assert!(
            order(
                &menu,
                &[
                    "Önkormányzat",
                    "E-ügyintézés",
                    "Ügyek intézése",
                    "Kapcsolat"
                ]
            ),
            "{menu}"
        );
        assert!(menu.contains(r#"href="/godollo/oldal/ugyintezes">Ügyek intézése</a>"#));

        // Under the top-level entry before each: both under "Önkormányzat".
        editor
            .call("website/menu/move", &[("id", &link), ("how", "In")])
            .await
            .ok();
        editor
            .call("website/menu/move", &[("id", &services), ("how", "In")])
            .await
            .ok();
        // Two levels at most.
        assert_eq!(
            editor
                .call("website/menu/move", &[("id", &services), ("how", "In")])
                .await
                .field_problem("move"),
            json!("Malformed")
        );
        let entries = menu_entries(&editor).await;
        assert_eq!(entries[0]["id"].to_string(), about);
        assert_eq!(entries[1]["parent"].to_string(), about);
        assert_eq!(entries[2]["parent"].to_string(), about);
        assert_eq!(
            editor
                .call("website/menu/move", &[("id", &about), ("how", "In")])
                .await
                .field_problem("move"),
            json!("Malformed"),
            "the first entry has nothing before it"
        );
        let (_, page) = app.get_html("/godollo/oldal/ugyintezes").await;
        let menu = public_menu(&page);
        assert!(
            menu.contains(r#"<li class="menu__group"><details><summary>Önkormányzat</summary><ul><li><a href="/godollo/oldal/onkormanyzat">Önkormányzat</a></li>"#),
            "{menu}"
        );
        assert!(menu.contains(
            r#"<li><a href="/godollo/oldal/ugyintezes" aria-current="page">Ügyek intézése</a></li>"#
        ));
        assert!(!page.contains("<script"));
        editor
            .call("website/menu/move", &[("id", &link), ("how", "Out")])
            .await
            .ok();
        let entries = menu_entries(&editor).await;
        assert_eq!(
            entries[2]["id"].to_string(),
            link,
            "after its former parent"
        );
        assert_eq!(entries[2]["parent"], Value::Null);

        // A page added to the menu shows only while visitors can see it; a removed entry's
        // page is no longer "in the menu" in the item editor either.
        let draft = save(&editor, &[("kind", "page"), ("title", "Készülő oldal")])
            .await
            .ok()
            .to_string();
        editor
            .call("website/menu/add-page", &[("item", &draft), ("label", "")])
            .await
            .ok();
        assert_eq!(
            editor
                .call("website/menu/add-page", &[("item", &draft), ("label", "")])
                .await
                .field_problem("item"),
            json!("Duplicate")
        );
        let (_, home) = app.get_html("/godollo").await;
        assert!(
            !public_menu(&home).contains("Készülő oldal"),
            "a draft page"
        );
        let detail = editor.call("website/item", &[("id", &draft)]).await.ok();
        assert_eq!(detail["form"]["in_menu"], "on");
        let draft_entry = entry_id(&menu_entries(&editor).await, "Készülő oldal");
        editor
            .call("website/menu/remove", &[("id", &draft_entry)])
            .await
            .ok();
        let detail = editor.call("website/item", &[("id", &draft)]).await.ok();
        assert_eq!(detail["form"]["in_menu"], Value::Null);
        // The item editor's checkbox adds a page at the end.
        save(
            &editor,
            &[
                ("id", &draft),
                ("kind", "page"),
                ("title", "Készülő oldal"),
                ("in_menu", "on"),
                ("status", "published"),
            ],
        )
        .await
        .ok();
        let (_, home) = app.get_html("/godollo").await;
        assert!(order(
            &public_menu(&home),
            &["E-ügyintézés", "Készülő oldal", "Kapcsolat"]
        ));

        // Removing a top-level entry moves its sub-entries up in its place.
        editor
            .call("website/menu/remove", &[("id", &about)])
            .await
            .ok();
        let entries = menu_entries(&editor).await;
        assert_eq!(entries[0]["target"], "Ügyintézés");
        assert!(entries.iter().all(|e| e["parent"].is_null()));

        // Audited; another municipality's editor cannot touch the menu.
        let godollo = app.municipality_id("Gödöllő").await;
        let actions: Vec<String> = app
            .audit_entries(godollo)
            .await
            .into_iter()
            .map(|e| e.action)
            .filter(|a| a.starts_with("website.menu."))
            .collect();
        for action in ["add", "rename", "move", "remove"] {
            assert!(
                actions.contains(&format!("website.menu.{action}")),
                "{actions:?}"
            );
        }
        let csomad = app.login("csomad.honlap").await;
        for (endpoint, form) in [
            (
                "website/menu/move",
                vec![("id", link.as_str()), ("how", "Down")],
            ),
            (
                "website/menu/rename",
                vec![("id", link.as_str()), ("label", "x")],
            ),
            ("website/menu/remove", vec![("id", link.as_str())]),
            (
                "website/menu/add-page",
                vec![("item", draft.as_str()), ("label", "")],
            ),
        ] {
            let answer = csomad.call(endpoint, &form).await;
            assert!(
                matches!(answer.status, 404 | 422),
                "{endpoint}: {}",
                answer.text
            );
        }
        let csomad_menu = menu_entries(&csomad).await;
        assert!(
            csomad_menu
                .iter()
                .all(|e| e["target"] != "https://magyarorszag.hu")
        );
        assert!(
            menu_entries(&editor)
                .await
                .iter()
                .any(|e| e["id"].as_i64() == link.parse::<i64>().ok())
        );
    }
);

both_backends!(
    async fn uploaded_images_are_resized_for_srcset(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let news = items(&editor, "Lomtalanítás").await[0]["id"].to_string();
        let photo = test_image(image::ImageFormat::Jpeg, 1200, 800);
        let answer = upload(&editor, &news, "foto.jpg", &photo, "Konténerek a Fő utcán").await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{news}?feltoltve=1")
        );
        let (_, article) = app.get_html("/godollo/hirek/lomtalanitas-tavasszal").await;
        let original = file_link(&article, "godollo").unwrap();
        let img_start = article.find("<img src=").unwrap();
        let img = &article[img_start..img_start + article[img_start..].find('>').unwrap()];
        // Never enlarged: 320, 640 and 1024 below the original's 1200; the original last.
        assert!(
            img.contains(&format!(
                r#"srcset="{original}-320 320w, {original}-640 640w, {original}-1024 1024w, {original} 1200w""#
            )),
            "{img}"
        );
        assert!(img.contains(&format!(r#"src="{original}-1024""#)), "{img}");
        assert!(img.contains(r#"sizes=""#));
        assert!(img.contains(r#"width="1200" height="800""#));
        assert!(img.contains(r#"loading="lazy""#));
        assert!(img.contains(r#"alt="Konténerek a Fő utcán""#));
        for width in [320u32, 640, 1024] {
            let response = app.get(&format!("{original}-{width}")).await;
            assert_eq!(response.status().as_u16(), 200, "{width}");
            assert_eq!(response.headers()["content-type"], "image/jpeg");
            assert_eq!(
                response.headers()["cache-control"],
                "public, max-age=31536000, immutable"
            );
            let bytes = response.bytes().await.unwrap();
            let copy = image::load_from_memory(&bytes).unwrap();
            assert_eq!((copy.width(), copy.height()), (width, width * 2 / 3));
        }
        // Only the widths made, only names this server writes.
        for missing in ["-1600", "-999", "-0320", "-320.part", "-../x"] {
            let status = app
                .get(&format!("{original}{missing}"))
                .await
                .status()
                .as_u16();
            assert_eq!(status, 404, "{missing}");
        }

        // A small PNG stays as it is (no copies), with its size; drafts' copies stay private.
        let small = test_image(image::ImageFormat::Png, 300, 200);
        let draft = save(&editor, &[("title", "Vázlat képpel")])
            .await
            .ok()
            .to_string();
        upload(&editor, &draft, "kicsi.png", &small, "Kis kép").await;
        let preview = editor
            .client
            .get(format!("{}/ugyintezo/honlap/elonezet/{draft}", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(preview.contains(r#"width="300" height="200""#), "{preview}");
        assert!(!preview.contains("srcset="));
        let big = test_image(image::ImageFormat::Png, 700, 100);
        upload(&editor, &draft, "szeles.png", &big, "Széles kép").await;
        let preview = editor
            .client
            .get(format!("{}/ugyintezo/honlap/elonezet/{draft}", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let link = file_link(&preview, "godollo").unwrap();
        assert!(preview.contains(&format!("{link}-640 640w")), "{preview}");
        assert_eq!(app.get(&format!("{link}-640")).await.status().as_u16(), 404);
    }
);

/// Posts the settings page's coat-of-arms form.
async fn upload_logo(browser: &Browser, bytes: &[u8], alt: &str) -> reqwest::Response {
    let boundary = "----openaspLogoBoundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cimer.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n{alt}\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    browser
        .client
        .post(format!(
            "{}/ugyintezo/honlap/beallitasok/cimer",
            browser.base
        ))
        .header(
            reqwest::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

both_backends!(
    async fn the_coat_of_arms_is_uploaded_checked_and_shown(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("csomad.honlap").await;
        let back = "/ugyintezo/honlap/beallitasok";
        let pdf = b"%PDF-1.7\n%%EOF\n";
        assert_eq!(
            location(&upload_logo(&editor, pdf, "Címer").await),
            format!("{back}?hiba=tipus"),
            "images only"
        );
        let arms = test_image(image::ImageFormat::Png, 400, 480);
        assert_eq!(
            location(&upload_logo(&editor, &arms, " ").await),
            format!("{back}?hiba=alt")
        );
        let huge = vec![0x89u8; 3 * 1024 * 1024];
        let answer = upload_logo(&editor, &huge, "Címer").await;
        assert_eq!(location(&answer), format!("{back}?hiba=meret"));
        assert_eq!(
            location(&upload_logo(&editor, &arms, "Csomád címere").await),
            format!("{back}?feltoltve=1")
        );

        let (_, home) = app.get_html("/csomad").await;
        let logo = file_link(&home, "csomad").unwrap();
        let start = home.find(r#"<img class="brand__logo""#).unwrap();
        let img = &home[start..start + home[start..].find('>').unwrap()];
        assert!(img.contains(r#"alt="Csomád címere""#), "{img}");
        assert!(img.contains(r#"width="40" height="48""#), "{img}");
        assert!(
            img.contains(&format!("{logo}-320 320w, {logo} 400w")),
            "{img}"
        );
        assert_eq!(app.get(&logo).await.status().as_u16(), 200);
        assert_eq!(app.get(&format!("{logo}-320")).await.status().as_u16(), 200);
        let settings = editor.call("website/settings", &[]).await.ok();
        assert_eq!(settings["logo_alt"], "Csomád címere");
        assert_eq!(settings["logo_path"], logo.as_str());
        // Saving the other settings keeps the coat of arms.
        let form = settings_form(&settings);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        editor.call("website/settings/save", &pairs).await.ok();
        let (_, home) = app.get_html("/csomad").await;
        assert!(home.contains(r#"alt="Csomád címere""#));

        // Another municipality's site does not serve it; anonymous uploads go to sign-in.
        assert_eq!(
            app.get(&logo.replace("/csomad/", "/godollo/"))
                .await
                .status()
                .as_u16(),
            404
        );
        assert_eq!(
            location(&upload_logo(&app.browser(), &arms, "x").await),
            "/belepes"
        );
        let csomad = app.municipality_id("Csomád").await;
        assert!(
            app.audit_entries(csomad)
                .await
                .iter()
                .any(|e| e.action == "website.logo")
        );

        editor.call("website/settings/logo-remove", &[]).await.ok();
        let (_, home) = app.get_html("/csomad").await;
        assert!(!home.contains("brand__logo"));
        assert_eq!(
            app.get(&logo).await.status().as_u16(),
            404,
            "no longer used"
        );
    }
);

/// Every file under the site files' directory (`{data_dir}/website/…`), as sorted paths.
fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&app.config.data_dir.join("website"), &mut files);
    files.sort();
    files
}

/// `len` bytes that begin with `signature` (so the type check passes), the rest filler.
fn bytes_starting_with(signature: &[u8], len: usize) -> Vec<u8> {
    let mut bytes = signature.to_vec();
    bytes.resize(len, b'x');
    bytes
}

const MB: usize = 1024 * 1024;

both_backends!(
    async fn oversized_uploads_are_refused_and_nothing_is_stored(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        let godollo = app.municipality_id("Gödöllő").await;
        let document = save(
            &editor,
            &[
                ("kind", "document"),
                ("title", "Nagy terjedelmű rendelet"),
                ("doc_category", "rendelet"),
                ("status", "published"),
            ],
        )
        .await
        .ok()
        .to_string();
        let news = save(
            &editor,
            &[
                ("title", "Hír nagy képpel"),
                ("body", "<p>Szöveg.</p>"),
                ("status", "published"),
            ],
        )
        .await
        .ok()
        .to_string();
        let document_path = "/godollo/dokumentumok/nagy-terjedelmu-rendelet";
        let news_path = "/godollo/hirek/hir-nagy-keppel";
        let (status, document_before) = app.get_html(document_path).await;
        assert_eq!(status, 200);
        let (status, news_before) = app.get_html(news_path).await;
        assert_eq!(status, 200);
        assert!(file_link(&document_before, "godollo").is_none());
        assert!(file_link(&news_before, "godollo").is_none());
        let files_before = stored_files(&app);

        let nothing_stored = |detail: &Value| {
            assert_eq!(detail["file_name"], Value::Null, "{detail}");
            assert_eq!(detail["image_alt"], Value::Null, "{detail}");
        };

        // A PDF one byte over 20 MB: refused for its size (the route lets it through).
        let pdf = bytes_starting_with(b"%PDF-1.7\n", 20 * MB + 1);
        let answer = upload(&editor, &document, "nagy.pdf", &pdf, "").await;
        assert_eq!(answer.status().as_u16(), 303);
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{document}?hiba=meret")
        );
        // An image one byte over 10 MB for a news item: refused for its size too, not for
        // its content or a missing alternative text.
        let png = bytes_starting_with(b"\x89PNG\r\n\x1a\n", 10 * MB + 1);
        let answer = upload(&editor, &news, "nagy.png", &png, "Nagy kép").await;
        assert_eq!(answer.status().as_u16(), 303);
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{news}?hiba=meret")
        );
        let answer = upload(&editor, &news, "nagy.png", &png, "").await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{news}?hiba=meret"),
            "the size is checked first"
        );
        // Beyond the route's body limit (20 MB + 64 KB): the server reads the rest and throws
        // it away (`upload_limit`), so the editor gets the same clear answer, not a cut
        // connection, and the same connection serves the next request.
        let huge = bytes_starting_with(b"%PDF-1.7\n", 21 * MB);
        let answer = editor
            .client
            .post(format!("{}/ugyintezo/honlap/{document}/fajl", app.address))
            .header(
                reqwest::header::CONTENT_TYPE,
                "multipart/form-data; boundary=----openaspHuge",
            )
            .body(
                [
                    &b"------openaspHuge\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.pdf\"\r\n\r\n"[..],
                    &huge,
                    b"\r\n------openaspHuge--\r\n",
                ]
                .concat(),
            )
            .send()
            .await
            .expect("an answer, not a cut connection");
        assert_eq!(answer.status().as_u16(), 303);
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{document}?hiba=meret")
        );

        // Nothing stored: not on the item, not on disk, not on the public pages.
        nothing_stored(&editor.call("website/item", &[("id", &document)]).await.ok());
        nothing_stored(&editor.call("website/item", &[("id", &news)]).await.ok());
        assert_eq!(stored_files(&app), files_before);
        assert_eq!(app.get_html(document_path).await.1, document_before);
        assert_eq!(app.get_html(news_path).await.1, news_before);
        assert!(
            !app.audit_entries(godollo)
                .await
                .iter()
                .any(|e| e.action == "website.file"),
            "no file was attached"
        );

        // The limits are exact: 20 MB of PDF is accepted; 10 MB of "PNG" passes the size
        // check (and is then refused as no real image).
        let at_limit = bytes_starting_with(b"%PDF-1.7\n", 20 * MB);
        let answer = upload(&editor, &document, "pont.pdf", &at_limit, "").await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{document}?feltoltve=1")
        );
        let answer = upload(
            &editor,
            &news,
            "pont.png",
            &bytes_starting_with(b"\x89PNG\r\n\x1a\n", 10 * MB),
            "Kép",
        )
        .await;
        assert_eq!(
            location(&answer),
            format!("/ugyintezo/honlap/{news}?hiba=tipus")
        );
        let detail = editor.call("website/item", &[("id", &document)]).await.ok();
        assert_eq!(detail["file_name"], "pont.pdf");
        let (_, page) = app.get_html(document_path).await;
        let link = file_link(&page, "godollo").expect("the accepted file is linked");
        let file = app.get(&link).await;
        assert_eq!(file.status().as_u16(), 200);
        assert_eq!(file.bytes().await.unwrap().len(), 20 * MB);
        assert_eq!(stored_files(&app).len(), files_before.len() + 1);
    }
);

/// A `YYYY-MM-DD` day as visitors read it: `2026. június 5.`.
fn hungarian_date(day: &str) -> String {
    const MONTHS: [&str; 12] = [
        "január",
        "február",
        "március",
        "április",
        "május",
        "június",
        "július",
        "augusztus",
        "szeptember",
        "október",
        "november",
        "december",
    ];
    let parts: Vec<u32> = day.split('-').map(|p| p.parse().unwrap()).collect();
    format!(
        "{}. {} {}.",
        parts[0],
        MONTHS[parts[1] as usize - 1],
        parts[2]
    )
}

/// The event card (`<article class="card card--event">…</article>`) whose title is `title`.
fn event_card<'a>(html: &'a str, title: &str) -> Option<&'a str> {
    html.split(r#"<article class="card card--event">"#)
        .skip(1)
        .map(|card| &card[..card.find("</article>").unwrap_or(card.len())])
        .find(|card| card.contains(&format!(">{title}</a>")))
}

both_backends!(
    async fn events_are_validated_listed_and_move_to_the_past(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        // Warm the cache: the calendar is rendered before the event exists.
        let (status, calendar) = app.get_html("/godollo/esemenyek").await;
        assert_eq!(status, 200);
        assert!(!calendar.contains("Nyári koncert"));

        // Budapest time, as the form's datetime-local inputs send it.
        let concert_day = day(60);
        let (starts, ends) = (
            format!("{concert_day}T18:00"),
            format!("{concert_day}T21:30"),
        );
        let event = [
            ("kind", "event"),
            ("title", "Nyári koncert a parkban"),
            ("summary", "Ingyenes szabadtéri koncert."),
            ("starts_at", starts.as_str()),
            ("ends_at", ends.as_str()),
            ("location", "Erzsébet-park,  zenepavilon"),
            ("status", "published"),
        ];
        // The end before the start is refused, and so is an event without a start.
        let mut backwards = event.to_vec();
        let before_start = format!("{concert_day}T17:59");
        backwards.retain(|(k, _)| *k != "ends_at");
        backwards.push(("ends_at", &before_start));
        let refused = save(&editor, &backwards).await;
        assert_eq!(refused.field_problem("ends_at"), json!("Malformed"));
        let mut no_start = event.to_vec();
        no_start.retain(|(k, _)| *k != "starts_at");
        assert_eq!(
            save(&editor, &no_start).await.field_problem("starts_at"),
            json!("Required")
        );
        let mut bad_start = event.to_vec();
        bad_start.retain(|(k, _)| *k != "starts_at");
        bad_start.push(("starts_at", "holnap este"));
        assert_eq!(
            save(&editor, &bad_start).await.field_problem("starts_at"),
            json!("Malformed")
        );
        assert!(
            items(&editor, "Nyári koncert").await.is_empty(),
            "nothing saved"
        );

        let id = save(&editor, &event).await.ok().to_string();
        let detail = editor.call("website/item", &[("id", &id)]).await.ok();
        assert_eq!(detail["form"]["starts_at"], starts.as_str());
        assert_eq!(detail["form"]["ends_at"], ends.as_str());
        assert_eq!(detail["form"]["location"], "Erzsébet-park, zenepavilon");
        assert_eq!(detail["state"], "Live");

        // The calendar lists it at once, under its month, with its start and place.
        let date = hungarian_date(&concert_day);
        let (_, calendar) = app.get_html("/godollo/esemenyek").await;
        let card = event_card(&calendar, "Nyári koncert a parkban")
            .unwrap_or_else(|| panic!("listed: {calendar}"));
        assert!(
            card.contains(r#"href="/godollo/esemenyek/nyari-koncert-a-parkban""#),
            "{card}"
        );
        assert!(card.contains(&format!("{date} 18:00</time>")), "{card}");
        assert!(card.contains(" · Erzsébet-park, zenepavilon"), "{card}");
        let month = date.rsplit_once(' ').unwrap().0;
        assert!(
            calendar.contains(&format!("<h2>{month}</h2>")),
            "{month}: {calendar}"
        );
        // Upcoming in order of their start: the demo's events (in 8 and 15 days) first.
        let advent = calendar
            .find(">Adventi gyertyagyújtás a főtéren</a>")
            .unwrap();
        let concert = calendar.find(">Nyári koncert a parkban</a>").unwrap();
        assert!(advent < concert);

        // Its page shows when (start – end) and where.
        let (status, page) = app
            .get_html("/godollo/esemenyek/nyari-koncert-a-parkban")
            .await;
        assert_eq!(status, 200);
        assert!(page.contains("<h1>Nyári koncert a parkban</h1>"));
        let when = &page[page.find("<dt>Időpont</dt><dd>").expect("a time")..];
        let when = &when[..when.find("</dd>").unwrap()];
        assert!(
            when.contains(&format!("{date} 18:00</time> – <time")),
            "{when}"
        );
        assert!(when.contains(&format!("{date} 21:30</time>")), "{when}");
        assert!(
            page.contains("<dt>Helyszín</dt><dd>Erzsébet-park, zenepavilon</dd>"),
            "{page}"
        );

        // A past event is listed among the past ones only; one still going on is upcoming.
        let (four_days_ago, three_days_ago) = (local_in(-96), local_in(-72));
        save(
            &editor,
            &[
                ("kind", "event"),
                ("title", "Tavaszi futóverseny"),
                ("starts_at", &four_days_ago),
                ("ends_at", &three_days_ago),
                ("location", "Sportpálya"),
                ("status", "published"),
            ],
        )
        .await
        .ok();
        let (yesterday, tomorrow) = (local_in(-24), local_in(24));
        save(
            &editor,
            &[
                ("kind", "event"),
                ("title", "Kétnapos vásár"),
                ("starts_at", &yesterday),
                ("ends_at", &tomorrow),
                ("status", "published"),
            ],
        )
        .await
        .ok();
        // Without an end time an event stays upcoming for the rest of its (Budapest) day.
        let now = chrono::Utc::now().timestamp();
        let early_today = openasp_app::website::domain::to_local_input(
            openasp_app::website::domain::budapest_day_start(now) + 60,
        );
        let two_days_ago = local_in(-48);
        for (title, starts) in [
            ("Reggeli torna", early_today.as_str()),
            ("Könyvbemutató", two_days_ago.as_str()),
        ] {
            save(
                &editor,
                &[
                    ("kind", "event"),
                    ("title", title),
                    ("starts_at", starts),
                    ("status", "published"),
                ],
            )
            .await
            .ok();
        }
        let (_, upcoming) = app.get_html("/godollo/esemenyek").await;
        let (status, past) = app.get_html("/godollo/esemenyek?korabbi=1").await;
        assert!(
            event_card(&upcoming, "Reggeli torna").is_some(),
            "{upcoming}"
        );
        assert!(event_card(&past, "Reggeli torna").is_none());
        assert!(event_card(&past, "Könyvbemutató").is_some(), "{past}");
        assert!(event_card(&upcoming, "Könyvbemutató").is_none());
        let (_, over) = app.get_html("/godollo/esemenyek/konyvbemutato").await;
        assert!(over.contains("Ez az esemény már véget ért."), "{over}");
        let (_, today) = app.get_html("/godollo/esemenyek/reggeli-torna").await;
        assert!(!today.contains("véget ért"));
        assert_eq!(status, 200);
        assert!(past.contains("<h1>Korábbi események</h1>"));
        assert!(event_card(&past, "Tavaszi futóverseny").is_some(), "{past}");
        assert!(event_card(&upcoming, "Tavaszi futóverseny").is_none());
        assert!(
            event_card(&upcoming, "Kétnapos vásár").is_some(),
            "{upcoming}"
        );
        assert!(event_card(&past, "Kétnapos vásár").is_none());
        assert!(event_card(&past, "Nyári koncert a parkban").is_none());
        assert!(upcoming.contains(r#"href="/godollo/esemenyek?korabbi=1""#));
        // A past event keeps its own page.
        assert_eq!(
            app.get_html("/godollo/esemenyek/tavaszi-futoverseny")
                .await
                .0,
            200
        );

        // Unpublished, the event leaves the calendar at once.
        editor.call("website/unpublish", &[("id", &id)]).await.ok();
        let (_, calendar) = app.get_html("/godollo/esemenyek").await;
        assert!(event_card(&calendar, "Nyári koncert a parkban").is_none());
        assert_eq!(
            app.get_html("/godollo/esemenyek/nyari-koncert-a-parkban")
                .await
                .0,
            404
        );
    }
);

/// The `<main>` part of a page.
fn main_part(html: &str) -> &str {
    let start = html.find(r#"<main id="main""#).expect("a main element");
    &html[start..start + html[start..].find("</main>").unwrap()]
}

both_backends!(
    async fn site_settings_reach_the_public_pages_at_once(backend: Backend) {
        let app = spawn_app(backend).await;
        let editor = app.login("godollo.admin").await;
        // Warm the cache with the demo's settings (and keep the tags the pages had).
        let home_before = app.get("/godollo").await;
        let home_etag = home_before.headers()["etag"].to_str().unwrap().to_owned();
        let home_before = home_before.text().await.unwrap();
        let contact_before = app.get("/godollo/kapcsolat").await;
        let contact_etag = contact_before.headers()["etag"]
            .to_str()
            .unwrap()
            .to_owned();
        let contact_before = contact_before.text().await.unwrap();
        for old in [
            "+36 28 529 100",
            "hivatal@godollo.example.hu",
            "https://www.facebook.com/godollo",
        ] {
            assert!(home_before.contains(old), "{old}");
            assert!(contact_before.contains(old), "{old}");
        }

        let mut settings = editor.call("website/settings", &[]).await.ok();
        settings["site_name"] = json!("Gödöllő   Város Honlapja");
        settings["address"] = json!("2100 Gödöllő, Dózsa György út 1.");
        settings["phone"] = json!("+36 28 000 111");
        settings["email"] = json!("ugyfelszolgalat@godollo.example.hu");
        settings["office_hours"] = json!("  Hétfő: 9:00–11:00\n\nPéntek:  zárva  \n");
        settings["social_links"] = json!(
            "Instagram | https://www.instagram.com/godollo\n\
             nem link\n\
             Rossz | javascript:alert(1)\n\
             YouTube | https://www.youtube.com/@godollo"
        );
        // A malformed e-mail address is refused, and nothing changes.
        let mut bad = settings.clone();
        bad["email"] = json!("nem-email-cim");
        let form = settings_form(&bad);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            editor
                .call("website/settings/save", &pairs)
                .await
                .field_problem("email"),
            json!("Malformed")
        );
        assert_eq!(app.get_html("/godollo").await.1, home_before);

        let form = settings_form(&settings);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        editor.call("website/settings/save", &pairs).await.ok();
        let saved = editor.call("website/settings", &[]).await.ok();
        assert_eq!(saved["site_name"], "Gödöllő Város Honlapja");
        assert_eq!(saved["office_hours"], "Hétfő: 9:00–11:00\nPéntek:  zárva");

        // The cached pages are not served again: a new tag and the new content at once.
        for (path, etag) in [
            ("/godollo", &home_etag),
            ("/godollo/kapcsolat", &contact_etag),
        ] {
            let response = app
                .client
                .get(app.url(path))
                .header("if-none-match", etag.as_str())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 200, "{path}");
            assert_ne!(response.headers()["etag"].to_str().unwrap(), etag.as_str());
        }
        let contacts = [
            "<dt>Cím</dt><dd>2100 Gödöllő, Dózsa György út 1.</dd>",
            r#"<dt>Telefon</dt><dd><a href="tel:+3628000111">+36 28 000 111</a></dd>"#,
            r#"<dt>E-mail</dt><dd><a href="mailto:ugyfelszolgalat@godollo.example.hu">ugyfelszolgalat@godollo.example.hu</a></dd>"#,
            r#"<dl class="office-hours"><dt>Hétfő</dt><dd>9:00–11:00</dd><dt>Péntek</dt><dd>zárva</dd></dl>"#,
            r#"<li><a href="https://www.instagram.com/godollo">Instagram</a></li>"#,
            r#"<li><a href="https://www.youtube.com/@godollo">YouTube</a></li>"#,
        ];
        let gone = [
            "Szabadság tér 7.",
            "+36 28 529 100",
            "hivatal@godollo.example.hu",
            "facebook.com",
            "Szerda",
            "javascript:",
            "Rossz",
            "nem link",
        ];
        let (status, home) = app.get_html("/godollo").await;
        assert_eq!(status, 200);
        assert!(
            home.contains("<title>Gödöllő Város Honlapja</title>"),
            "{home}"
        );
        assert!(home.contains(r#"<span class="brand__name">Gödöllő Város Honlapja</span>"#));
        assert!(
            home.contains(r#"<meta property="og:site_name" content="Gödöllő Város Honlapja">"#)
        );
        assert!(!home.contains("Gödöllő Város Önkormányzata"), "{home}");
        for wanted in contacts {
            assert!(main_part(&home).contains(wanted), "home: {wanted}");
        }
        for old in gone {
            assert!(!home.contains(old), "home still shows {old}");
        }

        let (status, contact) = app.get_html("/godollo/kapcsolat").await;
        assert_eq!(status, 200);
        assert!(contact.contains("<title>Kapcsolat – Gödöllő Város Honlapja</title>"));
        let main = main_part(&contact);
        assert!(main.contains("<h2>Gödöllő Város Honlapja</h2>"), "{main}");
        assert!(main.contains("<h2>Ügyfélfogadási rend</h2>"));
        assert!(main.contains("<h2>Közösségi média</h2>"));
        for wanted in contacts {
            assert!(main.contains(wanted), "contact: {wanted}");
        }
        for old in gone {
            assert!(!contact.contains(old), "contact still shows {old}");
        }
        // Every page's footer follows too.
        let (_, article) = app.get_html(ARTICLE).await;
        assert!(article.contains(r#"<h2 id="footer-contact">Gödöllő Város Honlapja</h2>"#));
        assert!(article.contains(contacts[1]));
        // Another municipality's site is untouched.
        let (_, csomad) = app.get_html("/csomad/kapcsolat").await;
        assert!(csomad.contains("Csomád Község Önkormányzata"));
        assert!(!csomad.contains("Instagram"));
        let godollo = app.municipality_id("Gödöllő").await;
        assert!(
            app.audit_entries(godollo)
                .await
                .iter()
                .any(|e| e.action == "website.settings")
        );
    }
);
