//! Assembling the signed-in user's view: memberships, roles, systems (server only).
use sea_orm::DatabaseConnection;

use super::auth::memberships;
use super::roles::systems_of;
use super::session::Principal;
use super::tenancy::{Actor, PlatformTx};
use super::types::{MunicipalityRef, SignedInUser};
use openasp_core::error::AppError;

pub async fn current_user(
    db: &DatabaseConnection,
    principal: &Principal,
) -> Result<SignedInUser, AppError> {
    let tx = PlatformTx::begin(db, Actor::of(principal)).await?;
    let memberships: Vec<MunicipalityRef> = memberships(tx.conn(), principal.user_id)
        .await?
        .into_iter()
        .map(|(id, name)| MunicipalityRef { id, name })
        .collect();
    tx.commit().await?;
    let (municipality, roles) = match principal.municipality {
        Some(id) => {
            // Roles are read in the municipality's own scope (substitutions need its grants).
            let scoped = super::tenancy::TenantTx::begin_in(db, principal, id).await;
            match scoped {
                Ok(tx) => {
                    let roles = tx.roles().clone();
                    tx.commit().await?;
                    let name = openasp_gazetteer::repo::link_by_id(db, id)
                        .await?
                        .map(|m| m.name)
                        .unwrap_or_default();
                    (Some(MunicipalityRef { id, name }), roles)
                }
                Err(AppError::NoMunicipality) => (None, Default::default()),
                Err(other) => return Err(other),
            }
        }
        None => (None, Default::default()),
    };
    Ok(SignedInUser {
        id: principal.user_id,
        username: principal.username.clone(),
        display_name: principal.display_name.clone(),
        municipality,
        memberships,
        systems: systems_of(&roles),
        roles: roles.into_iter().collect(),
        platform_roles: principal.platform_roles.iter().copied().collect(),
        totp_enabled: principal.totp_enabled,
    })
}

/// A member of a municipality as other systems list them (clerk pickers, filters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub display_name: String,
    pub active: bool,
}

/// Display names of users (national accounts) by id, for the lists of every system; ids of
/// no account are absent. One query; none for no ids.
pub async fn display_names(
    tx: &super::tenancy::TenantTx,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::BTreeMap<i64, String>, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let ids: std::collections::BTreeSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(crate::db::app_user::Entity::find()
        .filter(crate::db::app_user::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Users holding a grant (not revoked) of any of `roles` in `municipality`. Generic over the
/// connection: the records generator uses it inside a system transaction.
pub async fn grantees<C: sea_orm::ConnectionTrait>(
    conn: &C,
    municipality: openasp_core::ids::MunicipalityId,
    roles: &[super::roles::Role],
) -> Result<std::collections::BTreeSet<i64>, AppError> {
    use crate::db::role_grant;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::MunicipalityId.eq(municipality))
        .filter(role_grant::Column::RevokedAt.is_null())
        .filter(role_grant::Column::Role.is_in(roles.iter().map(|r| r.code())))
        .all(conn)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect())
}

/// The members of the handle's municipality holding any of `roles` (a grant not revoked),
/// with their names, in the order a person reads them (accents folded).
pub async fn members_holding(
    tx: &super::tenancy::TenantTx,
    roles: &[super::roles::Role],
) -> Result<Vec<Member>, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let ids = grantees(tx.conn(), tx.municipality(), roles).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut members: Vec<Member> = crate::db::app_user::Entity::find()
        .filter(crate::db::app_user::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|u| Member {
            id: u.id,
            display_name: u.display_name,
            active: u.is_active,
        })
        .collect();
    members.sort_by_cached_key(|m| openasp_core::text::fold_for_search(&m.display_name));
    Ok(members)
}

/// Whether `user` may act in `role` in the handle's municipality now (own grant or an
/// active substitution).
pub async fn holds_role(
    tx: &super::tenancy::TenantTx,
    user: openasp_core::ids::UserId,
    role: super::roles::Role,
) -> Result<bool, AppError> {
    let roles = super::tenancy::load_effective_roles(
        tx.conn(),
        tx.municipality(),
        user,
        super::tenancy::now(),
    )
    .await?;
    Ok(roles.contains(&role))
}
