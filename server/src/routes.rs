//! The HTTP surface: Leptos pages and server functions, static assets, health check, the
//! language switch, and the middleware every request passes (request id, tracing).
use std::path::Path;

use axum::extract::{Path as UrlPath, Query, State};
use axum::handler::Handler;
use axum::http::{HeaderName, HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use openasp_app::{App, shell};
use openasp_ui::i18n::Lang;
use openasp_ui::server_context::ServerContext;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::error::HttpError;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// State of the plain Axum handlers.
#[derive(Clone)]
pub struct HttpState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub website: openasp_app::website::WebsiteState,
    pub secure_cookies: bool,
    /// Citizens' uploads being read now ([`crate::eforms_routes::MAX_CONCURRENT_UPLOADS`]).
    pub uploads: std::sync::Arc<tokio::sync::Semaphore>,
}

impl axum::extract::FromRef<HttpState> for LeptosOptions {
    fn from_ref(state: &HttpState) -> Self {
        state.leptos_options.clone()
    }
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("openasp")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build()
}

pub fn router(config: &Config, db: DatabaseConnection) -> Router {
    let leptos_options = leptos_options(config);
    let website = openasp_app::website::WebsiteState {
        cache: Default::default(),
        platform_hosts: std::sync::Arc::new(
            config
                .platform_hosts
                .iter()
                .filter_map(|h| openasp_app::website::domain::normalize_host(h))
                .collect(),
        ),
        data_dir: config.data_dir.clone(),
    };
    let state = HttpState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        website: website.clone(),
        secure_cookies: config.cookies_secure(),
        uploads: std::sync::Arc::new(tokio::sync::Semaphore::new(
            crate::eforms_routes::MAX_CONCURRENT_UPLOADS,
        )),
    };
    let records_files = crate::records_files::router(db.clone(), &config.data_dir);
    let context = ServerContext {
        db,
        secure_cookies: config.cookies_secure(),
    };
    // Each system's own server state is a context of its own.
    let website_context = website;
    let secure_cookies = config.cookies_secure();
    // One per running application: counts failed sign-ins per address and account.
    let sign_in_throttle =
        std::sync::Arc::new(openasp_app::framework::throttle::SignInThrottle::default());
    let pkg_dir = Path::new(&config.site_root).join("pkg");

    // The plain routes: each module's table, and nothing besides (see `plain_routes`).
    build(platform_routes())
        .merge(build(crate::records_archive::routes()))
        .merge(build(crate::website::routes()))
        .merge(records_files)
        .merge(crate::eforms_clerk_routes::router(state.db.clone()))
        .nest_service(
            CITIZEN_PREFIX,
            crate::citizen_routes::router(config, state.db.clone()),
        )
        .leptos_routes_with_context(
            &state,
            route_list(),
            move || {
                provide_context(context.clone());
                provide_context(website_context.clone());
                provide_context(sign_in_throttle.clone());
                protect_rendered_page(secure_cookies);
            },
            move || shell(leptos_options.clone()),
        )
        .nest_service(
            "/pkg",
            ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=300"),
                ))
                .service(
                    ServeDir::new(pkg_dir)
                        .precompressed_gzip()
                        .precompressed_br(),
                ),
        )
        .fallback(leptos_axum::file_and_error_handler::<HttpState, _>(shell))
        // Municipal websites are answered before the application's routes (plain HTML).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::website::route,
        ))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                // The id is ours to give: one sent by the client would flow into logs, error
                // references and the audit chain.
                .layer(axum::middleware::from_fn(drop_client_request_id))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                        let request_id = request
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            method = %request.method(),
                            path = %request.uri().path(),
                            request_id = %request_id,
                        )
                    }),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(axum::middleware::from_fn(bound_body_idle_time))
                .layer(axum::middleware::from_fn(record_peer_address))
                .layer(axum::middleware::from_fn(crate::csrf::protect))
                .layer(axum::middleware::from_fn(server_fn_error_status)),
        )
}

/// The application's page routes, listed once per process.
///
/// Listing them runs the whole app once with resource loading suppressed by a
/// process-global flag (leptos_server's `SuppressResourceLoad`): a page of another
/// application in the same process (the integration tests run many) whose resource first
/// polls in that window would wait forever (leptos-rs/leptos#4773). Listed once, before any
/// application serves, the window never meets a render.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The content security policy of the clerk application's pages. Scripts run only with this
/// response's nonce (Leptos puts it on its hydration scripts; `strict-dynamic` lets them load
/// the bundle), WebAssembly may compile, and nothing may frame the application.
fn clerk_content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Sets the security headers of a page the application renders (called in each render's
/// context, where the response's nonce is known).
fn protect_rendered_page(secure_cookies: bool) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if let Some(nonce) = leptos::nonce::use_nonce()
        && let Ok(policy) = HeaderValue::from_str(&clerk_content_security_policy(&nonce))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, policy);
    }
    response.insert_header(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response.insert_header(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if secure_cookies {
        // Served over HTTPS (secure cookies say so): browsers keep to HTTPS for a year.
        response.insert_header(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

/// How long a request body may go without sending anything before the request is cut off
/// (a body sent a byte at a time would otherwise hold its handler, and its memory, forever).
pub const BODY_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

async fn bound_body_idle_time(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let request = request.map(|body| {
        axum::body::Body::new(tower_http::timeout::TimeoutBody::new(
            BODY_IDLE_TIMEOUT,
            body,
        ))
    });
    next.run(request).await
}

async fn drop_client_request_id(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    request.headers_mut().remove(REQUEST_ID);
    next.run(request).await
}

/// Puts the peer's address into a request header that only the server sets (any incoming
/// copy is replaced), so every layer, page render included, can record where a request
/// came from.
async fn record_peer_address(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string());
    request
        .headers_mut()
        .remove(openasp_app::framework::tenancy::PEER_ADDRESS_HEADER);
    if let Some(value) = peer.and_then(|p| HeaderValue::from_str(&p).ok()) {
        request
            .headers_mut()
            .insert(openasp_app::framework::tenancy::PEER_ADDRESS_HEADER, value);
    }
    next.run(request).await
}

/// Server functions answer errors with status 500; this maps each `AppError` to its own
/// status (401, 403, 404, 422, 429 …) in one place, so clients and logs can tell them apart.
async fn server_fn_error_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<openasp_core::error::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status_code())
    {
        parts.status = status;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// One plain Axum route (neither a Leptos page nor a server function): its path pattern, its
/// method and its handler. Each module lists its plain routes in one table and builds its
/// router from that table alone ([`build`]), so [`plain_routes`] names every one of them (the
/// isolation tests classify and sweep them all).
pub struct PlainRoute<S> {
    pub path: &'static str,
    pub method: Method,
    handler: MethodRouter<S>,
}

impl<S: Clone + Send + Sync + 'static> PlainRoute<S> {
    /// `GET path` (HEAD too, as Axum answers it for every GET).
    pub fn get<H, T>(path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        PlainRoute {
            path,
            method: Method::GET,
            handler: axum::routing::get(handler),
        }
    }

    /// `POST path`.
    pub fn post<H, T>(path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        PlainRoute {
            path,
            method: Method::POST,
            handler: axum::routing::post(handler),
        }
    }

    /// The same route with its request body limited to `limit` bytes ([`crate::upload_limit`]).
    pub fn limited(self, limit: usize) -> Self {
        PlainRoute {
            handler: crate::upload_limit::limited(self.handler, limit),
            ..self
        }
    }
}

/// A router of exactly these routes (two methods of one path share its entry).
pub fn build<S: Clone + Send + Sync + 'static>(routes: Vec<PlainRoute<S>>) -> Router<S> {
    routes.into_iter().fold(Router::new(), |router, route| {
        router.route(route.path, route.handler)
    })
}

/// Where the citizen's sign-in routes ([`crate::citizen_routes`]) are nested.
pub const CITIZEN_PREFIX: &str = "/azonositas";

/// The platform's own plain routes.
fn platform_routes() -> Vec<PlainRoute<HttpState>> {
    vec![
        PlainRoute::get("/healthz", healthz),
        PlainRoute::get("/lang/{code}", switch_language),
        PlainRoute::get("/favicon.svg", favicon),
    ]
}

/// Every plain route the router answers (full path, nest prefix included, and method): the
/// tables `router` builds from, in the same order. Leptos pages, server functions, the static
/// `/pkg` files, the fallback and the municipal websites' middleware are not among them.
pub fn plain_routes() -> Vec<(String, Method)> {
    fn listed<S>(prefix: &str, routes: Vec<PlainRoute<S>>) -> Vec<(String, Method)> {
        routes
            .into_iter()
            .map(|route| (format!("{prefix}{}", route.path), route.method))
            .collect()
    }
    [
        listed("", platform_routes()),
        listed("", crate::records_archive::routes()),
        listed("", crate::website::routes()),
        listed("", crate::records_files::routes()),
        listed("", crate::eforms_clerk_routes::routes()),
        listed(CITIZEN_PREFIX, crate::citizen_routes::routes()),
    ]
    .concat()
}

/// Every registered server function (path, method): the isolation tests sweep them all.
pub fn registered_server_functions() -> Vec<(String, String)> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_owned(), method.to_string()))
        .collect()
}

/// Liveness and readiness: answers 200 only when the database answers.
async fn healthz(State(state): State<HttpState>) -> Result<impl IntoResponse, HttpError> {
    state
        .db
        .ping()
        .await
        .map_err(HttpError::DatabaseUnavailable)?;
    Ok(Json(
        serde_json::json!({ "status": "ok", "database": "ok" }),
    ))
}

#[derive(Deserialize)]
struct LanguageSwitch {
    next: Option<String>,
}

/// Sets the interface language cookie and returns to the page the user came from.
async fn switch_language(
    UrlPath(code): UrlPath<String>,
    Query(query): Query<LanguageSwitch>,
) -> Result<Response, HttpError> {
    let lang = Lang::from_code(&code).ok_or(HttpError::BadRequest("unknown language"))?;
    let next = safe_local_path(query.next.as_deref().unwrap_or("/"));
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        Lang::COOKIE,
        lang.code()
    );
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, next), (header::SET_COOKIE, cookie)],
    )
        .into_response())
}

/// Keeps redirects on this site: only absolute local paths pass, anything else goes home.
pub fn safe_local_path(next: &str) -> String {
    let is_local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if is_local {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../style/favicon.svg"),
    )
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn redirects_stay_on_site() {
        assert_eq!(safe_local_path("/szentendre?q=1"), "/szentendre?q=1");
        assert_eq!(safe_local_path("//evil.example"), "/");
        assert_eq!(safe_local_path("https://evil.example"), "/");
        assert_eq!(safe_local_path("/\\evil.example"), "/");
        assert_eq!(safe_local_path("/a\r\nSet-Cookie: x=1"), "/");
    }
}
