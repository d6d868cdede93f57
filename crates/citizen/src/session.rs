//! Citizen sessions: an opaque token in their own HttpOnly cookie (never the staff cookie),
//! stored as its SHA-256 hash in `citizen_session`.
use chrono::Duration;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::db::{citizen, citizen_session};
use openasp_core::error::AppError;
use openasp_framework::session::{new_token, token_id};
use openasp_framework::tenancy::{Actor, RequestMeta, now};

pub const CITIZEN_COOKIE: &str = "openasp_citizen";
pub const CITIZEN_IDLE_MINUTES: i64 = 30;
pub const CITIZEN_ABSOLUTE_HOURS: i64 = 8;

/// The citizen of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citizen {
    pub id: i64,
    pub session_id: String,
    pub family_name: String,
    pub given_name: String,
    pub meta: RequestMeta,
}

impl Citizen {
    /// Hungarian order: family name first.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.family_name, self.given_name)
    }

    /// How the audit log names a citizen (a person, not a member of staff).
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: None,
            name: format!("állampolgár #{}: {}", self.id, self.display_name()),
            meta: self.meta.clone(),
        }
    }
}

pub fn citizen_cookie(token: &str, secure: bool) -> String {
    format!(
        "{CITIZEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        CITIZEN_ABSOLUTE_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    )
}

pub fn clearing_citizen_cookie(secure: bool) -> String {
    format!(
        "{CITIZEN_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn citizen_token_from_cookie_header(header: &str) -> Option<String> {
    header
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == CITIZEN_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty() && value.len() <= 100)
}

pub fn current_citizen_token() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(citizen_token_from_cookie_header)
}

/// Opens a session for `citizen_id`; answers the token for the cookie.
pub async fn open_session<C: ConnectionTrait>(
    conn: &C,
    citizen_id: i64,
) -> Result<String, AppError> {
    let (token, id) = new_token();
    let at = now();
    citizen_session::Entity::insert(citizen_session::ActiveModel {
        id: Set(id),
        citizen_id: Set(citizen_id),
        created_at: Set(at),
        last_seen_at: Set(at),
        expires_at: Set(at + Duration::minutes(CITIZEN_IDLE_MINUTES)),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(token)
}

pub async fn close_session<C: ConnectionTrait>(conn: &C, token: &str) -> Result<(), AppError> {
    citizen_session::Entity::delete_by_id(token_id(token))
        .exec(conn)
        .await?;
    Ok(())
}

/// The citizen behind `token`, extending the idle timeout.
pub async fn resolve<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> Result<Option<Citizen>, AppError> {
    let id = token_id(token);
    let Some(session) = citizen_session::Entity::find_by_id(id.clone())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let at = now();
    if session.expires_at <= at {
        return Ok(None);
    }
    let Some(person) = citizen::Entity::find_by_id(session.citizen_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if (at - session.last_seen_at).num_seconds() >= 60 {
        let expires = (at + Duration::minutes(CITIZEN_IDLE_MINUTES))
            .min(session.created_at + Duration::hours(CITIZEN_ABSOLUTE_HOURS));
        citizen_session::Entity::update(citizen_session::ActiveModel {
            id: Set(session.id.clone()),
            last_seen_at: Set(at),
            expires_at: Set(expires),
            ..Default::default()
        })
        .exec(conn)
        .await?;
    }
    Ok(Some(Citizen {
        id: person.id,
        session_id: id,
        family_name: person.family_name,
        given_name: person.given_name,
        meta: RequestMeta::default(),
    }))
}

/// The signed-in citizen of the current request, or `Unauthenticated`.
pub async fn require_citizen(db: &sea_orm::DatabaseConnection) -> Result<Citizen, AppError> {
    let token = current_citizen_token().ok_or(AppError::Unauthenticated)?;
    let meta = RequestMeta::current();
    let mut citizen = resolve(db, &token)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    citizen.meta = meta;
    Ok(citizen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_citizen_cookie_is_not_the_staff_cookie() {
        assert_ne!(CITIZEN_COOKIE, openasp_framework::session::SESSION_COOKIE);
        assert_eq!(
            citizen_token_from_cookie_header("openasp_session=staff; openasp_citizen=abc"),
            Some("abc".to_owned())
        );
        assert_eq!(
            citizen_token_from_cookie_header("openasp_session=staff"),
            None
        );
        assert!(citizen_cookie("abc", true).contains("HttpOnly"));
    }
}
