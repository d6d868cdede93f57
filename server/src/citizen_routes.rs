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
        secure_cookies: config.secure_cookies,
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
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response();
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
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
        Ok(url) => redirect_with_cookie(&url, None),
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
    match oidc::finish(&state.db, settings, &login_state, &code, meta(&headers)).await {
        Ok(Outcome::SignedIn { token, return_to }) => redirect_with_cookie(
            &return_to,
            Some(session::citizen_cookie(&token, state.secure_cookies)),
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

async fn terms(State(state): State<CitizenState>, Query(query): Query<TermsQuery>) -> Response {
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
    if form.elfogad != "igen" {
        return redirect_with_cookie(
            &format!("/azonositas/feltetelek?allapot={}", form.allapot),
            None,
        );
    }
    match oidc::accept_terms(&state.db, &form.allapot, meta(&headers)).await {
        Ok((token, return_to)) => redirect_with_cookie(
            &return_to,
            Some(session::citizen_cookie(&token, state.secure_cookies)),
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
