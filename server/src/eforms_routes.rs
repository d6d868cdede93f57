//! The citizen's e-forms journey on the HTTP surface: `/{slug}/ugyintezes/…` (or
//! `/ugyintezes/…` on a municipality's own host). The website middleware hands these requests
//! here; the work is `openasp_app::eforms::journey::flow`, this only reads cookies, forms and
//! uploads and writes the reply.
use std::convert::Infallible;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openasp_app::citizen::session;
use openasp_app::eforms::journey::flow::{
    self, JourneyRequest, PostedFile, Reply, guest_token_from_cookie_header,
};
use openasp_app::eforms::journey::input::Posted;
use openasp_app::framework::tenancy::{PEER_ADDRESS_HEADER, RequestMeta};
use openasp_core::ids::MunicipalityId;
use openasp_core::query::decode_query_value;
use tower::{Layer, ServiceExt};

use crate::routes::HttpState;

/// A signed-in citizen's posted page may carry files up to the form language's limit (a few
/// per page).
const MAX_POST_BYTES: usize = 60 * 1024 * 1024;
/// A guest sends answers only (files need signing in): a page of text is far below this.
const MAX_GUEST_POST_BYTES: usize = 1024 * 1024;
const MAX_TEXT_PARTS: usize = 5_000;
/// Uploads read at the same time, over all citizens: each may hold up to `MAX_POST_BYTES`
/// in memory, so their number bounds the memory uploads can take. One more is told to try
/// again rather than queued.
pub const MAX_CONCURRENT_UPLOADS: usize = 16;

/// The site a journey request belongs to.
pub struct Site {
    pub municipality: MunicipalityId,
    pub base: String,
    /// The path after `/ugyintezes`.
    pub rest: String,
}

fn meta(headers: &HeaderMap) -> RequestMeta {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    RequestMeta {
        ip: header(PEER_ADDRESS_HEADER),
        request_id: header("x-request-id"),
        user_agent: header("user-agent").map(|ua| ua.chars().take(300).collect()),
    }
}

fn cookie_values(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
}

fn into_response(reply: Reply) -> Response {
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(reply.content_type),
    );
    // Personal data: never cached by shared caches, not kept by the browser either.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if let Some(location) = reply.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        headers.insert(header::LOCATION, location);
    }
    for cookie in reply.set_cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    if let Some(name) = reply.file_name
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn failure(error: openasp_core::error::AppError) -> Response {
    tracing::error!(%error, "e-forms journey failed");
    let status = match error {
        openasp_core::error::AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!DOCTYPE html><html lang=\"hu\"><head><meta charset=\"utf-8\"><title>Hiba – E-ügyintézés</title>\
         <link rel=\"stylesheet\" href=\"/pkg/website.css\"></head><body><main class=\"wrap\">\
         <h1>A kérést most nem sikerült teljesíteni</h1><p>Kérjük, próbálja újra néhány perc \
         múlva. Kitöltött válaszai nem vesztek el.</p></main></body></html>",
    )
        .into_response()
}

/// Answers a journey request (GET, HEAD or POST).
pub async fn answer(state: HttpState, site: Site, request: Request) -> Response {
    let headers = request.headers().clone();
    let citizen_token = cookie_values(&headers).find_map(session::citizen_token_from_cookie_header);
    let guest_token = cookie_values(&headers).find_map(guest_token_from_cookie_header);
    let query = request.uri().query().unwrap_or("").to_owned();
    let journey = JourneyRequest {
        municipality: site.municipality,
        base: &site.base,
        path: &site.rest,
        query: &query,
        citizen_token,
        guest_token,
        meta: meta(&headers),
        secure_cookies: state.secure_cookies,
    };
    let method = request.method().clone();
    let result = if method == Method::GET || method == Method::HEAD {
        flow::get(&state.db, &journey).await
    } else if method == Method::POST {
        // Who is asking is decided before the body is read: only a signed-in citizen may
        // send files, and only they get the large limit.
        let signed_in = match &journey.citizen_token {
            Some(token) => matches!(session::resolve(&state.db, token).await, Ok(Some(_))),
            None => false,
        };
        let _upload = if signed_in && is_multipart(request.headers()) {
            match state.uploads.clone().try_acquire_owned() {
                Ok(permit) => Some(permit),
                Err(_) => return too_busy(),
            }
        } else {
            None
        };
        match read_post(request, signed_in).await {
            Ok((posted, files)) => flow::post(&state.db, &journey, posted, files).await,
            Err(response) => return response,
        }
    } else {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    match result {
        Ok(reply) => into_response(reply),
        Err(error) => failure(error),
    }
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

fn too_busy() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::RETRY_AFTER, "10"),
        ],
        "<!DOCTYPE html><html lang=\"hu\"><head><meta charset=\"utf-8\"><title>Sok a feltöltés – E-ügyintézés</title>\
         <link rel=\"stylesheet\" href=\"/pkg/website.css\"></head><body><main class=\"wrap\">\
         <h1>Most sokan töltenek fel egyszerre</h1><p>Kérjük, küldje el az oldalt újra néhány \
         másodperc múlva. Kitöltött válaszai nem vesztek el.</p></main></body></html>",
    )
        .into_response()
}

fn files_need_sign_in() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!DOCTYPE html><html lang=\"hu\"><head><meta charset=\"utf-8\"><title>Bejelentkezés szükséges – E-ügyintézés</title>\
         <link rel=\"stylesheet\" href=\"/pkg/website.css\"></head><body><main class=\"wrap\">\
         <h1>Fájl csatolásához jelentkezzen be</h1><p>Lépjen vissza az űrlapra, és a \
         Bejelentkezés hivatkozással lépjen be; válaszai megmaradnak.</p></main></body></html>",
    )
        .into_response()
}

/// Why a multipart body was not read to the end.
enum MultipartRefusal {
    Status(StatusCode),
    FilesNeedSignIn,
}

impl From<StatusCode> for MultipartRefusal {
    fn from(status: StatusCode) -> Self {
        MultipartRefusal::Status(status)
    }
}

impl IntoResponse for MultipartRefusal {
    fn into_response(self) -> Response {
        match self {
            MultipartRefusal::Status(status) => status.into_response(),
            MultipartRefusal::FilesNeedSignIn => files_need_sign_in(),
        }
    }
}

/// Reads a posted page: `application/x-www-form-urlencoded` or `multipart/form-data`.
async fn read_post(
    request: Request,
    signed_in: bool,
) -> Result<(Posted, Vec<PostedFile>), Response> {
    if is_multipart(request.headers()) {
        // The multipart extractor honours the body limit a layer sets (2 MB otherwise).
        // Over the limit the rest is drained before the answer (`upload_limit`).
        let limit = if signed_in {
            MAX_POST_BYTES
        } else {
            MAX_GUEST_POST_BYTES
        };
        let request = crate::upload_limit::cap_body(request, limit);
        let reader = DefaultBodyLimit::disable().layer(tower::service_fn(
            move |request: Request| async move {
                Ok::<_, Infallible>(read_multipart(request, signed_in).await)
            },
        ));
        match reader.oneshot(request).await {
            Ok(result) => result.map_err(IntoResponse::into_response),
            Err(never) => match never {},
        }
    } else {
        let bytes = axum::body::to_bytes(request.into_body(), 1024 * 1024)
            .await
            .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
        let text = String::from_utf8_lossy(&bytes);
        let pairs: Vec<(String, String)> = text
            .split('&')
            .filter(|pair| !pair.is_empty())
            .take(MAX_TEXT_PARTS)
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode_query_value(name), decode_query_value(value))
            })
            .collect();
        Ok((Posted::new(pairs), Vec::new()))
    }
}

async fn read_multipart(
    request: Request,
    files_allowed: bool,
) -> Result<(Posted, Vec<PostedFile>), MultipartRefusal> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    let mut pairs = Vec::new();
    let mut files = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE)?
    {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            // Refused on its headers: nothing of a guest's file is read.
            Some(_) if !files_allowed => return Err(MultipartRefusal::FilesNeedSignIn),
            Some(file_name) => {
                // Read piece by piece into one buffer (the body's cap bounds the total).
                let mut bytes = Vec::new();
                let mut field = field;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE)?
                {
                    bytes.extend_from_slice(&chunk);
                }
                if !bytes.is_empty() {
                    files.push(PostedFile {
                        field: name,
                        file_name,
                        bytes,
                    });
                }
            }
            None => {
                if pairs.len() >= MAX_TEXT_PARTS {
                    return Err(StatusCode::PAYLOAD_TOO_LARGE.into());
                }
                let value = field.text().await.map_err(|_| StatusCode::BAD_REQUEST)?;
                pairs.push((name, value));
            }
        }
    }
    Ok((Posted::new(pairs), files))
}
