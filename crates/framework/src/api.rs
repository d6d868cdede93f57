//! Server functions of the framework: thin (authenticate, open the tenant handle, call the
//! service, map the answer). The rules live in `roles`, `credentials`, `connection`; the
//! database work in `auth`, `members`, `onboarding`, `audit`.
use leptos::prelude::*;

use super::connection::ConnectionStatus;
use super::ids::{GrantId, SubstitutionId};
use super::roles::Role;
use super::types::*;
use openasp_core::error::AppError;
use openasp_core::ids::{MunicipalityId, UserId};

#[cfg(feature = "ssr")]
mod server {
    pub use crate::request::{member_tx, member_tx_with};
    pub use crate::session::{self, require_principal};
    pub use crate::tenancy::{RequestMeta, TenantTx};
    pub use openasp_ui::server_context::{database, secure_cookies, set_cookie};

    use openasp_core::error::{AppError, Problem};

    /// Parses an optional `YYYY-MM-DD` date field into the start of that day (UTC).
    pub fn parse_day(
        field: &str,
        value: &str,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, AppError> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| Some(d.and_utc()))
            .ok_or_else(|| AppError::invalid(field, Problem::Malformed))
    }

    pub fn require_day(
        field: &str,
        value: &str,
    ) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
        parse_day(field, value)?.ok_or_else(|| AppError::invalid(field, Problem::Required))
    }
}

// ---- Signing in and out -------------------------------------------------------------------

#[server(endpoint = "auth/login")]
pub async fn login(username: String, password: String) -> Result<LoginOutcome, AppError> {
    use server::*;
    let db = database()?;
    let meta = RequestMeta::current();
    let throttle = use_context::<std::sync::Arc<super::throttle::SignInThrottle>>()
        .ok_or_else(|| AppError::internal("no sign-in throttle in the server's context"))?;
    let (outcome, token) = super::auth::login(
        &db,
        &throttle,
        &username,
        &password,
        session::current_token(),
        meta,
    )
    .await?;
    set_cookie(&session::session_cookie(&token, secure_cookies()));
    leptos_axum::redirect(match outcome {
        LoginOutcome::SignedIn => "/ugyintezo",
        LoginOutcome::SecondFactorRequired => "/belepes/kod",
    });
    Ok(outcome)
}

#[server(endpoint = "auth/second-factor")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    use server::*;
    let db = database()?;
    let pending = session::current_token().ok_or(AppError::Unauthenticated)?;
    let token =
        super::auth::verify_second_factor(&db, &pending, &code, RequestMeta::current()).await?;
    set_cookie(&session::session_cookie(&token, secure_cookies()));
    leptos_axum::redirect("/ugyintezo");
    Ok(())
}

#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use server::*;
    let db = database()?;
    if let Some(token) = session::current_token() {
        super::auth::logout(&db, &token, RequestMeta::current()).await?;
    }
    set_cookie(&session::clearing_cookie(secure_cookies()));
    leptos_axum::redirect("/belepes");
    Ok(())
}

/// The signed-in user, or `None` (pages then offer the sign-in).
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    use server::*;
    let db = database()?;
    let principal = match require_principal(&db).await {
        Ok(principal) => principal,
        Err(AppError::Unauthenticated) => return Ok(None),
        Err(other) => return Err(other),
    };
    Ok(Some(super::directory::current_user(&db, &principal).await?))
}

#[server(endpoint = "auth/switch")]
pub async fn switch_municipality(municipality: MunicipalityId) -> Result<(), AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::auth::switch_municipality(&db, &principal, municipality).await?;
    leptos_axum::redirect("/ugyintezo");
    Ok(())
}

// ---- The user's own account ---------------------------------------------------------------

#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_confirmation: String,
) -> Result<(), AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::auth::change_password(
        &db,
        &principal,
        &current_password,
        &new_password,
        &new_password_confirmation,
    )
    .await
}

#[server(endpoint = "account/totp/begin")]
pub async fn begin_totp_setup() -> Result<TotpEnrolment, AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::auth::begin_totp(&db, &principal).await
}

#[server(endpoint = "account/totp/confirm")]
pub async fn confirm_totp_setup(code: String) -> Result<(), AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::auth::confirm_totp(&db, &principal, &code).await
}

#[server(endpoint = "account/totp/disable")]
pub async fn disable_totp(password: String) -> Result<(), AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::auth::disable_totp(&db, &principal, &password).await
}

// ---- A municipality's users (its administrators) -----------------------------------------

#[server(endpoint = "members/list")]
pub async fn list_members(
    q: String,
    role: Option<Role>,
    page: u64,
) -> Result<openasp_core::paging::Page<MemberSummary>, AppError> {
    use server::*;
    let tx = member_tx().await?;
    let page = super::members::list_members(&tx, &q, role, page).await?;
    tx.commit().await?;
    Ok(page)
}

#[server(endpoint = "members/get")]
pub async fn get_member(user: UserId) -> Result<MemberDetail, AppError> {
    use server::*;
    let tx = member_tx().await?;
    let detail = super::members::member_detail(&tx, user).await?;
    tx.commit().await?;
    Ok(detail)
}

#[server(endpoint = "members/create")]
pub async fn create_member(form: NewMember, role: Role) -> Result<UserId, AppError> {
    use server::*;
    let db = database()?;
    // Not `member_tx`: the requester is authenticated before the password is hashed (no
    // hashing for strangers), but the transaction opens after it (none waits on Argon2).
    let principal = require_principal(&db).await?;
    let member = super::members::prepare_member(&form).await?;
    let tx = TenantTx::begin(&db, &principal).await?;
    let user = super::members::create_member(&tx, member, role).await?;
    tx.commit().await?;
    Ok(user)
}

#[server(endpoint = "members/grant")]
pub async fn grant_role(user: UserId, role: Role, valid_until: String) -> Result<(), AppError> {
    use server::*;
    let until = parse_day("valid_until", &valid_until)?;
    let tx = member_tx().await?;
    super::members::grant_role(&tx, user, role, until).await?;
    tx.commit().await
}

#[server(endpoint = "members/revoke")]
pub async fn revoke_grant(grant: GrantId) -> Result<(), AppError> {
    use server::*;
    let tx = member_tx().await?;
    super::members::revoke_grant(&tx, grant).await?;
    tx.commit().await
}

#[server(endpoint = "members/substitution")]
pub async fn arrange_substitution(
    absent: UserId,
    substitute: UserId,
    role: Role,
    valid_from: String,
    valid_until: String,
) -> Result<SubstitutionId, AppError> {
    use server::*;
    let from = require_day("valid_from", &valid_from)?;
    let until = require_day("valid_until", &valid_until)?;
    let tx = member_tx().await?;
    let id =
        super::members::arrange_substitution(&tx, absent, substitute, role, from, until).await?;
    tx.commit().await?;
    Ok(id)
}

#[server(endpoint = "members/substitution/revoke")]
pub async fn revoke_substitution(substitution: SubstitutionId) -> Result<(), AppError> {
    use server::*;
    let tx = member_tx().await?;
    super::members::revoke_substitution(&tx, substitution).await?;
    tx.commit().await
}

// ---- Audit log ----------------------------------------------------------------------------

#[server(endpoint = "audit/list")]
pub async fn list_audit(
    actor: String,
    action: String,
    from: String,
    until: String,
    page: u64,
) -> Result<openasp_core::paging::Page<AuditEntryView>, AppError> {
    use server::*;
    let query = super::audit::AuditQuery {
        actor,
        action,
        from: parse_day("from", &from)?,
        until: parse_day("until", &until)?.map(|d| d + chrono::Duration::days(1)),
        page,
    };
    let tx = member_tx_with(Role::MunicipalityAdmin).await?;
    let (rows, total) = super::audit::list(tx.conn(), tx.municipality(), &query).await?;
    // The log names people and addresses: reading it is itself a read of personal data.
    tx.audit(super::audit::AuditEvent::new(
        "personal_data.read",
        "audit_log",
        None,
        format!("{} entries listed", rows.len()),
    ))
    .await?;
    tx.commit().await?;
    Ok(openasp_core::paging::Page {
        items: rows
            .into_iter()
            .map(|r| AuditEntryView {
                seq: r.seq,
                occurred_at: r.occurred_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                actor_name: r.actor_name,
                action: r.action,
                object_type: r.object_type,
                object_id: r.object_id,
                summary: r.summary,
                ip: r.ip,
            })
            .collect(),
        total,
        page: openasp_core::paging::PageNumber::new(query.page).get(),
        page_size: super::audit::AUDIT_PAGE_SIZE,
    })
}

#[server(endpoint = "audit/verify")]
pub async fn verify_audit() -> Result<ChainVerification, AppError> {
    use server::*;
    let tx = member_tx_with(Role::MunicipalityAdmin).await?;
    let result = super::audit::verify_municipality_chain(tx.conn(), tx.municipality()).await?;
    tx.commit().await?;
    Ok(match result {
        Ok(checked) => ChainVerification {
            entries_checked: checked,
            problem: None,
        },
        Err(problem) => ChainVerification {
            entries_checked: 0,
            problem: Some(format!("{problem:?}")),
        },
    })
}

// ---- The operator ------------------------------------------------------------------------

#[server(endpoint = "operator/municipalities")]
pub async fn list_onboarding(
    q: String,
    status: Option<ConnectionStatus>,
    page: u64,
) -> Result<openasp_core::paging::Page<OnboardingRow>, AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::onboarding::list(&db, &principal, &q, status, page).await
}

#[server(endpoint = "operator/municipality")]
pub async fn get_onboarding(municipality: MunicipalityId) -> Result<OnboardingRow, AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::onboarding::get(&db, &principal, municipality).await
}

#[server(endpoint = "operator/status")]
pub async fn set_connection_status(
    municipality: MunicipalityId,
    status: ConnectionStatus,
    date: String,
) -> Result<(), AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::onboarding::set_status(&db, &principal, municipality, status, &date).await
}

#[server(endpoint = "operator/first-admin")]
pub async fn create_first_admin(
    municipality: MunicipalityId,
    form: NewMember,
) -> Result<UserId, AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::onboarding::create_first_admin(&db, &principal, municipality, &form).await
}

#[server(endpoint = "operator/joint-office")]
pub async fn set_joint_office(municipality: MunicipalityId, seat: String) -> Result<(), AppError> {
    use server::*;
    let db = database()?;
    let principal = require_principal(&db).await?;
    super::onboarding::set_joint_office(&db, &principal, municipality, &seat).await
}
