//! The citizen's sign-in over OpenID Connect (`/azonositas/…`), as plain server-rendered pages
//! and redirects so that it works without JavaScript:
//! - `GET /azonositas/belepes?vissza=/path` starts a sign-in at the identity provider;
//! - `GET /azonositas/belepes/vissza` is where the provider sends the citizen back;
//! - `GET|POST /azonositas/feltetelek` shows and accepts the terms on a first sign-in;
//! - `POST /azonositas/kilepes` signs out.
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use openasp_app::citizen::oidc::{self, OidcSettings, Outcome};
use openasp_app::citizen::session;
use openasp_app::framework::tenancy::{PEER_ADDRESS_HEADER, RequestMeta};
use sea_orm::DatabaseConnection;
use serde::Deserialize;

use crate::config::Config;
use crate::routes::{PlainRoute, build};

#[derive(Clone)]
pub(crate) struct CitizenState {
    db: DatabaseConnection,
    settings: Option<OidcSettings>,
    secure_cookies: bool,
}

pub fn router(config: &Config, db: DatabaseConnection) -> Router {
    let settings = config.oidc_issuer.as_ref().map(|issuer| OidcSettings {
        issuer: issuer.clone(),
        client_id: config.oidc_client_id.clone(),
        client_secret: config.oidc_client_secret.clone(),
        redirect_url: config.oidc_redirect_url.clone().unwrap_or_default(),
    });
    build(routes()).with_state(CitizenState {
        db,
        settings,
        secure_cookies: config.cookies_secure(),
    })
}

/// The routes of this module, relative to where they are nested
/// ([`crate::routes::CITIZEN_PREFIX`]).
pub(crate) fn routes() -> Vec<PlainRoute<CitizenState>> {
    vec![
        PlainRoute::get("/belepes", start),
        PlainRoute::get("/belepes/vissza", callback),
        PlainRoute::get("/feltetelek", terms),
        PlainRoute::post("/feltetelek", accept),
        PlainRoute::post("/kilepes", sign_out),
    ]
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

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"hu\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – openasp</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/pkg/openasp.css\"></head>\
         <body><main id=\"main\" class=\"container\"><h1>{title}</h1>{body}</main></body></html>",
        title = escape(title)
    );
    (status, Html(html)).into_response()
}

fn refused() -> Response {
    page(
        StatusCode::UNAUTHORIZED,
        "A belépés nem sikerült",
        "<p>A központi azonosítás válaszát nem tudtuk elfogadni. \
         <a href=\"/azonositas/belepes\">Próbálja újra</a>.</p>",
    )
}

fn unavailable() -> Response {
    page(
        StatusCode::SERVICE_UNAVAILABLE,
        "A belépés most nem érhető el",
        "<p>A központi azonosítás nincs beállítva vagy nem érhető el.</p>",
    )
}

fn redirect_with_cookie(to: &str, cookie: Option<String>) -> Response {
    redirect_with_cookies(to, cookie.into_iter())
}

fn redirect_with_cookies(to: &str, cookies: impl Iterator<Item = String>) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response();
    for cookie in cookies.filter_map(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// Binds a sign-in to the browser that started it: the provider's answer and the terms
/// step are accepted only from a browser holding the same state in this cookie, so nobody
/// can sign a victim in as themselves by sending them a callback link (login CSRF).
const LOGIN_COOKIE: &str = "openasp_login";
/// As long as a sign-in may take ([`oidc`]'s own limit is the same).
const LOGIN_COOKIE_SECONDS: i64 = oidc::LOGIN_MINUTES * 60;

fn login_cookie(state: &str, secure: bool) -> String {
    // Lax: the provider's redirect back is a top-level GET, which Lax cookies accompany.
    format!(
        "{LOGIN_COOKIE}={state}; Path=/azonositas; HttpOnly; SameSite=Lax; Max-Age={LOGIN_COOKIE_SECONDS}{}",
        if secure { "; Secure" } else { "" }
    )
}

fn clearing_login_cookie(secure: bool) -> String {
    format!(
        "{LOGIN_COOKIE}=; Path=/azonositas; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Whether this browser started the sign-in named by `state`.
fn started_here(headers: &HeaderMap, state: &str) -> bool {
    let held = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == LOGIN_COOKIE)
        .map(|(_, value)| value.trim());
    match held {
        Some(held) if !held.is_empty() && held.len() == state.len() => {
            // Compared in constant time: the state is a secret of this browser.
            held.bytes()
                .zip(state.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
        }
        _ => false,
    }
}

#[derive(Deserialize)]
struct StartQuery {
    #[serde(default)]
    vissza: String,
}

async fn start(State(state): State<CitizenState>, Query(query): Query<StartQuery>) -> Response {
    let Some(settings) = &state.settings else {
        return unavailable();
    };
    match oidc::start(&state.db, settings, &query.vissza).await {
        Ok(started) => redirect_with_cookie(
            &started.url,
            Some(login_cookie(&started.state, state.secure_cookies)),
        ),
        Err(_) => unavailable(),
    }
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
}

async fn callback(
    State(state): State<CitizenState>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let Some(settings) = &state.settings else {
        return unavailable();
    };
    let (Some(code), Some(login_state)) = (query.code, query.state) else {
        return refused();
    };
    // Before anything is looked up or used up: a callback in another browser is refused.
    if !started_here(&headers, &login_state) {
        return refused();
    }
    match oidc::finish(&state.db, settings, &login_state, &code, meta(&headers)).await {
        Ok(Outcome::SignedIn { token, return_to }) => redirect_with_cookies(
            &return_to,
            [
                session::citizen_cookie(&token, state.secure_cookies),
                clearing_login_cookie(state.secure_cookies),
            ]
            .into_iter(),
        ),
        Ok(Outcome::NeedsTerms { state: pending }) => {
            redirect_with_cookie(&format!("/azonositas/feltetelek?allapot={pending}"), None)
        }
        Err(openasp_core::error::AppError::SignInFailed) => refused(),
        Err(_) => unavailable(),
    }
}

#[derive(Deserialize)]
struct TermsQuery {
    #[serde(default)]
    allapot: String,
}

async fn terms(
    State(state): State<CitizenState>,
    headers: HeaderMap,
    Query(query): Query<TermsQuery>,
) -> Response {
    if !started_here(&headers, &query.allapot) {
        return refused();
    }
    let Ok(identity) = oidc::identity_awaiting_terms(&state.db, &query.allapot).await else {
        return refused();
    };
    let body = format!(
        "<p>Üdvözöljük, {family} {given}! Első belépéskor fogadja el az e-ügyintézés \
         felhasználási feltételeit.</p>\
         <ul><li>A beküldött űrlapokat az önkormányzat iktatja és ügyintézője kezeli.</li>\
         <li>Személyes adatait (név, születési név, anyja neve, születési hely és idő) a központi \
         azonosítás adja át; ezeket ügyei intézéséhez használjuk.</li></ul>\
         <form method=\"post\" action=\"/azonositas/feltetelek\">\
         <input type=\"hidden\" name=\"allapot\" value=\"{state}\">\
         <div class=\"field\"><input type=\"checkbox\" id=\"elfogad\" name=\"elfogad\" value=\"igen\" required> \
         <label for=\"elfogad\">Elolvastam és elfogadom a felhasználási feltételeket</label></div>\
         <button type=\"submit\" class=\"button\">Elfogadom és belépek</button></form>",
        family = escape(&identity.family_name),
        given = escape(&identity.given_name),
        state = escape(&query.allapot),
    );
    page(StatusCode::OK, "Felhasználási feltételek", &body)
}

#[derive(Deserialize)]
struct AcceptForm {
    allapot: String,
    #[serde(default)]
    elfogad: String,
}

async fn accept(
    State(state): State<CitizenState>,
    headers: HeaderMap,
    Form(form): Form<AcceptForm>,
) -> Response {
    if !started_here(&headers, &form.allapot) {
        return refused();
    }
    if form.elfogad != "igen" {
        return redirect_with_cookie(
            &format!("/azonositas/feltetelek?allapot={}", form.allapot),
            None,
        );
    }
    match oidc::accept_terms(&state.db, &form.allapot, meta(&headers)).await {
        Ok((token, return_to)) => redirect_with_cookies(
            &return_to,
            [
                session::citizen_cookie(&token, state.secure_cookies),
                clearing_login_cookie(state.secure_cookies),
            ]
            .into_iter(),
        ),
        Err(_) => refused(),
    }
}

async fn sign_out(State(state): State<CitizenState>, headers: HeaderMap) -> Response {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::citizen_token_from_cookie_header);
    if let Some(token) = token {
        let _ = session::close_session(&state.db, &token).await;
    }
    redirect_with_cookie(
        "/",
        Some(session::clearing_citizen_cookie(state.secure_cookies)),
    )
}
