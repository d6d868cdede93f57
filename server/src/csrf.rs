//! Cross-site request forgery protection for every state-changing request, server functions
//! included: the browser must say the request comes from this site.
//!
//! Browsers send `Origin` on every cross-site POST, and `Sec-Fetch-Site` on every request;
//! neither can be forged by a page on another site. A request that changes state passes if
//! its `Origin` names this host, or (no `Origin`) its `Sec-Fetch-Site` is `same-origin` or
//! `none` (typed by the user). A request with neither header is not from a browser: it may
//! pass only without cookies, so it cannot ride on anyone's session. With SameSite=Lax
//! session cookies this is a second, independent layer.
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub fn is_allowed(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .map(|(_, rest)| rest.trim_end_matches('/'));
        return matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h));
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin") | Ok("none"));
    }
    !headers.contains_key(header::COOKIE)
}

pub async fn protect(request: Request, next: Next) -> Response {
    if is_allowed(request.method(), request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    #[test]
    fn reads_always_pass() {
        assert!(is_allowed(
            &Method::GET,
            &headers(&[("origin", "https://evil.example"), ("cookie", "a=b")])
        ));
    }

    #[test]
    fn same_origin_posts_pass_and_cross_site_posts_fail() {
        let host = ("host", "asp.example.hu");
        assert!(is_allowed(
            &Method::POST,
            &headers(&[host, ("origin", "https://asp.example.hu")])
        ));
        assert!(!is_allowed(
            &Method::POST,
            &headers(&[host, ("origin", "https://evil.example")])
        ));
        assert!(!is_allowed(
            &Method::POST,
            &headers(&[host, ("origin", "null"), ("cookie", "s=1")])
        ));
        assert!(is_allowed(
            &Method::POST,
            &headers(&[host, ("sec-fetch-site", "same-origin"), ("cookie", "s=1")])
        ));
        assert!(!is_allowed(
            &Method::POST,
            &headers(&[host, ("sec-fetch-site", "cross-site"), ("cookie", "s=1")])
        ));
    }

    #[test]
    fn headerless_requests_pass_only_without_cookies() {
        assert!(is_allowed(&Method::POST, &headers(&[("host", "x")])));
        assert!(!is_allowed(
            &Method::POST,
            &headers(&[("host", "x"), ("cookie", "openasp_session=t")])
        ));
    }
}
