//! Platform plumbing: health check, request ids, language switch, graceful (and bounded) shutdown.
use crate::both_backends;
use crate::support::spawn_app;

both_backends!(
    async fn health_check_reports_the_database(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/healthz").await;
        assert_eq!(response.status().as_u16(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["database"], "ok");

        // With the database gone the check must fail, not pretend.
        app.db.clone().close().await.unwrap();
        let response = app.get("/healthz").await;
        assert_eq!(response.status().as_u16(), 503);
    }
);

both_backends!(
    async fn every_response_carries_a_request_id(backend: Backend) {
        let app = spawn_app(backend).await;
        let first = app.get("/healthz").await;
        let second = app.get("/").await;
        let id = |r: &reqwest::Response| {
            r.headers()
                .get("x-request-id")
                .expect("x-request-id header")
                .to_str()
                .unwrap()
                .to_owned()
        };
        let (a, b) = (id(&first), id(&second));
        assert_eq!(a.len(), 36, "a UUID");
        assert_ne!(a, b);
    }
);

both_backends!(
    async fn language_switch_sets_cookie_and_returns(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/lang/en?next=%2Fszentendre%3Fa%3D1").await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/szentendre?a=1");
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("lang=en;"));
        assert!(cookie.contains("SameSite=Lax"));

        // The client keeps the cookie: pages now come in English.
        let (_, html) = app.get_html("/").await;
        assert!(html.contains(r#"<html lang="en">"#));
        assert!(html.contains("<h1>Municipalities"));
        assert!(html.contains("3178 results"));

        // Off-site targets are never followed, unknown languages refused.
        let response = app.get("/lang/hu?next=https%3A%2F%2Fevil.example").await;
        assert_eq!(response.headers()["location"], "/");
        let response = app.get("/lang/xx").await;
        assert_eq!(response.status().as_u16(), 400);
        let (_, html) = app.get_html("/").await;
        assert!(html.contains(r#"<html lang="hu">"#));
    }
);

both_backends!(
    async fn static_assets_are_served_compressed(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app
            .client
            .get(app.url("/favicon.svg"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
    }
);

both_backends!(
    async fn shutdown_finishes_cleanly(backend: Backend) {
        let app = spawn_app(backend).await;
        let address = app.address.clone();
        app.stop().await.expect("graceful shutdown returns Ok");
        let refused = reqwest::get(format!("{address}/healthz")).await;
        assert!(refused.is_err(), "no longer listening");
    }
);

both_backends!(
    async fn a_request_that_never_ends_does_not_hold_the_shutdown(backend: Backend) {
        use tokio::io::AsyncWriteExt;
        let app = spawn_app(backend).await;
        // A client announces a large upload, sends its first bytes and then nothing more.
        let mut stalled = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://"))
            .await
            .unwrap();
        stalled
            .write_all(
                b"POST /godollo/ugyintezes/urlap HTTP/1.1\r\nHost: localhost\r\n\
                  Content-Type: multipart/form-data; boundary=b\r\n\
                  Content-Length: 1000000\r\n\r\n--b\r\n",
            )
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let limit = openasp_server::startup::SHUTDOWN_GRACE + std::time::Duration::from_secs(15);
        let stopped = tokio::time::timeout(limit, app.stop()).await;
        assert!(
            matches!(stopped, Ok(Ok(()))),
            "the server stops within its grace period although a request is still open"
        );
        drop(stalled);
    }
);

both_backends!(
    async fn request_ids_are_the_servers_own(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app
            .client
            .get(app.url("/healthz"))
            .header("x-request-id", "forged-reference")
            .send()
            .await
            .unwrap();
        let id = response.headers()["x-request-id"].to_str().unwrap();
        assert_ne!(id, "forged-reference");
        assert_eq!(id.len(), 36);
    }
);

/// Opens a connection and sends `start` of a request, then nothing more; answers how long the
/// server took to answer or close, and what it sent.
async fn stall_after(app: &crate::support::TestApp, start: &[u8]) -> (std::time::Duration, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(start).await.unwrap();
    let began = std::time::Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(90),
        stream.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the server still waits after 90 s");
    (
        began.elapsed(),
        String::from_utf8_lossy(&answer).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_sent_too_slowly_close_the_connection() {
    crate::support::within_time_limit(async {
        let app = spawn_app(crate::support::Backend::Sqlite).await;
        let (waited, _) = stall_after(&app, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n").await;
        let limit = openasp_server::serve::HEADER_READ_TIMEOUT;
        assert!(
            waited >= limit - std::time::Duration::from_secs(1)
                && waited <= limit + std::time::Duration::from_secs(15),
            "closed after {waited:?}"
        );
        app.stop().await.unwrap();
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_sent_too_slowly_is_cut_off() {
    crate::support::within_time_limit(async {
        let app = spawn_app(crate::support::Backend::Sqlite).await;
        let (waited, answer) = stall_after(
            &app,
            b"POST /godollo/ugyintezes/urlap HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: multipart/form-data; boundary=b\r\n\
              Content-Length: 1000000\r\n\r\n--b\r\n",
        )
        .await;
        let limit = openasp_server::routes::BODY_IDLE_TIMEOUT;
        assert!(
            waited >= limit - std::time::Duration::from_secs(1)
                && waited <= limit + std::time::Duration::from_secs(15),
            "answered after {waited:?}: {answer}"
        );
        app.stop().await.unwrap();
    })
    .await
}

both_backends!(
    async fn clerk_pages_run_only_their_own_scripts(backend: Backend) {
        let app = spawn_app(backend).await;
        for path in ["/ugyintezo", "/belepes"] {
            let response = app.get(path).await;
            let headers = response.headers().clone();
            let body = response.text().await.unwrap();
            let policy = headers["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            let nonce = policy
                .split("'nonce-")
                .nth(1)
                .and_then(|rest| rest.split('\'').next())
                .unwrap_or_else(|| panic!("{path}: no nonce in {policy}"));
            assert!(nonce.len() >= 16, "{nonce}");
            for directive in [
                "object-src 'none'",
                "frame-ancestors 'none'",
                "base-uri 'self'",
            ] {
                assert!(policy.contains(directive), "{path}: {policy}");
            }
            assert!(!policy.contains("script-src 'unsafe-inline'"), "{policy}");
            // Every script of the page carries this response's nonce.
            let scripts = body.matches("<script").count();
            assert!(scripts > 0, "{path}: {body}");
            assert_eq!(
                body.matches(&format!("nonce=\"{nonce}\"")).count(),
                scripts,
                "{path}: {body}"
            );
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(headers["referrer-policy"], "same-origin");
        }
        // Another response, another nonce.
        let first = app.get("/belepes").await.headers()["content-security-policy"].clone();
        let second = app.get("/belepes").await.headers()["content-security-policy"].clone();
        assert_ne!(first, second);
        app.stop().await.unwrap();
    }
);

both_backends!(
    async fn arguments_that_do_not_decode_answer_400(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.login("godollo.admin").await;
        let iktato = app.login("godollo.iktato").await;
        // Not a number, overflowing, negative where unsigned, empty, missing.
        for page in ["abc", "99999999999999999999999", "-1", ""] {
            admin
                .call("members/list", &[("q", ""), ("page", page)])
                .await
                .refused(400, serde_json::json!("BadRequest"));
        }
        admin
            .call("members/list", &[("q", "")])
            .await
            .refused(400, serde_json::json!("BadRequest"));
        for case_file in ["abc", "1e3", "99999999999999999999999"] {
            iktato
                .call(
                    "records/flow/assign-case",
                    &[
                        ("case_file", case_file),
                        ("unit", ""),
                        ("handler", ""),
                        ("category", ""),
                        ("deadline", ""),
                    ],
                )
                .await
                .refused(400, serde_json::json!("BadRequest"));
        }
        // The same call, well formed, is answered by the function itself.
        admin
            .call("members/list", &[("q", ""), ("page", "1")])
            .await
            .ok();
        app.stop().await.unwrap();
    }
);
