//! Citizen sign-in through the central authentication service over OpenID Connect:
//! authorization code flow with PKCE; the ID token is verified by the `openidconnect` crate
//! (signature against the provider's published keys, issuer, audience, nonce, expiry)
//! before anything of it is believed. A first sign-in creates the citizen's account only
//! after the terms are accepted.
use chrono::Duration;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::session::open_session;
use crate::db::{citizen, oidc_login};
use openasp_core::error::AppError;
use openasp_framework::audit::AuditEvent;
use openasp_framework::tenancy::{Actor, PlatformTx, RequestMeta, now};

/// How the portal reaches the identity provider (from configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_url: String,
}

/// A sign-in must come back within this long.
pub const LOGIN_MINUTES: i64 = 15;

/// The natural-person data the central service vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub family_name: String,
    pub given_name: String,
    pub birth_name: Option<String>,
    pub mother_birth_name: Option<String>,
    pub birth_place: Option<String>,
    pub birth_date: Option<String>,
}

/// Claims beyond the standard ones, read from the payload of an already verified ID token.
#[derive(Debug, Default, Deserialize)]
struct NaturalPersonClaims {
    birth_name: Option<String>,
    mother_birth_name: Option<String>,
    birth_place: Option<String>,
}

fn failed(reason: impl std::fmt::Display) -> AppError {
    tracing::warn!(%reason, "citizen sign-in refused");
    AppError::SignInFailed
}

fn http_client() -> Result<openidconnect::reqwest::Client, AppError> {
    // No redirects: the provider's endpoints are called exactly as published.
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(AppError::internal)
}

async fn metadata(
    settings: &OidcSettings,
    http: &openidconnect::reqwest::Client,
) -> Result<CoreProviderMetadata, AppError> {
    let issuer = IssuerUrl::new(settings.issuer.clone()).map_err(AppError::internal)?;
    CoreProviderMetadata::discover_async(issuer, http)
        .await
        .map_err(|e| AppError::internal(format!("OpenID discovery: {e}")))
}

/// A path on this site to return to after signing in (anything else goes to the start page).
///
/// Checked as a browser will read it: browsers drop tabs and line breaks from a URL and read
/// `\` as `/`, so `/\t/evil.example` or `/\\evil.example` would lead to another site
/// (`//evil.example`). Only visible ASCII without `\` is kept, and never a leading `//`.
pub fn safe_return_path(raw: &str) -> String {
    let path = raw.trim_matches(|c: char| c == ' ');
    let same_site_path = path.len() <= 500
        && path.starts_with('/')
        && !path.starts_with("//")
        && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if same_site_path {
        path.to_owned()
    } else {
        "/".to_owned()
    }
}

/// A sign-in under way: the provider's URL to send the citizen to, and the state that the
/// browser must present again at the callback (it is bound to the browser by a cookie).
#[derive(Debug, Clone)]
pub struct SignInStart {
    pub url: String,
    pub state: String,
}

/// Starts a sign-in: remembers state, PKCE verifier and nonce; answers the provider's URL.
pub async fn start(
    db: &DatabaseConnection,
    settings: &OidcSettings,
    return_to: &str,
) -> Result<SignInStart, AppError> {
    let http = http_client()?;
    let client = CoreClient::from_provider_metadata(
        metadata(settings, &http).await?,
        ClientId::new(settings.client_id.clone()),
        Some(ClientSecret::new(settings.client_secret.clone())),
    )
    .set_redirect_uri(RedirectUrl::new(settings.redirect_url.clone()).map_err(AppError::internal)?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".to_owned()))
        .set_pkce_challenge(challenge)
        .url();
    let at = now();
    oidc_login::Entity::delete_many()
        .filter(oidc_login::Column::CreatedAt.lt(at - Duration::minutes(LOGIN_MINUTES)))
        .exec(db)
        .await?;
    oidc_login::Entity::insert(oidc_login::ActiveModel {
        state: Set(state.secret().clone()),
        pkce_verifier: Set(verifier.secret().clone()),
        nonce: Set(nonce.secret().clone()),
        return_to: Set(safe_return_path(return_to)),
        created_at: Set(at),
        identity: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(SignInStart {
        url: url.to_string(),
        state: state.secret().clone(),
    })
}

/// What the provider's answer led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A known citizen: a session token for the cookie, and where to go.
    SignedIn { token: String, return_to: String },
    /// A first sign-in: the terms must be accepted (the state names the pending sign-in).
    NeedsTerms { state: String },
}

async fn pending(db: &DatabaseConnection, state: &str) -> Result<oidc_login::Model, AppError> {
    let row = oidc_login::Entity::find_by_id(state.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| failed("unknown state"))?;
    if row.created_at < now() - Duration::minutes(LOGIN_MINUTES) {
        return Err(failed("sign-in took too long"));
    }
    Ok(row)
}

/// Exchanges the code (with the PKCE verifier) and verifies the ID token.
pub async fn finish(
    db: &DatabaseConnection,
    settings: &OidcSettings,
    state: &str,
    code: &str,
    meta: RequestMeta,
) -> Result<Outcome, AppError> {
    let login = pending(db, state).await?;
    // One use only: a replayed answer finds nothing.
    oidc_login::Entity::delete_by_id(login.state.clone())
        .exec(db)
        .await?;
    let http = http_client()?;
    let client = CoreClient::from_provider_metadata(
        metadata(settings, &http).await?,
        ClientId::new(settings.client_id.clone()),
        Some(ClientSecret::new(settings.client_secret.clone())),
    )
    .set_redirect_uri(RedirectUrl::new(settings.redirect_url.clone()).map_err(AppError::internal)?);
    let response = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(AppError::internal)?
        .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier.clone()))
        .request_async(&http)
        .await
        .map_err(|e| failed(format!("token request: {e}")))?;
    let id_token = response.id_token().ok_or_else(|| failed("no ID token"))?;
    let claims = id_token
        .claims(
            &client.id_token_verifier(),
            &Nonce::new(login.nonce.clone()),
        )
        .map_err(|e| failed(format!("ID token: {e}")))?;
    let extra: NaturalPersonClaims = {
        use base64::Engine;
        let compact = id_token.to_string();
        let payload = compact.split('.').nth(1).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    };
    let name = |claim: Option<String>| claim.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let identity = Identity {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        family_name: name(
            claims
                .family_name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
        )
        .ok_or_else(|| failed("no family name"))?,
        given_name: name(
            claims
                .given_name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
        )
        .ok_or_else(|| failed("no given name"))?,
        birth_name: name(extra.birth_name),
        mother_birth_name: name(extra.mother_birth_name),
        birth_place: name(extra.birth_place),
        birth_date: name(claims.birthdate().map(|b| b.as_str().to_owned())),
    };
    let known = citizen::Entity::find()
        .filter(citizen::Column::Issuer.eq(identity.issuer.clone()))
        .filter(citizen::Column::Subject.eq(identity.subject.clone()))
        .one(db)
        .await?;
    match known {
        Some(person) => {
            let token = signed_in(db, person.id, &identity, meta, "citizen.login").await?;
            Ok(Outcome::SignedIn {
                token,
                return_to: login.return_to,
            })
        }
        None => {
            // Kept, verified, until the terms are accepted (or the sign-in times out).
            oidc_login::Entity::insert(oidc_login::ActiveModel {
                state: Set(login.state.clone()),
                pkce_verifier: Set(String::new()),
                nonce: Set(String::new()),
                return_to: Set(login.return_to.clone()),
                created_at: Set(now()),
                identity: Set(Some(
                    serde_json::to_string(&identity).map_err(AppError::internal)?,
                )),
            })
            .exec_without_returning(db)
            .await?;
            Ok(Outcome::NeedsTerms { state: login.state })
        }
    }
}

/// The verified identity of a first sign-in awaiting the terms.
pub async fn identity_awaiting_terms(
    db: &DatabaseConnection,
    state: &str,
) -> Result<Identity, AppError> {
    let row = pending(db, state).await?;
    let json = row.identity.ok_or_else(|| failed("no verified identity"))?;
    serde_json::from_str(&json).map_err(AppError::internal)
}

/// Accepting the terms creates the citizen's account and signs them in.
pub async fn accept_terms(
    db: &DatabaseConnection,
    state: &str,
    meta: RequestMeta,
) -> Result<(String, String), AppError> {
    let row = pending(db, state).await?;
    let identity: Identity = serde_json::from_str(
        row.identity
            .as_deref()
            .ok_or_else(|| failed("no verified identity"))?,
    )
    .map_err(AppError::internal)?;
    oidc_login::Entity::delete_by_id(row.state.clone())
        .exec(db)
        .await?;
    let id = super::directory::register(db, &identity).await?;
    let token = signed_in(db, id, &identity, meta, "citizen.register").await?;
    Ok((token, row.return_to))
}

/// Opens the session and records the sign-in in the platform's audit chain; the person's
/// data held is refreshed from what the central service says now.
async fn signed_in(
    db: &DatabaseConnection,
    citizen_id: i64,
    identity: &Identity,
    meta: RequestMeta,
    action: &str,
) -> Result<String, AppError> {
    let actor = Actor {
        user_id: None,
        name: format!(
            "állampolgár #{citizen_id}: {} {}",
            identity.family_name, identity.given_name
        ),
        meta,
    };
    let tx = PlatformTx::begin(db, actor).await?;
    citizen::Entity::update(citizen::ActiveModel {
        id: Set(citizen_id),
        family_name: Set(identity.family_name.clone()),
        given_name: Set(identity.given_name.clone()),
        birth_name: Set(identity.birth_name.clone()),
        mother_birth_name: Set(identity.mother_birth_name.clone()),
        birth_place: Set(identity.birth_place.clone()),
        birth_date: Set(identity.birth_date.clone()),
        last_login_at: Set(now()),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let token = open_session(tx.conn(), citizen_id).await?;
    tx.audit(AuditEvent::new(
        action,
        "citizen",
        Some(citizen_id.to_string()),
        identity.issuer.clone(),
    ))
    .await?;
    tx.commit().await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(
            safe_return_path("/godollo/ugyintezes"),
            "/godollo/ugyintezes"
        );
        assert_eq!(safe_return_path("//evil.example/x"), "/");
        assert_eq!(safe_return_path("https://evil.example/"), "/");
        assert_eq!(safe_return_path("/\\evil.example"), "/");
        assert_eq!(
            safe_return_path("/godollo/ugyintezes/e_papir?oldal=2#kerdes"),
            "/godollo/ugyintezes/e_papir?oldal=2#kerdes"
        );
        assert_eq!(safe_return_path(" /godollo "), "/godollo");
    }

    /// Each of these is read by a browser as a link to another site (or as a script).
    #[test]
    fn hostile_return_paths_lead_home() {
        for hostile in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            "/\u{b}/evil.example",
            "/\u{c}/evil.example",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{3000}/evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "/%09/x\t",
            "///evil.example",
            "https:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            &format!("/{}", "a".repeat(600)),
        ] {
            assert_eq!(safe_return_path(hostile), "/", "{hostile:?}");
        }
        // Percent-escapes stay escapes: the browser keeps `%09` in the path, on this site.
        assert_eq!(safe_return_path("/%09/evil.example"), "/%09/evil.example");
    }
}
