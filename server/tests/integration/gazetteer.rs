//! The municipality directory: landing page, search, pagination, municipality pages.
use crate::both_backends;
use crate::support::{count, spawn_app, spawn_app_with};

/// Rows of the results table (each row's name cell is a `<th scope="row">`).
fn result_rows(html: &str) -> usize {
    count(html, r#"<th scope="row">"#)
}

both_backends!(
    async fn landing_page_lists_every_municipality_paginated(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, html) = app.get_html("/").await;
        assert_eq!(status, 200);
        assert!(html.contains(r#"<html lang="hu">"#));
        assert!(html.contains("<h1>Települések"));
        assert!(html.contains("3178 találat"), "total count shown");
        assert_eq!(result_rows(&html), 20);
        // Alphabetical (accent-folded): Aba is first; the pager offers the last page.
        assert!(html.contains(r#"<a href="/aba" rel="external">Aba"#));
        assert!(html.contains(r#"href="/?page=159""#));
        assert!(!html.contains(r#"href="/?page=160""#));

        let (_, page2) = app.get_html("/?page=2").await;
        assert_eq!(result_rows(&page2), 20);
        assert!(!page2.contains(r#"<a href="/aba" rel="external">Aba"#));
        assert!(page2.contains(r#"aria-current="page""#));

        let (_, last) = app.get_html("/?page=159").await;
        assert_eq!(result_rows(&last), 3178 - 158 * 20);
        // Page numbers past the end or nonsense still answer with a page, not an error.
        let (status, _) = app.get_html("/?page=0").await;
        assert_eq!(status, 200);
        let (status, beyond) = app.get_html("/?page=100000").await;
        assert_eq!(status, 200);
        assert_eq!(result_rows(&beyond), 0);
    }
);

both_backends!(
    async fn search_by_name_ignores_accents_and_case(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, html) = app.get_html("/?q=SZENTENDRE").await;
        assert!(html.contains(r#"<a href="/szentendre" rel="external">Szentendre"#));
        assert!(html.contains("1 találat"));

        // Exact matches first, then names starting with the text, then the rest.
        let (_, html) = app.get_html("/?q=gyor").await;
        let position = |needle: &str| html.find(needle).unwrap_or(usize::MAX);
        let gyor = position(r#"<a href="/gyor" rel="external">Győr"#);
        let gyorujbarat = position(r#"<a href="/gyorujbarat" rel="external">Győrújbarát"#);
        let balatongyorok = position(r#"<a href="/balatongyorok" rel="external">Balatongyörök"#);
        assert!(gyor < gyorujbarat, "exact before prefix");
        assert!(gyorujbarat < balatongyorok, "prefix before substring");

        let (_, html) = app.get_html("/?q=nincs+ilyen+telepules").await;
        assert!(html.contains("0 találat"));
        assert!(html.contains("Nincs a keresésnek megfelelő település."));
        assert_eq!(result_rows(&html), 0);
    }
);

both_backends!(
    async fn search_by_postal_code_and_county(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, html) = app.get_html("/?q=2000").await;
        assert!(html.contains(r#"<a href="/szentendre" rel="external">Szentendre"#));
        assert!(html.contains("1 találat"));

        // A postal-code prefix finds every municipality whose code starts with it.
        let (_, html) = app.get_html("/?q=200").await;
        assert!(html.contains(r#"<a href="/szentendre" rel="external">Szentendre"#));
        assert!(html.contains(r#"<a href="/pilisszentlaszlo" rel="external">Pilisszentlászló"#));
        assert!(html.contains("2 találat"));

        let (_, html) = app.get_html("/?county=Baranya&q=komlo").await;
        assert!(html.contains(r#"<a href="/komlo" rel="external">Komló"#));
        assert!(!html.contains("Kömlő"), "Kömlő is in Heves, not Baranya");
        assert!(html.contains(r#"<option value="Baranya" selected"#));

        let (_, html) = app.get_html("/?county=Heves&q=komlo").await;
        assert!(html.contains(r#"<a href="/koemloe" rel="external">Kömlő"#));

        // Every county but Budapest: 19 counties plus the capital's districts ("főváros").
        assert_eq!(count(&html, "<option value=\""), 21);
        // By today's names: Csongrád county is Csongrád-Csanád since 2020.
        assert!(html.contains("<option value=\"Csongrád-Csanád\""), "{html}");
        let (_, html) = app
            .get_html("/?county=Csongr%C3%A1d-Csan%C3%A1d&q=szeged")
            .await;
        assert!(html.contains(">Szeged<"), "{html}");
    }
);

both_backends!(
    async fn municipality_page_shows_facts_and_joint_office(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, html) = app.get_html("/szentendre").await;
        assert_eq!(status, 200);
        assert!(html.contains("<h1>Szentendre"));
        assert!(html.contains("<title>Szentendre – openasp</title>"));
        assert!(html.contains("Pest"));
        assert!(html.contains("2000"));
        assert!(
            html.contains("Szentendre Közös Önkormányzati Hivatal"),
            "seat of a joint office"
        );

        let (_, html) = app.get_html("/aba").await;
        assert!(html.contains("Önálló polgármesteri hivatal"));

        // Gulács belongs to the joint office seated in Tarpa and keeps a branch office.
        let (status, html) = app.get_html("/gulacs").await;
        assert_eq!(status, 200);
        assert!(html.contains("Tarpa Közös Önkormányzati Hivatal"));
        assert!(html.contains(r#"<a href="/tarpa">Tarpa"#));
        assert!(
            html.contains(r#"aria-current="page""#),
            "itself marked among the members"
        );
        assert!(html.contains("kirendeltség"));
        assert!(
            html.contains("4842"),
            "postal code from the corrected source row"
        );
    }
);

both_backends!(
    async fn unknown_pages_answer_404_with_a_clear_page(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, html) = app.get_html("/nincs-ilyen-telepules").await;
        assert_eq!(status, 404);
        assert!(html.contains("Az oldal nem található"));
        let (status, _) = app.get_html("/szentendre/nincs/ilyen").await;
        assert_eq!(status, 404);
    }
);

both_backends!(
    async fn server_function_errors_say_what_not_how(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app
            .client
            .post(app.url("/api/gazetteer/municipality"))
            .form(&[("slug", "nincs-ilyen")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 404);
        let body = response.text().await.unwrap();
        assert_eq!(body, r#""NotFound""#);

        let response = app
            .client
            .post(app.url("/api/gazetteer/municipality"))
            .form(&[("slug", "tarpa")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let detail: serde_json::Value = response.json().await.unwrap();
        assert_eq!(detail["name"], "Tarpa");
        assert!(detail["joint_office"]["members"].as_array().unwrap().len() > 1);
    }
);

both_backends!(
    async fn reference_data_loads_once(backend: Backend) {
        let mut app = spawn_app(backend).await;
        let config = app.config.clone();
        let data_dir = app.take_data_dir();
        app.stop().await.unwrap();

        // A second start on the same database neither fails nor duplicates anything.
        let again = spawn_app_with(config, data_dir).await;
        let (_, html) = again.get_html("/").await;
        assert!(html.contains("3178 találat"));
    }
);

both_backends!(
    async fn absurd_page_numbers_answer_an_empty_page(backend: Backend) {
        let app = spawn_app(backend).await;
        let (status, html) = app.get_html("/?page=18446744073709551615").await;
        assert_eq!(status, 200);
        assert_eq!(result_rows(&html), 0);
        assert!(html.contains("3178 találat"));
    }
);
