//! A municipality administrator's work: its users, their roles and substitutions (server only).
//! Every function takes a [`TenantTx`] and touches only that municipality's rows.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::audit::AuditEvent;
use super::auth::hash_password;
use super::credentials::{DisplayName, NewPassword, Username, parse_email};
use super::ids::{GrantId, SubstitutionId};
use super::roles::{Granter, Role, may_arrange_substitution, may_grant, may_revoke};
use super::tenancy::{TenantTx, now};
use super::types::{GrantView, MemberDetail, MemberSummary, NewMember, SubstitutionView};
use crate::db::{app_user, role_grant, substitution};
use crate::problems::FrameworkProblem;
use openasp_core::email::Email;
use openasp_core::error::{AppError, FieldProblem, Problem};
use openasp_core::ids::UserId;
use openasp_core::paging::{Page, PageNumber};

pub const MEMBER_PAGE_SIZE: u64 = 20;

/// A new row id: random, positive, and exact in JavaScript numbers (53 bits).
pub fn new_row_id() -> i64 {
    rand::thread_rng().gen_range(1..(1i64 << 53))
}

/// Who grants: judged by the roles they hold themselves. A substitute stands in for a role but
/// cannot hand it on (or make themselves administrator for good).
fn granter(tx: &TenantTx) -> Granter {
    Granter {
        roles: tx.own_roles().clone(),
        platform_roles: tx.platform_roles().clone(),
    }
}

/// The users with any grant (current or past) in the municipality.
async fn member_ids(tx: &TenantTx) -> Result<BTreeSet<i64>, AppError> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::MunicipalityId.eq(tx.municipality()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect())
}

async fn require_member(tx: &TenantTx, user: UserId) -> Result<app_user::Model, AppError> {
    if !member_ids(tx).await?.contains(&user.0) {
        return Err(AppError::NotFound);
    }
    app_user::Entity::find_by_id(user.0)
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)
}

fn grant_view(g: &role_grant::Model, at: DateTime<Utc>) -> Option<GrantView> {
    let fact = super::tenancy::grant_fact(g)?;
    Some(GrantView {
        id: GrantId(g.id),
        role: fact.role,
        valid_from: g.valid_from.date_naive().to_string(),
        valid_until: g.valid_until.map(|t| t.date_naive().to_string()),
        active: fact.is_active_at(at.timestamp()),
        revoked: g.revoked_at.is_some(),
    })
}

/// One page of members, filtered by name and role. Reading it is audited (personal data).
pub async fn list_members(
    tx: &TenantTx,
    q: &str,
    role: Option<Role>,
    page: u64,
) -> Result<Page<MemberSummary>, AppError> {
    tx.require_role(Role::MunicipalityAdmin)?;
    let at = now();
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::MunicipalityId.eq(tx.municipality()))
        .filter(role_grant::Column::RevokedAt.is_null())
        .all(tx.conn())
        .await?;
    let mut roles_by_user: BTreeMap<i64, BTreeSet<Role>> = BTreeMap::new();
    for g in &grants {
        let entry = roles_by_user.entry(g.user_id).or_default();
        if let Some(fact) = super::tenancy::grant_fact(g)
            && fact.is_active_at(at.timestamp())
        {
            entry.insert(fact.role);
        }
    }
    let users = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(roles_by_user.keys().copied().collect::<Vec<_>>()))
        .order_by_asc(app_user::Column::DisplayName)
        .all(tx.conn())
        .await?;
    let mut users = users;
    users.sort_by_cached_key(|u| openasp_core::text::fold_for_search(&u.display_name));
    let needle = openasp_core::text::fold_for_search(q.trim());
    let matching: Vec<MemberSummary> = users
        .into_iter()
        .filter(|u| {
            needle.is_empty()
                || openasp_core::text::fold_for_search(&u.display_name).contains(&needle)
                || u.username.contains(&needle)
        })
        .filter_map(|u| {
            let roles = roles_by_user.get(&u.id).cloned().unwrap_or_default();
            if role.is_some_and(|r| !roles.contains(&r)) {
                return None;
            }
            Some(MemberSummary {
                id: UserId(u.id),
                username: u.username,
                display_name: u.display_name,
                roles: roles.into_iter().collect(),
                locked: u.locked_until.is_some_and(|until| until > at),
            })
        })
        .collect();
    let total = matching.len() as u64;
    let page = PageNumber::new(page);
    let items = matching
        .into_iter()
        .skip(page.offset(MEMBER_PAGE_SIZE) as usize)
        .take(MEMBER_PAGE_SIZE as usize)
        .collect::<Vec<_>>();
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "member_list",
        None,
        format!("{} members listed", items.len()),
    ))
    .await?;
    Ok(Page {
        items,
        total,
        page: page.get(),
        page_size: MEMBER_PAGE_SIZE,
    })
}

/// A member's account, grants and substitutions. Audited as a read of personal data.
pub async fn member_detail(tx: &TenantTx, user: UserId) -> Result<MemberDetail, AppError> {
    tx.require_role(Role::MunicipalityAdmin)?;
    let account = require_member(tx, user).await?;
    let at = now();
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::MunicipalityId.eq(tx.municipality()))
        .filter(role_grant::Column::UserId.eq(user))
        .order_by_desc(role_grant::Column::GrantedAt)
        .all(tx.conn())
        .await?;
    let subs = substitution::Entity::find()
        .filter(substitution::Column::MunicipalityId.eq(tx.municipality()))
        .filter(
            sea_orm::Condition::any()
                .add(substitution::Column::AbsentUserId.eq(user))
                .add(substitution::Column::SubstituteUserId.eq(user)),
        )
        .order_by_desc(substitution::Column::ValidFrom)
        .all(tx.conn())
        .await?;
    let people: BTreeSet<i64> = subs
        .iter()
        .flat_map(|s| [s.absent_user_id, s.substitute_user_id])
        .collect();
    let names: BTreeMap<i64, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(people.into_iter().collect::<Vec<_>>()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    tx.audit(AuditEvent::new(
        "personal_data.read",
        "user",
        Some(user.to_string()),
        "member details",
    ))
    .await?;
    Ok(MemberDetail {
        id: user,
        username: account.username,
        display_name: account.display_name,
        email: account.email,
        totp_enabled: account.totp_enabled,
        locked: account.locked_until.is_some_and(|until| until > at),
        grants: grants.iter().filter_map(|g| grant_view(g, at)).collect(),
        substitutions: subs
            .iter()
            .filter_map(|s| {
                Some(SubstitutionView {
                    id: SubstitutionId(s.id),
                    role: Role::from_code(&s.role)?,
                    absent_name: names.get(&s.absent_user_id).cloned().unwrap_or_default(),
                    substitute_name: names
                        .get(&s.substitute_user_id)
                        .cloned()
                        .unwrap_or_default(),
                    valid_from: s.valid_from.date_naive().to_string(),
                    valid_until: s.valid_until.date_naive().to_string(),
                    active: s.revoked_at.is_none() && s.valid_from <= at && at < s.valid_until,
                    revoked: s.revoked_at.is_some(),
                })
            })
            .collect(),
    })
}

/// Parses the new-member form, collecting every field's problem at once.
pub fn parse_new_member(
    form: &NewMember,
) -> Result<(Username, DisplayName, Option<Email>, NewPassword), AppError> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, p: Problem| {
        problems.push(FieldProblem {
            field: field.to_owned(),
            problem: p,
        })
    };
    let username = Username::parse(&form.username)
        .map_err(|e| problem("username", Problem::from(FrameworkProblem::Credential(e))))
        .ok();
    let display_name = DisplayName::parse(&form.display_name)
        .map_err(|e| {
            problem(
                "display_name",
                Problem::from(FrameworkProblem::Credential(e)),
            )
        })
        .ok();
    let email = if form.email.trim().is_empty() {
        Some(None)
    } else {
        parse_email(&form.email)
            .map(Some)
            .map_err(|e| problem("email", Problem::from(FrameworkProblem::Credential(e))))
            .ok()
    };
    let password = NewPassword::parse(
        &form.password,
        &form.password_confirmation,
        form.username.trim(),
    )
    .map_err(|e| problem("password", Problem::from(FrameworkProblem::Credential(e))))
    .ok();
    match (username, display_name, email, password) {
        (Some(u), Some(d), Some(e), Some(p)) if problems.is_empty() => Ok((u, d, e, p)),
        _ => Err(AppError::Invalid(problems)),
    }
}

/// Creates an account with its first role in this municipality.
/// A new account's form, checked and with its password hashed: done before the transaction
/// opens, so the deliberately slow hashing holds no connection or lock.
pub struct PreparedMember {
    username: Username,
    display_name: DisplayName,
    email: Option<Email>,
    password_hash: String,
}

pub async fn prepare_member(form: &NewMember) -> Result<PreparedMember, AppError> {
    let (username, display_name, email, password) = parse_new_member(form)?;
    let password_hash = hash_password(password.expose().to_owned()).await?;
    Ok(PreparedMember {
        username,
        display_name,
        email,
        password_hash,
    })
}

pub async fn create_member(
    tx: &TenantTx,
    member: PreparedMember,
    role: Role,
) -> Result<UserId, AppError> {
    tx.lock_municipality().await?;
    let active_admins = count_active(tx, Role::MunicipalityAdmin).await?;
    may_grant(&granter(tx), role, active_admins)
        .map_err(|e| AppError::invalid("role", Problem::from(FrameworkProblem::Grant(e))))?;
    let PreparedMember {
        username,
        display_name,
        email,
        password_hash: hash,
    } = member;
    let taken = app_user::Entity::find()
        .filter(app_user::Column::Username.eq(username.as_str()))
        .count(tx.conn())
        .await?;
    if taken > 0 {
        return Err(AppError::invalid(
            "username",
            Problem::from(FrameworkProblem::UsernameTaken),
        ));
    }
    let at = now();
    let user = app_user::Entity::insert(app_user::ActiveModel {
        username: Set(username.as_str().to_owned()),
        display_name: Set(display_name.as_str().to_owned()),
        email: Set(email.map(|e| e.as_str().to_owned())),
        password_hash: Set(hash),
        totp_secret: Set(None),
        totp_enabled: Set(false),
        totp_last_step: Set(None),
        failed_logins: Set(0),
        locked_until: Set(None),
        is_active: Set(true),
        created_at: Set(at),
        password_changed_at: Set(at),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let user_id = UserId(user.last_insert_id);
    tx.audit(AuditEvent::new(
        "user.create",
        "user",
        Some(user_id.to_string()),
        format!("{} ({})", display_name.as_str(), username.as_str()),
    ))
    .await?;
    insert_grant(tx, user_id, role, None).await?;
    Ok(user_id)
}

async fn count_active(tx: &TenantTx, role: Role) -> Result<usize, AppError> {
    let at = now();
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::MunicipalityId.eq(tx.municipality()))
        .filter(role_grant::Column::Role.eq(role.code()))
        .filter(role_grant::Column::RevokedAt.is_null())
        .all(tx.conn())
        .await?
        .iter()
        .filter_map(super::tenancy::grant_fact)
        .filter(|g| g.is_active_at(at.timestamp()))
        .count())
}

async fn insert_grant(
    tx: &TenantTx,
    user: UserId,
    role: Role,
    valid_until: Option<DateTime<Utc>>,
) -> Result<GrantId, AppError> {
    let id = GrantId(new_row_id());
    role_grant::Entity::insert(role_grant::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id.0),
        user_id: Set(user.0),
        role: Set(role.code().to_owned()),
        valid_from: Set(now()),
        valid_until: Set(valid_until),
        granted_by: Set(tx.actor().user_id.map(|u| u.0)),
        granted_at: Set(now()),
        revoked_at: Set(None),
        revoked_by: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "role.grant",
        "user",
        Some(user.to_string()),
        format!(
            "{}{}",
            role.code(),
            valid_until
                .map(|t| format!(" until {}", t.date_naive()))
                .unwrap_or_default()
        ),
    ))
    .await?;
    Ok(id)
}

/// Grants `role` to a member of this municipality (an account with a grant here, current or
/// past). Granting a role the member already holds changes nothing.
pub async fn grant_role(
    tx: &TenantTx,
    user: UserId,
    role: Role,
    valid_until: Option<DateTime<Utc>>,
) -> Result<Option<GrantId>, AppError> {
    tx.lock_municipality().await?;
    let active_admins = count_active(tx, Role::MunicipalityAdmin).await?;
    may_grant(&granter(tx), role, active_admins)
        .map_err(|e| AppError::invalid("role", Problem::from(FrameworkProblem::Grant(e))))?;
    if valid_until.is_some_and(|until| until <= now()) {
        return Err(AppError::invalid(
            "valid_until",
            Problem::from(FrameworkProblem::Grant(
                super::roles::GrantDenied::EmptyPeriod,
            )),
        ));
    }
    // Only this municipality's own members: otherwise any administrator could enrol any
    // account of the country (ids are sequential) and then read its personal data.
    if !member_ids(tx).await?.contains(&user.0) {
        return Err(AppError::invalid(
            "user",
            Problem::from(FrameworkProblem::NotAMember),
        ));
    }
    app_user::Entity::find_by_id(user.0)
        .one(tx.conn())
        .await?
        .filter(|u| u.is_active)
        .ok_or_else(|| AppError::invalid("user", Problem::from(FrameworkProblem::UnknownUser)))?;
    let at = now().timestamp();
    let already = role_grant::Entity::find()
        .filter(role_grant::Column::MunicipalityId.eq(tx.municipality()))
        .filter(role_grant::Column::UserId.eq(user))
        .filter(role_grant::Column::Role.eq(role.code()))
        .filter(role_grant::Column::RevokedAt.is_null())
        .all(tx.conn())
        .await?
        .iter()
        .filter_map(super::tenancy::grant_fact)
        .any(|g| g.is_active_at(at) && g.valid_until.is_none());
    if already {
        return Ok(None);
    }
    insert_grant(tx, user, role, valid_until).await.map(Some)
}

/// Revokes a grant of this municipality. The last administrator cannot be removed.
pub async fn revoke_grant(tx: &TenantTx, grant: GrantId) -> Result<(), AppError> {
    let row = role_grant::Entity::find_by_id((tx.municipality().0, grant.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let role = Role::from_code(&row.role).ok_or(AppError::NotFound)?;
    may_revoke(&granter(tx), role)
        .map_err(|e| AppError::invalid("role", Problem::from(FrameworkProblem::Grant(e))))?;
    if row.revoked_at.is_some() {
        return Ok(());
    }
    tx.lock_municipality().await?;
    if role == Role::MunicipalityAdmin && count_active(tx, Role::MunicipalityAdmin).await? <= 1 {
        return Err(AppError::invalid(
            "role",
            Problem::from(FrameworkProblem::Grant(
                super::roles::GrantDenied::LastAdministrator,
            )),
        ));
    }
    role_grant::Entity::update(role_grant::ActiveModel {
        municipality_id: Set(row.municipality_id),
        id: Set(row.id),
        revoked_at: Set(Some(now())),
        revoked_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "role.revoke",
        "user",
        Some(row.user_id.to_string()),
        role.code(),
    ))
    .await
}

/// Arranges for `substitute` to stand in for `absent`'s `role` during a period.
pub async fn arrange_substitution(
    tx: &TenantTx,
    absent: UserId,
    substitute: UserId,
    role: Role,
    valid_from: DateTime<Utc>,
    valid_until: DateTime<Utc>,
) -> Result<SubstitutionId, AppError> {
    may_arrange_substitution(
        &granter(tx),
        absent,
        substitute,
        role,
        valid_from.timestamp(),
        valid_until.timestamp(),
    )
    .map_err(|e| AppError::invalid("substitution", Problem::from(FrameworkProblem::Grant(e))))?;
    let members = member_ids(tx).await?;
    if !members.contains(&absent.0) {
        return Err(AppError::invalid(
            "absent",
            Problem::from(FrameworkProblem::NotAMember),
        ));
    }
    if !members.contains(&substitute.0) {
        return Err(AppError::invalid(
            "substitute",
            Problem::from(FrameworkProblem::NotAMember),
        ));
    }
    let id = SubstitutionId(new_row_id());
    substitution::Entity::insert(substitution::ActiveModel {
        municipality_id: Set(tx.municipality().into()),
        id: Set(id.0),
        absent_user_id: Set(absent.0),
        substitute_user_id: Set(substitute.0),
        role: Set(role.code().to_owned()),
        valid_from: Set(valid_from),
        valid_until: Set(valid_until),
        created_by: Set(tx.actor().user_id.map(|u| u.0).unwrap_or_default()),
        created_at: Set(now()),
        revoked_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "substitution.create",
        "user",
        Some(substitute.to_string()),
        format!(
            "stands in for {absent} as {} {}–{}",
            role.code(),
            valid_from.date_naive(),
            valid_until.date_naive()
        ),
    ))
    .await?;
    Ok(id)
}

pub async fn revoke_substitution(tx: &TenantTx, id: SubstitutionId) -> Result<(), AppError> {
    let row = substitution::Entity::find_by_id((tx.municipality().0, id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let role = Role::from_code(&row.role).ok_or(AppError::NotFound)?;
    may_revoke(&granter(tx), role)
        .map_err(|e| AppError::invalid("role", Problem::from(FrameworkProblem::Grant(e))))?;
    if row.revoked_at.is_some() {
        return Ok(());
    }
    substitution::Entity::update(substitution::ActiveModel {
        municipality_id: Set(row.municipality_id),
        id: Set(row.id),
        revoked_at: Set(Some(now())),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    tx.audit(AuditEvent::new(
        "substitution.revoke",
        "user",
        Some(row.substitute_user_id.to_string()),
        role.code(),
    ))
    .await
}
