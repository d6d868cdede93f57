//! Sessions: an opaque random token in an HttpOnly cookie, stored as its SHA-256 hash.
use std::collections::BTreeSet;

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use super::roles::PlatformRole;
use super::tenancy::{RequestMeta, now};
use crate::db::{app_user, platform_role_grant, user_session};
use openasp_core::error::AppError;
use openasp_core::ids::{MunicipalityId, UserId};

pub const SESSION_COOKIE: &str = "openasp_session";
/// A session ends after this long without use …
pub const IDLE_TIMEOUT_MINUTES: i64 = 30;
/// … and after this long in any case.
pub const ABSOLUTE_TIMEOUT_HOURS: i64 = 12;
/// `last_seen_at` is written at most this often, to keep reads from writing.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// Password accepted, the one-time code is still due.
    SecondFactor,
    Active,
}

impl SessionStage {
    pub fn code(self) -> &'static str {
        match self {
            SessionStage::SecondFactor => "second_factor",
            SessionStage::Active => "active",
        }
    }
}

/// The signed-in user of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub session_id: String,
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    /// The one municipality this session acts in (`None`: none chosen or none available).
    pub municipality: Option<MunicipalityId>,
    pub platform_roles: BTreeSet<PlatformRole>,
    pub totp_enabled: bool,
    /// Where this request came from (for the audit log).
    pub meta: RequestMeta,
}

/// A fresh session token and the id it is stored under.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let id = token_id(&token);
    (token, id)
}

pub fn token_id(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        ABSOLUTE_TIMEOUT_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The session token the browser sent, if any.
pub fn token_from_cookie_header(header: &str) -> Option<String> {
    header
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == SESSION_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty() && value.len() <= 100)
}

/// The token of the current request (inside a server function or page render).
pub fn current_token() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(token_from_cookie_header)
}

pub fn expiry(created_at: DateTime<Utc>, last_seen: DateTime<Utc>) -> DateTime<Utc> {
    (last_seen + Duration::minutes(IDLE_TIMEOUT_MINUTES))
        .min(created_at + Duration::hours(ABSOLUTE_TIMEOUT_HOURS))
}

/// Finds the session behind `token` in `stage`, extending its idle timeout.
pub async fn resolve<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    stage: SessionStage,
) -> Result<Option<Principal>, AppError> {
    let id = token_id(token);
    let Some(session) = user_session::Entity::find_by_id(id.clone())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = app_user::Entity::find_by_id(session.user_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let at = now();
    if session.stage != stage.code() || session.expires_at <= at || !user.is_active {
        return Ok(None);
    }
    if (at - session.last_seen_at).num_seconds() >= TOUCH_INTERVAL_SECONDS {
        user_session::Entity::update(user_session::ActiveModel {
            id: Set(session.id.clone()),
            last_seen_at: Set(at),
            expires_at: Set(expiry(session.created_at, at)),
            ..Default::default()
        })
        .exec(conn)
        .await?;
    }
    let platform_roles = platform_roles_of(conn, UserId(user.id)).await?;
    Ok(Some(Principal {
        session_id: id,
        user_id: UserId(user.id),
        username: user.username,
        display_name: user.display_name,
        municipality: session.municipality_id.map(MunicipalityId),
        platform_roles,
        totp_enabled: user.totp_enabled,
        meta: RequestMeta::default(),
    }))
}

pub async fn platform_roles_of<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
) -> Result<BTreeSet<PlatformRole>, AppError> {
    Ok(platform_role_grant::Entity::find()
        .filter(platform_role_grant::Column::UserId.eq(user))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|grant| PlatformRole::from_code(&grant.role))
        .collect())
}

/// The signed-in user of the current request, or `Unauthenticated`.
pub async fn require_principal(db: &sea_orm::DatabaseConnection) -> Result<Principal, AppError> {
    let token = current_token().ok_or(AppError::Unauthenticated)?;
    // Read before the first `.await`: the request context may be gone after it.
    let meta = RequestMeta::current();
    let mut principal = resolve(db, &token, SessionStage::Active)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    principal.meta = meta;
    Ok(principal)
}

/// The signed-in user of a plain HTTP request (its session cookie), or `Unauthenticated`:
/// for routes a browser reaches with a link (downloads, uploads), outside server functions.
pub async fn principal_from_headers(
    db: &sea_orm::DatabaseConnection,
    headers: &http::HeaderMap,
) -> Result<Principal, AppError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let token = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(token_from_cookie_header)
        .ok_or(AppError::Unauthenticated)?;
    let meta = RequestMeta {
        ip: header(super::tenancy::PEER_ADDRESS_HEADER),
        request_id: header("x-request-id"),
        user_agent: header("user-agent").map(|ua| ua.chars().take(300).collect()),
    };
    let mut principal = resolve(db, &token, SessionStage::Active)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    principal.meta = meta;
    Ok(principal)
}

/// A file a plain HTTP route sends (a download behind [`principal_from_headers`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (token_a, id_a) = new_token();
        let (token_b, _) = new_token();
        assert_ne!(token_a, token_b);
        assert_eq!(token_a.len(), 43);
        assert_eq!(id_a, token_id(&token_a));
        assert_eq!(id_a.len(), 64);
        assert!(!id_a.contains(&token_a));
    }

    #[test]
    fn cookie_attributes() {
        let cookie = session_cookie("abc", true);
        assert!(cookie.starts_with("openasp_session=abc;"));
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
                && cookie.contains("Secure")
        );
        assert!(!session_cookie("abc", false).contains("Secure"));
        assert!(clearing_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn token_is_read_from_cookie_header() {
        assert_eq!(
            token_from_cookie_header("lang=en; openasp_session=xyz"),
            Some("xyz".into())
        );
        assert_eq!(token_from_cookie_header("openasp_session="), None);
        assert_eq!(token_from_cookie_header("other=1"), None);
    }

    #[test]
    fn sessions_expire_when_idle_or_old() {
        let created = DateTime::from_timestamp(1_000_000, 0).unwrap();
        assert_eq!(expiry(created, created), created + Duration::minutes(30));
        let late = created + Duration::hours(12) - Duration::minutes(5);
        assert_eq!(expiry(created, late), created + Duration::hours(12));
    }
}
