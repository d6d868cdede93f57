//! Signing in and out, the second factor, and a user's own account settings (server only).
use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use chrono::Duration;
use rand::RngCore;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

use super::audit::AuditEvent;
use super::credentials::{NewPassword, Username};
use super::lockout::lock_duration_seconds;
use super::session::{self, Principal, SessionStage, expiry, new_token};
use super::tenancy::{Actor, PlatformTx, RequestMeta, TenantTx, now};
use super::throttle::{Refusal, SignInThrottle};
use super::totp;
use super::types::{LoginOutcome, TotpEnrolment};
use crate::db::{app_user, role_grant, substitution, user_session};
use crate::problems::FrameworkProblem;
use openasp_core::error::{AppError, Problem};
use openasp_core::ids::{MunicipalityId, UserId};

/// Hashes a password with Argon2id on a blocking thread (it is deliberately slow).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)
}

/// Checks a password against a stored hash on a blocking thread.
pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)
}

/// A hash to verify against when the username is unknown, so that the answer takes as long
/// as for a known user and does not reveal which usernames exist.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"not a real password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Seconds on a monotonic clock, for the sign-in throttle.
fn throttle_clock() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64()
}

fn throttled(refusal: Refusal) -> AppError {
    AppError::AccountLocked {
        minutes: std::cmp::max((refusal.seconds() as i64 + 59).div_euclid(60), 1),
    }
}

/// Checks username and password; on success opens a session and returns its token.
///
/// The attempt is counted by `throttle` (per address, and per account at that address)
/// before anything else: a refused attempt costs no password hash and no audit entry.
pub async fn login(
    db: &DatabaseConnection,
    throttle: &SignInThrottle,
    username: &str,
    password: &str,
    previous_token: Option<String>,
    meta: RequestMeta,
) -> Result<(LoginOutcome, String), AppError> {
    let typed = username.trim().chars().take(64).collect::<String>();
    let address = meta.ip.clone().unwrap_or_default();
    let attempt = throttle
        .begin(&typed.to_lowercase(), &address, throttle_clock())
        .map_err(throttled)?;
    let user = match Username::parse(&typed) {
        Ok(name) => {
            app_user::Entity::find()
                .filter(app_user::Column::Username.eq(name.as_str()))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    let Some(user) = user.filter(|u| u.is_active) else {
        let _ = verify_password(password.to_owned(), dummy_hash().to_owned()).await;
        throttle.failed(attempt, throttle_clock());
        let tx = PlatformTx::begin(db, Actor::anonymous(&typed, meta)).await?;
        tx.audit(AuditEvent::new(
            "login.failed",
            "user",
            None,
            "unknown or inactive username",
        ))
        .await?;
        tx.commit().await?;
        return Err(AppError::SignInFailed);
    };
    let actor = Actor {
        user_id: Some(UserId(user.id)),
        name: format!("{} ({})", user.display_name, user.username),
        meta: meta.clone(),
    };

    // Locked by wrong one-time codes (only someone who knew the password could cause it).
    if let Some(until) = user.locked_until
        && until > now()
    {
        throttle.succeeded(attempt);
        let tx = PlatformTx::begin(db, actor).await?;
        tx.audit(AuditEvent::new(
            "login.locked",
            "user",
            Some(user.id.to_string()),
            "attempt while locked",
        ))
        .await?;
        tx.commit().await?;
        return Err(AppError::AccountLocked {
            minutes: minutes_until(until),
        });
    }

    if !verify_password(password.to_owned(), user.password_hash.clone()).await? {
        let failure = throttle.failed(attempt, throttle_clock());
        let summary = match failure.locked_for {
            Some(seconds) => format!(
                "failure {}; locked until {} for address {address}",
                failure.failures,
                (now() + Duration::seconds(seconds)).to_rfc3339()
            ),
            None => format!("failure {}", failure.failures),
        };
        let tx = PlatformTx::begin(db, actor).await?;
        tx.audit(AuditEvent::new(
            "login.failed",
            "user",
            Some(user.id.to_string()),
            summary,
        ))
        .await?;
        tx.commit().await?;
        return Err(match failure.locked_for {
            Some(seconds) => AppError::AccountLocked {
                minutes: std::cmp::max((seconds + 59).div_euclid(60), 1),
            },
            None => AppError::SignInFailed,
        });
    }
    throttle.succeeded(attempt);

    let tx = PlatformTx::begin(db, actor).await?;
    // With a second factor due, failures are forgiven only once the code is right: otherwise
    // signing in again would reset the count and let codes be guessed without end.
    if !user.totp_enabled {
        app_user::Entity::update(app_user::ActiveModel {
            id: Set(user.id),
            failed_logins: Set(0),
            locked_until: Set(None),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
    }
    let stage = if user.totp_enabled {
        SessionStage::SecondFactor
    } else {
        SessionStage::Active
    };
    let municipality = default_municipality(tx.conn(), UserId(user.id)).await?;
    let token = open_session(
        tx.conn(),
        UserId(user.id),
        municipality,
        stage,
        previous_token,
        &meta,
    )
    .await?;
    let (action, outcome) = match stage {
        SessionStage::Active => ("login.success", LoginOutcome::SignedIn),
        SessionStage::SecondFactor => ("login.password_ok", LoginOutcome::SecondFactorRequired),
    };
    tx.audit(AuditEvent::new(
        action,
        "user",
        Some(user.id.to_string()),
        "",
    ))
    .await?;
    tx.commit().await?;
    Ok((outcome, token))
}

fn minutes_until(until: chrono::DateTime<chrono::Utc>) -> i64 {
    std::cmp::max(((until - now()).num_seconds() + 59).div_euclid(60), 1)
}

/// Counts a failed attempt (password or one-time code) and locks the account when due.
async fn record_failure(
    db: &DatabaseConnection,
    actor: Actor,
    user: &app_user::Model,
) -> Result<AppError, AppError> {
    let tx = PlatformTx::begin(db, actor).await?;
    // An atomic increment (which also locks the row) so that parallel failures all count.
    app_user::Entity::update_many()
        .col_expr(
            app_user::Column::FailedLogins,
            sea_orm::sea_query::Expr::col(app_user::Column::FailedLogins).add(1),
        )
        .filter(app_user::Column::Id.eq(user.id))
        .exec(tx.conn())
        .await?;
    let current = app_user::Entity::find_by_id(user.id)
        .one(tx.conn())
        .await?
        .ok_or(AppError::SignInFailed)?;
    let failures = current.failed_logins;
    let locked_until = lock_duration_seconds(failures).map(|secs| now() + Duration::seconds(secs));
    app_user::Entity::update(app_user::ActiveModel {
        id: Set(user.id),
        locked_until: Set(locked_until),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let summary = match locked_until {
        Some(until) => format!("failure {failures}; locked until {}", until.to_rfc3339()),
        None => format!("failure {failures}"),
    };
    tx.audit(AuditEvent::new(
        "login.failed",
        "user",
        Some(user.id.to_string()),
        summary,
    ))
    .await?;
    tx.commit().await?;
    Ok(match locked_until {
        Some(until) => AppError::AccountLocked {
            minutes: minutes_until(until),
        },
        None => AppError::SignInFailed,
    })
}

/// Creates a session (deleting the browser's previous one: a new id at every sign-in).
async fn open_session<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
    municipality: Option<MunicipalityId>,
    stage: SessionStage,
    previous_token: Option<String>,
    meta: &RequestMeta,
) -> Result<String, AppError> {
    if let Some(previous) = previous_token {
        user_session::Entity::delete_by_id(session::token_id(&previous))
            .exec(conn)
            .await?;
    }
    let (token, id) = new_token();
    let at = now();
    let meta = meta.clone();
    user_session::Entity::insert(user_session::ActiveModel {
        id: Set(id),
        user_id: Set(user.0),
        municipality_id: Set(municipality.map(|m| m.0)),
        stage: Set(stage.code().to_owned()),
        created_at: Set(at),
        last_seen_at: Set(at),
        expires_at: Set(expiry(at, at)),
        ip: Set(meta.ip),
        user_agent: Set(meta.user_agent),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(token)
}

/// The municipalities where `user` holds an active grant or substitution now, by name.
pub async fn memberships<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
) -> Result<Vec<(MunicipalityId, String)>, AppError> {
    let at = now();
    let mut ids: Vec<i32> = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user))
        .filter(role_grant::Column::RevokedAt.is_null())
        .filter(role_grant::Column::ValidFrom.lte(at))
        .all(conn)
        .await?
        .into_iter()
        .filter(|g| g.valid_until.is_none_or(|until| at < until))
        .map(|g| g.municipality_id)
        .collect();
    ids.extend(
        substitution::Entity::find()
            .filter(substitution::Column::SubstituteUserId.eq(user))
            .filter(substitution::Column::RevokedAt.is_null())
            .filter(substitution::Column::ValidFrom.lte(at))
            .filter(substitution::Column::ValidUntil.gt(at))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| s.municipality_id),
    );
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(openasp_gazetteer::repo::names_by_ids(conn, ids.into_iter().map(MunicipalityId)).await?)
}

async fn default_municipality<C: ConnectionTrait>(
    conn: &C,
    user: UserId,
) -> Result<Option<MunicipalityId>, AppError> {
    Ok(memberships(conn, user).await?.first().map(|(id, _)| *id))
}

/// Completes a sign-in with the one-time code; returns the token of the now active session.
pub async fn verify_second_factor(
    db: &DatabaseConnection,
    pending_token: &str,
    code: &str,
    meta: RequestMeta,
) -> Result<String, AppError> {
    let Some(mut pending) = session::resolve(db, pending_token, SessionStage::SecondFactor).await?
    else {
        return Err(AppError::Unauthenticated);
    };
    pending.meta = meta.clone();
    let user = app_user::Entity::find_by_id(pending.user_id.0)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let actor = Actor::of(&pending);
    if let Some(until) = user.locked_until
        && until > now()
    {
        return Err(AppError::AccountLocked {
            minutes: minutes_until(until),
        });
    }
    let secret = user
        .totp_secret
        .as_deref()
        .and_then(totp::base32_decode)
        .ok_or(AppError::Unauthenticated)?;
    let step = totp::verify(&secret, code, now().timestamp())
        .filter(|step| user.totp_last_step.is_none_or(|last| *step > last));
    let Some(step) = step else {
        return Err(match record_failure(db, actor, &user).await? {
            AppError::SignInFailed => AppError::SecondFactorFailed,
            other => other,
        });
    };
    let tx = PlatformTx::begin(db, actor).await?;
    // Only one sign-in may spend a code: the step moves forward in one conditional update.
    let spent = app_user::Entity::update_many()
        .col_expr(
            app_user::Column::TotpLastStep,
            sea_orm::sea_query::Expr::value(step),
        )
        .col_expr(
            app_user::Column::FailedLogins,
            sea_orm::sea_query::Expr::value(0),
        )
        .col_expr(
            app_user::Column::LockedUntil,
            sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(app_user::Column::Id.eq(user.id))
        .filter(
            sea_orm::Condition::any()
                .add(app_user::Column::TotpLastStep.is_null())
                .add(app_user::Column::TotpLastStep.lt(step)),
        )
        .exec(tx.conn())
        .await?;
    if spent.rows_affected != 1 {
        return Err(AppError::SecondFactorFailed);
    }
    let token = open_session(
        tx.conn(),
        pending.user_id,
        pending.municipality,
        SessionStage::Active,
        Some(pending_token.to_owned()),
        &meta,
    )
    .await?;
    tx.audit(AuditEvent::new(
        "login.success",
        "user",
        Some(user.id.to_string()),
        "with one-time code",
    ))
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Ends the session behind `token`.
pub async fn logout(
    db: &DatabaseConnection,
    token: &str,
    meta: RequestMeta,
) -> Result<(), AppError> {
    let principal = session::resolve(db, token, SessionStage::Active)
        .await?
        .map(|mut p| {
            p.meta = meta.clone();
            p
        });
    let actor = principal
        .as_ref()
        .map(Actor::of)
        .unwrap_or_else(|| Actor::anonymous("-", meta));
    let tx = PlatformTx::begin(db, actor).await?;
    let deleted = user_session::Entity::delete_by_id(session::token_id(token))
        .exec(tx.conn())
        .await?;
    if let Some(principal) = principal
        && deleted.rows_affected > 0
    {
        tx.audit(AuditEvent::new(
            "logout",
            "user",
            Some(principal.user_id.to_string()),
            "",
        ))
        .await?;
    }
    tx.commit().await
}

/// Moves the session to another municipality the user is a member of.
pub async fn switch_municipality(
    db: &DatabaseConnection,
    principal: &Principal,
    target: MunicipalityId,
) -> Result<(), AppError> {
    let tx = TenantTx::begin_in(db, principal, target).await?;
    user_session::Entity::update(user_session::ActiveModel {
        id: Set(principal.session_id.clone()),
        municipality_id: Set(Some(target.0)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let from = principal
        .municipality
        .map(|m| m.to_string())
        .unwrap_or_else(|| "-".into());
    tx.audit(AuditEvent::new(
        "session.switch_municipality",
        "municipality",
        Some(target.to_string()),
        format!("from {from}"),
    ))
    .await?;
    tx.commit().await
}

/// Changes the user's own password and signs out their other sessions.
pub async fn change_password(
    db: &DatabaseConnection,
    principal: &Principal,
    current: &str,
    new: &str,
    confirmation: &str,
) -> Result<(), AppError> {
    let user = app_user::Entity::find_by_id(principal.user_id.0)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    // Guessing here counts as at sign-in: a stolen session must not become a way to
    // find the password.
    if let Some(until) = user.locked_until
        && until > now()
    {
        return Err(AppError::AccountLocked {
            minutes: minutes_until(until),
        });
    }
    if !verify_password(current.to_owned(), user.password_hash.clone()).await? {
        return Err(
            match record_failure(db, Actor::of(principal), &user).await? {
                locked @ AppError::AccountLocked { .. } => locked,
                _ => AppError::invalid(
                    "current_password",
                    Problem::from(FrameworkProblem::WrongPassword),
                ),
            },
        );
    }
    let new = NewPassword::parse(new, confirmation, &user.username).map_err(|e| {
        AppError::invalid(
            "new_password",
            Problem::from(FrameworkProblem::Credential(e)),
        )
    })?;
    let hash = hash_password(new.expose().to_owned()).await?;
    let tx = PlatformTx::begin(db, Actor::of(principal)).await?;
    app_user::Entity::update(app_user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(hash),
        password_changed_at: Set(now()),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    user_session::Entity::delete_many()
        .filter(user_session::Column::UserId.eq(user.id))
        .filter(user_session::Column::Id.ne(principal.session_id.clone()))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "account.password_changed",
        "user",
        Some(user.id.to_string()),
        "",
    ))
    .await?;
    tx.commit().await
}

/// Starts enrolling a second factor: a new secret, stored but not yet in force.
pub async fn begin_totp(
    db: &DatabaseConnection,
    principal: &Principal,
) -> Result<TotpEnrolment, AppError> {
    let mut secret = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let tx = PlatformTx::begin(db, Actor::of(principal)).await?;
    let user = app_user::Entity::find_by_id(principal.user_id.0)
        .one(tx.conn())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if user.totp_enabled {
        return Err(AppError::Forbidden);
    }
    app_user::Entity::update(app_user::ActiveModel {
        id: Set(user.id),
        totp_secret: Set(Some(totp::base32_encode(&secret))),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(TotpEnrolment {
        secret_base32: totp::base32_encode(&secret),
        uri: totp::provisioning_uri(&secret, &principal.username, "openasp"),
    })
}

/// Puts the second factor in force once the user proves their app shows the right codes.
pub async fn confirm_totp(
    db: &DatabaseConnection,
    principal: &Principal,
    code: &str,
) -> Result<(), AppError> {
    let tx = PlatformTx::begin(db, Actor::of(principal)).await?;
    let user = app_user::Entity::find_by_id(principal.user_id.0)
        .one(tx.conn())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let secret = user
        .totp_secret
        .as_deref()
        .and_then(totp::base32_decode)
        .ok_or(AppError::Forbidden)?;
    let Some(step) = totp::verify(&secret, code, now().timestamp()) else {
        return Err(AppError::invalid(
            "code",
            Problem::from(FrameworkProblem::WrongCode),
        ));
    };
    app_user::Entity::update(app_user::ActiveModel {
        id: Set(user.id),
        totp_enabled: Set(true),
        totp_last_step: Set(Some(step)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "account.totp_enabled",
        "user",
        Some(user.id.to_string()),
        "",
    ))
    .await?;
    tx.commit().await
}

/// Turns the second factor off (the password is asked again).
pub async fn disable_totp(
    db: &DatabaseConnection,
    principal: &Principal,
    password: &str,
) -> Result<(), AppError> {
    let user = app_user::Entity::find_by_id(principal.user_id.0)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    // Guessing here counts as at sign-in: a stolen session must not become a way to
    // find the password.
    if let Some(until) = user.locked_until
        && until > now()
    {
        return Err(AppError::AccountLocked {
            minutes: minutes_until(until),
        });
    }
    if !verify_password(password.to_owned(), user.password_hash.clone()).await? {
        return Err(
            match record_failure(db, Actor::of(principal), &user).await? {
                locked @ AppError::AccountLocked { .. } => locked,
                _ => AppError::invalid("password", Problem::from(FrameworkProblem::WrongPassword)),
            },
        );
    }
    let tx = PlatformTx::begin(db, Actor::of(principal)).await?;
    app_user::Entity::update(app_user::ActiveModel {
        id: Set(user.id),
        totp_enabled: Set(false),
        totp_secret: Set(None),
        totp_last_step: Set(None),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "account.totp_disabled",
        "user",
        Some(user.id.to_string()),
        "",
    ))
    .await?;
    tx.commit().await
}
