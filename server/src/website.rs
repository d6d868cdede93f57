//! The municipal websites on the HTTP surface: a middleware that answers every site page
//! (on a municipality's own host name, or at `/{slug}/…` on the platform's) before the Leptos
//! application sees the request, the editor's preview, and the high-contrast switch.
//!
//! Site pages are plain server-rendered HTML without the hydration bundle; see
//! `openasp_app::website::serve`.
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use openasp_app::error::AppError;
use openasp_app::website::serve::{self, CONTRAST_COOKIE, SiteRequest, Target};
use serde::Deserialize;

use crate::routes::HttpState;

fn into_axum(response: http::Response<Vec<u8>>) -> Response {
    response.map(Body::from)
}

/// Answers website pages; everything else passes on to the platform's routes.
pub async fn route(State(state): State<HttpState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let path = request.uri().path().to_owned();
    let target = serve::resolve(
        &state.db,
        &state.website.cache,
        &state.website.platform_hosts,
        host.as_deref(),
        &path,
    )
    .await;
    match target {
        Ok(Target::Platform) => next.run(request).await,
        Ok(Target::UnknownHost(host)) => into_axum(serve::unknown_host(&host)),
        Ok(Target::Site {
            municipality,
            slug,
            base,
            path,
        }) => {
            let query = request.uri().query().unwrap_or("").to_owned();
            let scheme = if state.secure_cookies {
                "https"
            } else {
                "http"
            };
            let site_request = SiteRequest {
                municipality,
                slug: &slug,
                base: &base,
                path: &path,
                query: &query,
                headers: request.headers(),
                scheme,
            };
            into_axum(serve::serve(&state.db, &state.website.cache, &site_request).await)
        }
        Err(error) => {
            tracing::error!(%error, "website routing failed");
            (StatusCode::SERVICE_UNAVAILABLE, "service unavailable").into_response()
        }
    }
}

/// The editor's preview of an item in any state (never cached, never indexed).
pub async fn preview(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match openasp_app::website::preview(&state.db, request.headers(), id).await {
        Ok(rendered) => {
            let mut response = Response::new(Body::from(rendered.body));
            *response.status_mut() =
                StatusCode::from_u16(rendered.status).unwrap_or(StatusCode::OK);
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(rendered.content_type),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
            response
        }
        Err(AppError::Unauthenticated) => Redirect::to("/belepes").into_response(),
        // Another municipality's item, no editor role, or no such item: all look alike.
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

#[derive(Deserialize)]
pub struct ContrastSwitch {
    next: Option<String>,
}

/// Switches the high-contrast view on or off (a cookie) and returns to the page.
pub async fn switch_contrast(Query(query): Query<ContrastSwitch>, request: Request) -> Response {
    let on = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .any(|pair| pair.trim() == format!("{CONTRAST_COOKIE}=high"));
    let cookie = if on {
        format!("{CONTRAST_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax")
    } else {
        format!("{CONTRAST_COOKIE}=high; Path=/; Max-Age=31536000; SameSite=Lax")
    };
    let next = crate::routes::safe_local_path(query.next.as_deref().unwrap_or("/"));
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, next), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}
