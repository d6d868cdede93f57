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
use openasp_app::website::serve::{self, CONTRAST_COOKIE, SiteRequest, Target};
use openasp_core::error::AppError;
use serde::Deserialize;

use crate::routes::{HttpState, PlainRoute};

/// The website's plain routes on the platform (see [`crate::routes::plain_routes`]); the
/// sites themselves are answered by the [`route`] middleware.
pub fn routes() -> Vec<PlainRoute<HttpState>> {
    vec![
        PlainRoute::get("/kontraszt", switch_contrast),
        PlainRoute::get("/ugyintezo/honlap/elonezet/{id}", preview),
        PlainRoute::post("/ugyintezo/honlap/beallitasok/cimer", upload_logo)
            .limited(openasp_app::website::media::MAX_LOGO_BYTES + 64 * 1024),
        PlainRoute::post("/ugyintezo/honlap/{id}/fajl", upload)
            .limited(openasp_app::website::domain::MAX_DOCUMENT_BYTES + 64 * 1024),
    ]
}

fn into_axum(response: http::Response<Vec<u8>>) -> Response {
    response.map(Body::from)
}

/// Answers website pages; everything else passes on to the platform's routes.
pub async fn route(State(state): State<HttpState>, request: Request, next: Next) -> Response {
    let reads = request.method() == Method::GET || request.method() == Method::HEAD;
    // Only the e-forms journey takes posts on a site (`…/ugyintezes/…`).
    let journey_post =
        request.method() == Method::POST && request.uri().path().contains("/ugyintezes");
    if !reads && !journey_post {
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
            if let Some(rest) = journey_path(&path) {
                let site = crate::eforms_routes::Site {
                    municipality,
                    base,
                    rest: rest.to_owned(),
                };
                return crate::eforms_routes::answer(state, site, request).await;
            }
            if !reads {
                return next.run(request).await;
            }
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
                data_dir: &state.website.data_dir,
            };
            into_axum(serve::serve(&state.db, &state.website.cache, &site_request).await)
        }
        Err(error) => {
            tracing::error!(%error, "website routing failed");
            (StatusCode::SERVICE_UNAVAILABLE, "service unavailable").into_response()
        }
    }
}

/// The part after `/ugyintezes` of a site path that belongs to the e-forms journey.
fn journey_path(path: &str) -> Option<&str> {
    match path.strip_prefix("/ugyintezes") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => Some(rest),
        _ => None,
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
    let id = openasp_app::website::types::ItemId(id);
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

/// The signed-in user and the file of a multipart upload form (`file`, `alt`), read before
/// any transaction is opened (SQLite has one connection); or the answer to give instead.
async fn read_upload(
    state: &HttpState,
    request: Request,
    back: impl Fn(&str) -> Response,
) -> Result<
    (
        openasp_app::framework::session::Principal,
        openasp_app::website::media::Upload,
    ),
    Response,
> {
    use axum::extract::FromRequest;
    use openasp_app::framework::session::{SessionStage, resolve, token_from_cookie_header};
    use openasp_app::website::media::Upload;
    let token = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(token_from_cookie_header);
    let principal = match token {
        Some(token) => resolve(&state.db, &token, SessionStage::Active).await,
        None => Ok(None),
    };
    let principal = match principal {
        Ok(Some(principal)) => principal,
        Ok(None) => return Err(Redirect::to("/belepes").into_response()),
        Err(_) => return Err(StatusCode::SERVICE_UNAVAILABLE.into_response()),
    };
    let mut multipart = match axum::extract::Multipart::from_request(request, state).await {
        Ok(multipart) => multipart,
        Err(_) => return Err(back("hiba=fajl")),
    };
    let mut upload = Upload {
        file_name: String::new(),
        bytes: Vec::new(),
        alt: String::new(),
    };
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                if name == "file" {
                    upload.file_name = field.file_name().unwrap_or_default().to_owned();
                    match field.bytes().await {
                        Ok(bytes) => upload.bytes = bytes.to_vec(),
                        Err(_) => return Err(back("hiba=meret")),
                    }
                } else if name == "alt" {
                    upload.alt = field.text().await.unwrap_or_default();
                }
            }
            Ok(None) => break,
            Err(_) => return Err(back("hiba=meret")),
        }
    }
    Ok((principal, upload))
}

/// Attaches a file (a document's PDF, or an image with its alternative text) to an item:
/// a plain multipart form, so it works without JavaScript; answers by returning to the
/// item's page, with `?feltoltve=1` or `?hiba=…`.
pub async fn upload(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    use openasp_app::framework::tenancy::TenantTx;
    use openasp_app::website::media::{attach, prepare};
    let Ok(item_id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let back =
        |query: &str| Redirect::to(&format!("/ugyintezo/honlap/{item_id}?{query}")).into_response();
    let (principal, upload) = match read_upload(&state, request, back).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let answer = async {
        // Checked and resized (on a blocking thread) before the transaction opens.
        let prepared = prepare(upload, false).await?;
        let tx = TenantTx::begin(&state.db, &principal).await?;
        let municipality = tx.municipality();
        let item = openasp_app::website::types::ItemId(item_id);
        attach(&tx, &state.website.data_dir, item, prepared).await?;
        tx.commit().await?;
        Ok::<_, AppError>(municipality)
    }
    .await;
    match answer {
        Ok(municipality) => {
            state.website.cache.invalidate(municipality);
            back("feltoltve=1")
        }
        Err(AppError::Invalid(problems)) => back(&format!("hiba={}", upload_problem(&problems))),
        // Another municipality's item, no editor role, or no such item: all look alike.
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Sets the site's coat of arms (logo) from the settings page's multipart form; returns to
/// the settings with `?feltoltve=1` or `?hiba=…`.
pub async fn upload_logo(State(state): State<HttpState>, request: Request) -> Response {
    use openasp_app::framework::tenancy::TenantTx;
    use openasp_app::website::media::{MAX_LOGO_BYTES, prepare, set_logo};
    let back = |query: &str| {
        Redirect::to(&format!("/ugyintezo/honlap/beallitasok?{query}")).into_response()
    };
    let (principal, upload) = match read_upload(&state, request, back).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    if upload.bytes.len() > MAX_LOGO_BYTES {
        return back("hiba=meret");
    }
    let answer = async {
        let prepared = prepare(upload, true).await?;
        let tx = TenantTx::begin(&state.db, &principal).await?;
        let municipality = tx.municipality();
        set_logo(&tx, &state.website.data_dir, prepared).await?;
        tx.commit().await?;
        Ok::<_, AppError>(municipality)
    }
    .await;
    match answer {
        Ok(municipality) => {
            state.website.cache.invalidate(municipality);
            back("feltoltve=1")
        }
        Err(AppError::Invalid(problems)) => back(&format!("hiba={}", upload_problem(&problems))),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The `?hiba=` code of a refused upload.
fn upload_problem(problems: &[openasp_core::error::FieldProblem]) -> &'static str {
    use openasp_app::website::problems::WebsiteProblem;
    use openasp_core::error::Problem;
    match problems.first().map(|p| &p.problem) {
        Some(Problem::TooLong) => "meret",
        Some(problem) if problem.is(&WebsiteProblem::MissingAltText) => "alt",
        _ => "tipus",
    }
}
